"""Body maps a spec draws (`map:` on a pain route, `symptoms_map:`): checked before anything is
drawn, with the line of each mistake, and turned into requests for builder.figures.bodymap."""

from __future__ import annotations

from builder.errors import SpecError, raise_all
from builder.figures.bodymap import MapRequest, region_problem, side_problem
from builder.spec.loader import LoadedSpec, LoadedTalk
from builder.spec.model import BodyMap, ConditionSpec
from builder.spec.yamlsource import FieldPath


def map_fields(spec: ConditionSpec) -> list[tuple[BodyMap, FieldPath, list[str]]]:
    """Every map a spec gives, where it is written, and the text steps its numbers must match."""
    found: list[tuple[BodyMap, FieldPath, list[str]]] = []
    if spec.symptoms_map is not None:
        found.append((spec.symptoms_map, ("symptoms_map",), []))
    for index, route in enumerate(spec.pain_routes):
        if route.map is not None:
            found.append((route.map, ("pain_routes", index, "map"), route.route))
    return found


def check_maps(loaded: LoadedSpec | LoadedTalk) -> None:
    """Every region exists in its map's view, the side suits the view, and a route has one
    step per step of the text it draws — all mistakes of a file reported together."""
    specs = loaded.distinct_conditions() if isinstance(loaded, LoadedTalk) else [loaded]
    errors: list[SpecError] = []
    for item in specs:
        source = item.source
        for body_map, where, text_steps in map_fields(item.spec):
            problem = side_problem(body_map.view, body_map.side)
            if problem:
                errors.append(SpecError(problem, source.locate((*where, "side"), value=True)))
            names: list[tuple[str, FieldPath]] = []
            for s, step in enumerate(body_map.route):
                if len(step) == 1:
                    names.append((step[0], (*where, "route", s)))
                else:
                    names += [(name, (*where, "route", s, k)) for k, name in enumerate(step)]
            names += [(name, (*where, "regions", k)) for k, name in enumerate(body_map.regions)]
            for name, at in names:
                problem = region_problem(name, body_map.view)
                if problem:
                    errors.append(SpecError(problem, source.locate(at, value=True)))
            if text_steps and body_map.route and len(body_map.route) != len(text_steps):
                errors.append(
                    SpecError(
                        f"the map's route has {len(body_map.route)} steps but the route above has "
                        f"{len(text_steps)}; give one region (or a list of regions) per step",
                        source.locate((*where, "route"), value=True),
                    )
                )
            if not body_map.route and not body_map.regions:
                errors.append(
                    SpecError(
                        "a map needs a route or regions (where it hurts)", source.locate(where, value=True)
                    )
                )
    raise_all(errors)


def request_of(body_map: BodyMap) -> MapRequest:
    """What the figure model needs to draw a spec's map."""
    return MapRequest(
        body_map.view,
        body_map.side,
        tuple(tuple(step) for step in body_map.route),
        tuple(body_map.regions),
    )
