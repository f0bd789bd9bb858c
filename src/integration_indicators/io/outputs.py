"""Writing outputs without destroying anything the library did not make.

Three kinds of write, each all-or-nothing:

- a file (``write_bytes_atomic``): written to a temporary file beside the target and
  renamed over it; a symlink is written through (its target replaced, the link kept), a FIFO,
  device or directory is refused before anything is opened, an existing file keeps its mode;
- a directory the library owns (``replace_directory``: the site, a data package, a
  Parquet export): built in a staging directory, then swapped with the old one in one atomic
  ``renameat2(RENAME_EXCHANGE)`` where the kernel offers it, so that a kill at any moment
  leaves the old output whole or the new one whole. A directory is replaced only if it is
  empty or holds exactly what the manifest (``MANIFEST``) of an earlier write lists;
  never the current directory or a parent of it, the home directory, ``/``, a directory
  holding ``.git``, or one holding the catalogue or the package;
- files that belong together (``write_files_together``: an import's observations and
  sources): temporary files, a journal, then the renames; a kill midway is rolled forward by
  the next writer (``recover``); a load only reports it and changes nothing, and a journal
  the library would not have written is never acted on.

Leftovers of killed runs (staging directories, temporary files) carry the process id in their
names and are deleted by the next run once that process is gone. Errors are
``integration_indicators.errors.OutputError`` naming the path the user gave, never a
temporary name.
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from integration_indicators.errors import OutputError
from integration_indicators.io.catalogue_lock import LOCK_FILE, catalogue_lock

#: File a directory output holds to say the library wrote it, and what it wrote.
MANIFEST = ".integration-indicators.json"

#: Infix of staging directories and temporary files: ``.NAME.ii-stage-PID-RANDOM``.
_STAGE = ".ii-stage-"
_TEMP = ".ii-tmp-"
_JOURNAL = ".ii-journal-"
_LEFTOVER = re.compile(r"\.ii-(?:stage|tmp)-([0-9]+)-")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _leftover_of_dead_run(name: str) -> bool:
    found = _LEFTOVER.search(name)
    return found is not None and not _alive(int(found.group(1)))


def _temporary(directory: Path, name: str, infix: str) -> Path:
    """A new temporary file (``_TEMP``) or directory (``_STAGE``) named for *name*."""
    prefix = f".{name}{infix}{os.getpid()}-"
    if infix != _TEMP:
        return Path(tempfile.mkdtemp(prefix=prefix, dir=directory))
    handle, path = tempfile.mkstemp(prefix=prefix, dir=directory)
    os.close(handle)  # reopened by name to write
    return Path(path)


def write_bytes_atomic(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    mode: int | None = None,
    follow_symlinks: bool = True,
) -> Path:
    """Write *data* to *path* through a temporary file beside it and a rename.

    A symlink is written through (with ``follow_symlinks=False``, the link itself is
    replaced); anything but a regular file or a missing path is refused.
    An existing file keeps its permissions; a new one gets *mode* (default: 0666 less the
    umask). Returns the path written.

    Examples
    --------
    >>> write_bytes_atomic("/dev/null", b"x")
    Traceback (most recent call last):
    integration_indicators.errors.OutputError: /dev/null: is a device, FIFO or socket: ...
    """
    given = Path(path)
    target = given.resolve() if given.is_symlink() and follow_symlinks else given
    try:
        info = target.lstat() if not follow_symlinks else target.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(given, "unwritable-output", exc.strerror or str(exc)) from None
    if info is not None and stat.S_ISLNK(info.st_mode):
        info = None  # replaced by the rename, its target untouched
    if info is not None and not stat.S_ISREG(info.st_mode):
        kind = "a directory" if stat.S_ISDIR(info.st_mode) else "a device, FIFO or socket"
        raise OutputError(given, "not-regular-file", f"is {kind}: the library writes files only")
    chosen = stat.S_IMODE(info.st_mode) if info is not None else mode
    chosen = (0o666 & ~_umask()) if chosen is None else chosen
    parent = target.parent
    if not parent.is_dir():
        raise OutputError(given, "unwritable-output", f"no such directory: {parent}")
    try:
        _clean_leftovers(parent, target.name)
        temporary = _temporary(parent, target.name, _TEMP)
    except OSError as exc:
        raise OutputError(given, "unwritable-output", exc.strerror or str(exc)) from None
    try:
        temporary.chmod(chosen)
        with temporary.open("wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.replace(target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise OutputError(given, "unwritable-output", exc.strerror or str(exc)) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return given


def write_text_atomic(path: str | os.PathLike[str], text: str) -> Path:
    """Write *text* (UTF-8) to *path* as ``write_bytes_atomic`` does."""
    return write_bytes_atomic(path, text.encode("utf-8"))


def _clean_leftovers(parent: Path, name: str) -> None:
    """Delete staging directories and temporary files of *name* left by killed runs."""
    prefix = f".{name}."
    try:
        entries = [e for e in os.scandir(parent) if e.name.startswith(prefix)]
    except OSError:
        return
    for entry in entries:
        if not _leftover_of_dead_run(entry.name[len(prefix) - 1 :]):
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        elif entry.is_file(follow_symlinks=False):
            Path(entry.path).unlink(missing_ok=True)


def _protected(target: Path, protect: Iterable[Path]) -> str | None:
    """Why *target* may never be replaced, or None."""
    real = target.resolve()
    if real == Path(real.anchor):
        return "is the root directory"
    if real == Path.home().resolve():
        return "is the home directory"
    if Path.cwd().resolve().is_relative_to(real):
        return "is the current directory or a parent of it"
    for path in protect:
        if path.resolve().is_relative_to(real):
            return f"holds {path}, which the library reads"
    if (real / ".git").exists():
        return "holds .git (a repository)"
    return None


def _listed_files(directory: Path) -> set[str]:
    found: set[str] = set()
    for root, dirs, files in os.walk(directory):
        base = Path(root).relative_to(directory)
        found.update((base / f).as_posix() for f in files)
        found.update((base / d).as_posix() for d in dirs if Path(root, d).is_symlink())
    return found


def _manifest_files(directory: Path, kind: str) -> set[str] | str:
    """Files an earlier write of *kind* listed, or why the directory is not such a write."""
    from integration_indicators.io.safe_read import read_json

    path = directory / MANIFEST
    if not path.is_file():
        return "holds files the library did not write"
    try:
        manifest = read_json(path, MANIFEST, str(directory))
    except ValueError:
        return "holds a manifest the library cannot read"
    if not isinstance(manifest, dict) or manifest.get("tool") != "integration-indicators":
        return "holds a manifest of another tool"
    if manifest.get("kind") != kind:
        return f"holds a {manifest.get('kind')} the library wrote, not a {kind}"
    files = manifest.get("files")
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        return "holds a manifest the library cannot read"
    return set(files)


def check_output_directory(
    target: str | os.PathLike[str], kind: str, protect: Iterable[Path] = ()
) -> None:
    """Raise ``OutputError`` unless *target* may be replaced by a *kind* output.

    It may be replaced if it does not exist, is an empty directory, or holds exactly the
    files that the manifest of an earlier *kind* output lists.
    """
    path = Path(target)
    reason = _protected(path, protect)
    if reason is not None:
        raise OutputError(path, "protected-path", f"{reason}: choose a new or empty directory")
    if path.is_symlink():
        raise OutputError(path, "not-owned-output", "is a symlink: give the directory itself")
    if not path.exists():
        return
    if not path.is_dir():
        raise OutputError(path, "not-owned-output", "exists and is not a directory")
    present = _listed_files(path)
    if not present and not any(path.iterdir()):
        return
    listed = _manifest_files(path, kind)
    if isinstance(listed, str):
        sample = ", ".join(sorted(present - {MANIFEST})[:3])
        shown = f" ({sample}{', ...' if len(present) > 4 else ''})" if sample else ""
        message = f"{listed}{shown}; choose a new or empty directory, nothing was touched"
        raise OutputError(path, "not-owned-output", message)
    extra = sorted(present - listed - {MANIFEST})
    if extra:
        sample = ", ".join(extra[:3]) + (", ..." if len(extra) > 3 else "")
        message = (
            f"holds files the library did not write ({sample}); move them, or choose a new "
            "or empty directory; nothing was touched"
        )
        raise OutputError(path, "not-owned-output", message)


def catalogue_paths(catalogue: object) -> tuple[Path, ...]:
    """What an output must never replace: the catalogue's directory and the package's."""
    paths = [Path(__file__).resolve().parents[1]]
    location = str(getattr(catalogue, "location", ""))
    if location and Path(location).exists():
        paths.append(Path(location))
    return tuple(paths)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one atomic step (Linux ``renameat2``); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    return bool(result == 0)


def _reason(exc: OSError, staging: Path) -> str:
    """What failed, naming the file unless it is one of the build's temporary names."""
    reason = exc.strerror or str(exc)
    name = str(exc.filename or "")
    if name and not name.startswith(str(staging)):
        reason += f": {name}"
    return reason


