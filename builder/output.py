"""Write output files atomically: a failed build never leaves a half-written file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from builder.errors import BuildError, Location


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, then rename over the target."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise BuildError(f"cannot write to the output folder ({exc.strerror})", Location(folder)) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise BuildError(f"cannot write the file ({exc.strerror})", Location(path)) from None
