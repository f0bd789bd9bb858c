"""A cache of validated catalogues, keyed by the exact bytes of their files.

Validating a catalogue imports pandera, pint and pycountry and runs every check; a catalogue
whose files have not changed by a single byte need not be validated again. The key is a
SHA-256 over the library's version, its unit definitions, the versions of pandas, pandera,
pint and pycountry (whose country list the checks use) and the name and bytes of every
catalogue file, so any edit (or another library version) misses the cache.
Only catalogues that passed validation are stored; a cache file that cannot be read is
ignored and rewritten.

The cache lives in ``$INTEGRATION_INDICATORS_CACHE_DIR``, else ``$XDG_CACHE_HOME`` or
``~/.cache``, under ``integration-indicators/``. Set the variable to an empty string to turn
the cache off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable
from importlib import metadata, resources
from pathlib import Path

import pandas as pd

from .catalogue import Catalogue

#: Bump when the pickled layout of a Catalogue changes.
CACHE_FORMAT = "1"

_ENV = "INTEGRATION_INDICATORS_CACHE_DIR"


def cache_dir() -> Path | None:
    """Directory of the cache, or None where it is turned off."""
    chosen = os.environ.get(_ENV)
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "integration-indicators"


def _version(distribution: str) -> str:
    """Installed version of a package, read from its metadata (no import)."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "absent"


def catalogue_key(files: Iterable[Path]) -> str:
    """SHA-256 of the library's version and definitions and of each file's name and bytes."""
    from . import __version__

    digest = hashlib.sha256()
    definitions = resources.files(__package__).joinpath("unit_definitions.txt").read_bytes()
    tools = [_version(name) for name in ("pandera", "pint", "pycountry")]
    parts: list[str | bytes] = [CACHE_FORMAT, __version__, pd.__version__, *tools, definitions]
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\0")
    for file in files:
        digest.update(file.name.encode())
        digest.update(b"\0")
        digest.update(file.read_bytes() if file.is_file() else b"<missing>")
        digest.update(b"\0")
    return digest.hexdigest()


def read(key: str) -> Catalogue | None:
    """The cached catalogue of *key*, or None (no cache, a miss, or an unreadable entry)."""
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / f"{key}.pickle"
    try:
        with path.open("rb") as stream:
            stored = pickle.load(stream)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        return None
    return stored if isinstance(stored, Catalogue) else None


def write(key: str, catalogue: Catalogue) -> None:
    """Store a validated catalogue under *key* (atomically; silently skipped if not writable)."""
    folder = cache_dir()
    if folder is None:
        return
    from .export import write_bytes_atomic

    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(folder / f"{key}.pickle", pickle.dumps(catalogue, protocol=5))
    except OSError:
        return
