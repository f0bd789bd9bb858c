"""What a validation will need in memory, checked against what the machine has, before
anything large is allocated.

A catalogue or panel too large for the machine ends in the library's ``ValidationError``
(rule ``memory-limit``) with the estimate and what is available, instead of numpy's raw
``MemoryError`` or the kernel's OOM kill. The estimates are upper bounds measured on the
bundled benchmarks (``benchmarks/``): a validating load peaks at about five times the bytes of
its files above the interpreter; a panel check at about 120 bytes a row above its frame.
"""

from __future__ import annotations

import os
from pathlib import Path

from integration_indicators.errors import Problem, ValidationError

#: Peak memory of a validating load per byte of its files (text frame, codes, typed table).
LOAD_BYTES_PER_FILE_BYTE = 6

#: Peak memory of ``check_panel`` per row above the frame (codes, sort keys, factors).
PANEL_BYTES_PER_ROW = 120


def available_bytes() -> int | None:
    """Memory the machine can still give (Linux ``MemAvailable``), or None where unknown."""
    try:
        with Path("/proc/meminfo").open(encoding="ascii") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def _gib(n: float) -> str:
    return f"{n / 2**30:.1f} GiB"


def check_memory(needed: int, what: str, location: str) -> None:
    """Raise ``ValidationError`` (``memory-limit``) where *needed* bytes exceed what the
    machine has available; nothing happens where that is unknown."""
    have = available_bytes()
    if have is None or needed <= have:
        return
    message = (
        f"{what} needs about {_gib(needed)} of memory and the machine has {_gib(have)} "
        "available: free memory, or run the rules out of core (DuckDB over Parquet)"
    )
    raise ValidationError(
        [Problem(location, None, None, needed, "memory-limit", message)], location
    )