def replace_directory(
    target: str | os.PathLike[str],
    kind: str,
    build: Callable[[Path], object],
    protect: Iterable[Path] = (),
) -> Path:
    """Build a *kind* output with *build(staging)* and let it take *target*'s place.

    *target* is checked first (``check_output_directory``); nothing is touched where it
    may not be replaced. The new directory gets a manifest of its files; the swap with an old
    one is atomic where the kernel offers ``renameat2``. Returns *target*.
    """
    path = Path(target).absolute()
    protected = tuple(protect)
    check_output_directory(path, kind, protected)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _clean_leftovers(path.parent, path.name)
        staging = _temporary(path.parent, path.name, _STAGE)
    except OSError as exc:
        raise OutputError(target, "unwritable-output", exc.strerror or str(exc)) from None
    try:
        build(staging)
        files = sorted(_listed_files(staging) - {MANIFEST})
        from integration_indicators import __version__

        manifest = {
            "tool": "integration-indicators",
            "version": __version__,
            "kind": kind,
            "files": files,
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        staging.chmod(0o777 & ~_umask())
        check_output_directory(path, kind, protected)  # unchanged while building
        if path.exists() and _exchange(staging, path):
            shutil.rmtree(staging)  # the old output, now under the staging name
        elif path.exists():
            retired = _temporary(path.parent, path.name, _STAGE)
            path.replace(retired)
            staging.replace(path)
            shutil.rmtree(retired)
        else:
            staging.rename(path)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(target, "unwritable-output", _reason(exc, staging)) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Path(target)


#: Most bytes of a journal: a list of a few pairs of file names.
_MAX_JOURNAL_BYTES = 64 * 1024

#: A temporary file of ours for the target named in group "final".
_TEMPORARY_NAME = re.compile(r"\.(?P<final>[^/\\]+)\.ii-tmp-[0-9]+-[A-Za-z0-9_]+")


def journals(directory: Path) -> list[Path]:
    """Journals of interrupted ``write_files_together`` calls in *directory* (none: [])."""
    try:
        return sorted(
            Path(e.path)
            for e in os.scandir(directory)
            if e.name.startswith(_JOURNAL) and e.name.endswith(".json")
        )
    except OSError:
        return []


def _honoured_pairs(directory: Path, journal: Path) -> list[tuple[Path, Path]] | str:
    """The renames *journal* asks for that the library would have written, or why none.

    Read as a regular file within ``_MAX_JOURNAL_BYTES``; a pair counts only where the
    temporary's name is the library's temporary pattern for its target, the target is a
    catalogue file (what imports and ``init`` write), and the temporary is present as a
    regular file (not a link).
    """
    found = _journal_pairs(directory, journal)
    return found if isinstance(found, str) else found[0]


def _journal_pairs(directory: Path, journal: Path) -> tuple[list[tuple[Path, Path]], int] | str:
    """The renames of *journal* still to do (see ``_honoured_pairs``) and how many renames
    it lists in all, from one bounded read; or why it is not a journal the library wrote."""
    from integration_indicators.errors import Problem
    from integration_indicators.io.catalogue_files import is_written_by_library
    from integration_indicators.io.safe_read import read_bytes

    data = read_bytes(journal, journal.name, _MAX_JOURNAL_BYTES)
    if isinstance(data, Problem):
        return data.message
    try:
        pairs = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return "is not a journal the library wrote"
    if not isinstance(pairs, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(n, str) for n in p) for p in pairs
    ):
        return "is not a journal the library wrote"
    honoured = []
    for temporary, final in pairs:
        named = _TEMPORARY_NAME.fullmatch(temporary)
        if named is None or named["final"] != final or not is_written_by_library(final):
            return f"names {temporary!r} -> {final!r}, which the library never writes"
        source = directory / temporary
        if source.is_symlink() or not source.is_file():
            continue  # renamed already, before the kill
        honoured.append((source, directory / final))
    return honoured, len(pairs)


