"""Reading files within the limits: regular files only, bounded size, bounded JSON depth.

Every file the library reads goes through ``read_bytes``: the file is opened without
blocking (a FIFO never hangs the reader), checked on the open descriptor to be a regular file
(no devices, FIFOs or sockets; ``/dev/zero`` behind a symlink is refused), and read up to its
limit and no further. Where a root directory is given, a path whose real location leaves it
(a symlink out of the catalogue) is refused. Failures are ``Problem`` records, so that a
catalogue reports them beside every other problem.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np

from integration_indicators.errors import Problem, ValidationError
from integration_indicators.io.limits import LIMITS

_Read = TypeVar("_Read")


def _problem(name: str, rule: str, message: str) -> Problem:
    return Problem(name, None, None, None, rule, message)


class _RefusedError(Exception):
    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule, self.message = rule, message


#: Most bytes asked of one read (Linux gives at most 2 GiB less a page to one call).
_MAX_READ = 1 << 30


def _checked_size(fd: int, max_bytes: int) -> int:
    """The size of the open file *fd*, refused where it is not a regular file or too large."""
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        kind = "a directory" if stat.S_ISDIR(info.st_mode) else "a device, FIFO or socket"
        raise _RefusedError("not-regular-file", f"is {kind}, not a regular file")
    if info.st_size > max_bytes:
        raise _RefusedError("file-too-large", f"{info.st_size} bytes: the limit is {max_bytes}")
    return info.st_size


def _grew(max_bytes: int) -> _RefusedError:
    return _RefusedError("file-too-large", f"grew past the limit of {max_bytes} bytes")


def _read_regular(fd: int, max_bytes: int) -> bytes:
    stated = _checked_size(fd, max_bytes)
    # the size stated, and one byte more to see growth, in one read where the system gives
    # it whole (no chunks joined: a 150 MiB cache entry is not copied twice)
    chunks = [os.read(fd, min(stated + 1, max_bytes + 1, _MAX_READ))]
    size = len(chunks[0])
    while chunks[-1] and size <= max_bytes:
        chunk = os.read(fd, min(_MAX_READ, max_bytes + 1 - size))
        chunks.append(chunk)
        size += len(chunk)
    if size > max_bytes:
        raise _grew(max_bytes)
    return chunks[0] if len(chunks) <= 2 else b"".join(chunks)


#: Bytes hashed at a time by ``digest_file`` (one buffer, reused: nothing of the file kept).
_DIGEST_CHUNK = 1 << 20


@dataclass(frozen=True)
class FileDigest:
    """The SHA-256 of a file's bytes and their count (what ``digest_file`` read)."""

    sha256: bytes
    size: int

    @classmethod
    def of(cls, data: bytes) -> FileDigest:
        """The digest of bytes already read.

        >>> FileDigest.of(b"abc").size
        3
        """
        return cls(hashlib.sha256(data).digest(), len(data))


def _digest_regular(fd: int, max_bytes: int) -> FileDigest:
    _checked_size(fd, max_bytes)
    digest, size = hashlib.sha256(), 0
    buffer = bytearray(_DIGEST_CHUNK)
    view = memoryview(buffer)
    while count := os.readv(fd, [buffer]):
        size += count
        if size > max_bytes:
            raise _grew(max_bytes)
        digest.update(view[:count])
    return FileDigest(digest.digest(), size)


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return False


def _opened(
    path: Path, name: str, root: Path | None, reading: Callable[[int], _Read]
) -> _Read | Problem:
    """What *reading* gives of the file *path* opened without blocking, or the problem that
    stops it (outside *root*, missing, unreadable, refused)."""
    if root is not None and not _inside(path, root):
        return _problem(name, "outside-catalogue", "a symlink leaving the catalogue directory")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return _problem(name, "missing-file", f"no such file: {path}")
    except OSError as exc:
        return _problem(name, "unreadable-file", f"cannot open it: {exc.strerror}")
    try:
        return reading(fd)
    except _RefusedError as refused:
        return _problem(name, refused.rule, refused.message)
    except OSError as exc:
        return _problem(name, "unreadable-file", f"cannot read it: {exc.strerror}")
    finally:
        os.close(fd)


def read_bytes(path: Path, name: str, max_bytes: int, root: Path | None = None) -> bytes | Problem:
    """The bytes of the regular file *path*, or the problem that stops the read.

    *name* is how reports name the file; *root*, where given, is a directory the file's real
    path must stay inside.

    Examples
    --------
    >>> read_bytes(Path("/dev/zero"), "zero", 10).rule
    'not-regular-file'
    """
    return _opened(path, name, root, lambda fd: _read_regular(fd, max_bytes))


def digest_file(
    path: Path, name: str, max_bytes: int, root: Path | None = None
) -> FileDigest | Problem:
    """The digest of the regular file *path*, read within the limits ``read_bytes`` keeps and
    hashed a chunk at a time (nothing of it held), or the problem that stops the read.

    Examples
    --------
    >>> digest_file(Path("/dev/zero"), "zero", 10).rule
    'not-regular-file'
    """
    return _opened(path, name, root, lambda fd: _digest_regular(fd, max_bytes))


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
