"""The condition spec: what a clinic writes, validated, with its YAML positions kept."""

from builder.spec.loader import LoadedSpec, load_clinic, load_spec
from builder.spec.model import ClinicProfile, ConditionSpec

__all__ = ["ClinicProfile", "ConditionSpec", "LoadedSpec", "load_clinic", "load_spec"]