def journal_states(directory: Path) -> list[tuple[Path, str]]:
    """Each journal of *directory* with what a reader may make of the catalogue meanwhile:
    ``old`` (no rename done: the old files agree), ``new`` (every rename done), ``writing``
    (renames half done by a live writer: wait), ``interrupted`` (half done by a writer that
    is gone: refused until finished) or ``foreign`` (not a journal the library would write:
    it changed nothing). A journal that vanishes while read is left out."""
    states = []
    for journal in journals(directory):
        found = _journal_pairs(directory, journal)
        if isinstance(found, str):
            if journal.exists():  # else its writer finished meanwhile
                states.append((journal, "foreign"))
            continue
        pairs, total = found
        if len(pairs) == total:
            states.append((journal, "old"))
        elif not pairs:
            states.append((journal, "new"))
        else:
            writer = re.search(r"([0-9]+)\.json$", journal.name)
            alive = writer is not None and _alive(int(writer.group(1)))
            states.append((journal, "writing" if alive else "interrupted"))
    return states


def snapshot(directory: Path) -> tuple[tuple[str, int, int, int], ...]:
    """The catalogue files and journals of *directory* as (name, inode, mtime, size): two
    equal snapshots around a read mean no writer replaced a file meanwhile (temporaries and
    the lock file are left out: writing them changes nothing a reader reads)."""
    seen = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return ()
    for entry in entries:
        if _TEMPORARY_NAME.fullmatch(entry.name) or entry.name == LOCK_FILE:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        seen.append((entry.name, info.st_ino, info.st_mtime_ns, info.st_size))
    return tuple(sorted(seen))


