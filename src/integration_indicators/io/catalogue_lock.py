"""One writer at a time in a catalogue: the lock every import and ``claims add`` holds from
reading what the catalogue holds to the last rename of what it writes.

The lock is an advisory ``flock`` on the catalogue directory itself (no file is made; where
directories cannot be opened, as on Windows, on ``.ii-lock`` in it, never deleted). A second
writer waits, up to :data:`LOCK_TIMEOUT_SECONDS` (``INTEGRATION_INDICATORS_LOCK_TIMEOUT``
overrides it), then gives up with ``OutputError`` [catalogue-locked]. The lock is re-entrant
within a process (an import that calls a writer that locks again). The kernel releases it
when its holder dies, so a killed import never leaves a catalogue locked.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from integration_indicators.errors import OutputError

#: The lock file's name in a catalogue directory.
LOCK_FILE = ".ii-lock"

#: How long a writer waits for another to finish before it gives up, in seconds.
LOCK_TIMEOUT_SECONDS = 600.0

_HELD: dict[Path, tuple[int, int]] = {}  # directory -> (file descriptor, depth)
_GUARD = threading.RLock()


def _timeout() -> float:
    text = os.environ.get("INTEGRATION_INDICATORS_LOCK_TIMEOUT", "")
    try:
        return float(text) if text else LOCK_TIMEOUT_SECONDS
    except ValueError:
        return LOCK_TIMEOUT_SECONDS


def _try_lock(fd: int) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows: the C runtime's byte-range lock on the first byte
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _open(folder: Path) -> int:
    """A descriptor to lock: the directory's own, else its lock file's."""
    if hasattr(os, "O_DIRECTORY"):
        try:
            return os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        except OSError as exc:
            raise OutputError(folder, "unwritable-output", exc.strerror or str(exc)) from None
    path = folder / LOCK_FILE
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise OutputError(path, "not-regular-file", "is not a regular file")
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise OutputError(folder, "unwritable-output", exc.strerror or str(exc)) from None


@contextmanager
def catalogue_lock(
    directory: str | os.PathLike[str], timeout: float | None = None
) -> Iterator[None]:
    """Hold the writers' lock of the catalogue in *directory* (made if missing).

    Raises ``OutputError`` [catalogue-locked] after *timeout* seconds of waiting.
    """
    folder = Path(directory).absolute()
    folder.mkdir(parents=True, exist_ok=True)
    wait = _timeout() if timeout is None else timeout
    with _GUARD:  # threads of one process queue here; the flock orders processes
        if folder in _HELD:
            fd, depth = _HELD[folder]
            _HELD[folder] = (fd, depth + 1)
        else:
            fd = _open(folder)
            deadline = time.monotonic() + wait
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise OutputError(
                        folder,
                        "catalogue-locked",
                        f"another import or claims add has been writing this catalogue for "
                        f"over {wait:g} s; try again once it has ended",
                    )
                time.sleep(0.05)
            _HELD[folder] = (fd, 1)
        try:
            yield
        finally:
            fd, depth = _HELD[folder]
            if depth > 1:
                _HELD[folder] = (fd, depth - 1)
            else:
                del _HELD[folder]
                os.close(fd)  # closing the descriptor releases the lock
