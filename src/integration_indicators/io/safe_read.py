"""Reading files within the limits: regular files only, bounded size, bounded JSON depth.

Every file the library reads goes through ``read_bytes``: the file is opened without
blocking (a FIFO never hangs the reader), checked on the open descriptor to be a regular file
(no devices, FIFOs or sockets; ``/dev/zero`` behind a symlink is refused), and read up to its
limit and no further. Where a root directory is given, a path whose real location leaves it
(a symlink out of the catalogue) is refused. Failures are ``Problem`` records, so that a
catalogue reports them beside every other problem.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import numpy as np

from integration_indicators.errors import Problem, ValidationError
from integration_indicators.io.limits import LIMITS


def _problem(name: str, rule: str, message: str) -> Problem:
    return Problem(name, None, None, None, rule, message)


class _RefusedError(Exception):
    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule, self.message = rule, message


#: Most bytes asked of one read (Linux gives at most 2 GiB less a page to one call).
_MAX_READ = 1 << 30


def _read_regular(fd: int, max_bytes: int) -> bytes:
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        kind = "a directory" if stat.S_ISDIR(info.st_mode) else "a device, FIFO or socket"
        raise _RefusedError("not-regular-file", f"is {kind}, not a regular file")
    if info.st_size > max_bytes:
        raise _RefusedError("file-too-large", f"{info.st_size} bytes: the limit is {max_bytes}")
    # the size stated, and one byte more to see growth, in one read where the system gives
    # it whole (no chunks joined: a 150 MiB cache entry is not copied twice)
    chunks = [os.read(fd, min(info.st_size + 1, max_bytes + 1, _MAX_READ))]
    size = len(chunks[0])
    while chunks[-1] and size <= max_bytes:
        chunk = os.read(fd, min(_MAX_READ, max_bytes + 1 - size))
        chunks.append(chunk)
        size += len(chunk)
    if size > max_bytes:
        raise _RefusedError("file-too-large", f"grew past the limit of {max_bytes} bytes")
    return chunks[0] if len(chunks) <= 2 else b"".join(chunks)


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return False


def read_bytes(path: Path, name: str, max_bytes: int, root: Path | None = None) -> bytes | Problem:
    """The bytes of the regular file *path*, or the problem that stops the read.

    *name* is how reports name the file; *root*, where given, is a directory the file's real
    path must stay inside.

    Examples
    --------
    >>> read_bytes(Path("/dev/zero"), "zero", 10).rule
    'not-regular-file'
    """
    if root is not None and not _inside(path, root):
        return _problem(name, "outside-catalogue", "a symlink leaving the catalogue directory")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return _problem(name, "missing-file", f"no such file: {path}")
    except OSError as exc:
        return _problem(name, "unreadable-file", f"cannot open it: {exc.strerror}")
    try:
        return _read_regular(fd, max_bytes)
    except _RefusedError as refused:
        return _problem(name, refused.rule, refused.message)
    except OSError as exc:
        return _problem(name, "unreadable-file", f"cannot read it: {exc.strerror}")
    finally:
        os.close(fd)


#: A JSON string, escapes included (its brackets do not nest).
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)


def json_depth(data: bytes) -> int:
    """Deepest nesting of arrays and objects in JSON text, without parsing it.

    Examples
    --------
    >>> json_depth(b'{"a": [1, {"b": "[[["}]}')
    3
    """
    bare = np.frombuffer(_JSON_STRING.sub(b'""', data), dtype=np.uint8)
    steps = np.isin(bare, (ord("["), ord("{"))).astype(np.int64) - np.isin(
        bare, (ord("]"), ord("}"))
    )
    return int(np.cumsum(steps).max(initial=0))


def read_json(path: Path, name: str, location: str) -> object:
    """A JSON document read within the size and depth limits.

    Raises ``ValidationError`` naming *name* for an unreadable, oversized, too deeply
    nested or malformed file.
    """
    data = read_bytes(path, name, LIMITS.max_json_bytes)
    if isinstance(data, Problem):
        raise ValidationError([data], location)
    depth = json_depth(data)
    if depth > LIMITS.max_depth:
        message = f"nested {depth} deep: the limit is {LIMITS.max_depth}"
        raise ValidationError([_problem(name, "too-deep", message)], location)
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValidationError([_problem(name, "malformed-json", str(exc))], location) from None