def _clean_journal_leftovers(directory: Path) -> None:
    """Delete temporary files of journals whose writer was killed."""
    try:
        entries = [e for e in os.scandir(directory) if e.name.startswith(_JOURNAL)]
    except OSError:
        return
    for entry in entries:
        if _leftover_of_dead_run(entry.name) and entry.is_file(follow_symlinks=False):
            Path(entry.path).unlink(missing_ok=True)


def recover(directory: Path) -> None:
    """Finish the renames of a ``write_files_together`` that a kill interrupted.

    Only the writers call it (an import, before it writes): a load never changes a catalogue.
    A journal the library would not have written (other names, a link, a FIFO, too large)
    is refused with ``OutputError`` and nothing is renamed.
    """
    _clean_journal_leftovers(directory)
    for journal in journals(directory):
        pairs = _honoured_pairs(directory, journal)
        if isinstance(pairs, str):
            message = f"{journal.name} {pairs}; nothing was renamed: look at it, then remove it"
            raise OutputError(directory, "interrupted-write", message)
        try:
            for source, final in pairs:
                source.replace(final)
            journal.unlink()
        except OSError as exc:
            message = (
                f"an interrupted write could not be finished ({exc.strerror}); "
                f"remove {journal.name}"
            )
            raise OutputError(directory, "interrupted-write", message) from None
    _clean_dead_temporaries(directory)


def _clean_dead_temporaries(directory: Path) -> None:
    """Delete the temporary files of catalogue files that killed writers left (after their
    journals were rolled forward, so that none of them is still wanted)."""
    from integration_indicators.io.catalogue_files import is_written_by_library

    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    for entry in entries:
        named = _TEMPORARY_NAME.fullmatch(entry.name)
        if (
            named
            and is_written_by_library(named["final"])
            and _leftover_of_dead_run(entry.name)
            and entry.is_file(follow_symlinks=False)
        ):
            Path(entry.path).unlink(missing_ok=True)


def check_output_file(path: str | os.PathLike[str], protect: Iterable[Path] = ()) -> None:
    """Raise ``OutputError`` where the file *path* is one the library reads: a file of a
    catalogue directory in *protect* that the library reads, or anything inside the package.
    """
    from integration_indicators.io.catalogue_files import is_written_by_library

    real = Path(path).resolve()
    package = Path(__file__).resolve().parents[1]
    if real.is_relative_to(package):
        raise OutputError(path, "protected-path", "is inside the installed package")
    for place in protect:
        where = place.resolve()
        if where.is_dir() and real.parent == where and is_written_by_library(real.name):
            raise OutputError(
                path,
                "protected-path",
                f"is a file of the catalogue {place} (the library reads it): write elsewhere",
            )


def write_files_together(files: Mapping[Path, bytes]) -> None:
    """Write files of one directory as one unit: all of them or none (after ``recover``)."""
    paths = list(files)
    directory = paths[0].parent
    if any(p.parent != directory for p in paths):
        raise ValueError("files written together must share one directory")
    for path in paths:
        if path.is_symlink() or (path.exists() and not path.is_file()):
            raise OutputError(path, "not-regular-file", "is not a regular file")
    with catalogue_lock(directory):  # one writer at a time; a load sees old or new files
        _write_together(files, paths, directory)


def _write_together(files: Mapping[Path, bytes], paths: list[Path], directory: Path) -> None:
    written: list[tuple[Path, Path]] = []
    try:
        directory.mkdir(parents=True, exist_ok=True)
        recover(directory)
        for path in paths:
            _clean_leftovers(directory, path.name)
            temporary = _temporary(directory, path.name, _TEMP)
            written.append((temporary, path))
            mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o666 & ~_umask()
            temporary.chmod(mode)
            with temporary.open("wb") as stream:
                stream.write(files[path])
                stream.flush()
                os.fsync(stream.fileno())
        journal = directory / f"{_JOURNAL}{os.getpid()}.json"
        pairs = [[t.name, p.name] for t, p in written]
        write_bytes_atomic(journal, json.dumps(pairs).encode())
    except OSError as exc:
        for temporary, _ in written:
            temporary.unlink(missing_ok=True)
        raise OutputError(directory, "unwritable-output", exc.strerror or str(exc)) from None
    except BaseException:
        for temporary, _ in written:
            temporary.unlink(missing_ok=True)
        raise
    recover(directory)
