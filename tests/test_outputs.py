"""Outputs never destroy what the library did not make; every write is all or nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import integration_indicators as ii
from integration_indicators.cli import main
from integration_indicators.importers.imports import write_catalogue_files
from integration_indicators.io import outputs


def _tree(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes() for p in directory.rglob("*") if p.is_file()
    }


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git checkout with uncommitted work, as the current directory."""
    folder = tmp_path / "checkout"
    (folder / ".git").mkdir(parents=True)
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (folder / "thesis.tex").write_text("\\chapter{Uncommitted}\n")
    monkeypatch.chdir(folder)
    return folder


@pytest.mark.parametrize(
    "argv",
    [
        ["docs", "build", "-o", "."],
        ["docs", "build", "-o", ".."],
        ["export", "--format", "datapackage", "-o", "."],
        ["export", "--format", "parquet", "-o", "."],
    ],
)
def test_the_current_directory_and_its_parents_are_never_replaced(
    checkout: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    before = _tree(checkout.parent)
    assert main(argv) == 1
    assert "is the current directory or a parent of it" in capsys.readouterr().err
    assert _tree(checkout.parent) == before


def test_root_and_home_are_never_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    monkeypatch.chdir(tmp_path)
    built: list[Path] = []
    with pytest.raises(ii.OutputError, match="is the root directory"):
        outputs.replace_directory("/", "site", built.append)
    with pytest.raises(ii.OutputError, match="is the home directory"):
        outputs.replace_directory(tmp_path / "home", "site", built.append)
    assert built == []  # refused before any work


def test_a_directory_holding_git_is_never_replaced(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    with pytest.raises(ii.OutputError, match=r"holds \.git"):
        outputs.check_output_directory(repo, "site")


@pytest.mark.parametrize("fmt", ["datapackage", "parquet"])
def test_a_directory_with_other_files_is_refused_and_kept(
    tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out"
    target.mkdir()
    (target / "thesis.tex").write_text("three years of work")
    assert main(["export", "--format", fmt, "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert "holds files the library did not write (thesis.tex)" in err
    assert "[not-owned-output]" in err
    assert _tree(target) == {"thesis.tex": b"three years of work"}


def test_docs_build_refuses_a_foreign_directory_before_building(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "site"
    target.mkdir()
    (target / "notes.md").write_text("mine")

    def no_pages(*args: object) -> list[str]:
        raise AssertionError("pages were written for a refused output")

    monkeypatch.setattr("integration_indicators.publish.docs.write_pages", no_pages)
    assert main(["docs", "build", "-o", str(target)]) == 1
    assert "notes.md" in capsys.readouterr().err
    assert _tree(target) == {"notes.md": b"mine"}


def test_in_place_export_never_touches_the_catalogue(
    catalogue_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (catalogue_dir / "README.md").write_text("my notes")
    before = _tree(catalogue_dir)
    argv = ["export", "--format", "datapackage", "--catalogue", str(catalogue_dir)]
    assert main([*argv, "-o", str(catalogue_dir)]) == 1
    assert main([*argv, "-o", str(catalogue_dir.parent)]) == 1  # a parent of the catalogue
    assert "which the library reads" in capsys.readouterr().err
    assert _tree(catalogue_dir) == before


def test_an_earlier_output_is_replaced_but_not_one_with_added_files(tmp_path: Path) -> None:
    target = tmp_path / "package"
    catalogue = ii.load()
    from integration_indicators.publish.datapackage import export_datapackage

    export_datapackage(catalogue, target)
    first = _tree(target)
    assert outputs.MANIFEST in first
    export_datapackage(catalogue, target)  # its own earlier output: replaced
    assert _tree(target) == first
    (target / "extra.txt").write_text("added by hand")
    with pytest.raises(ii.OutputError, match=r"extra\.txt"):
        export_datapackage(catalogue, target)
    with pytest.raises(ii.OutputError, match="holds a datapackage the library wrote, not a site"):
        (target / "extra.txt").unlink()
        outputs.check_output_directory(target, "site")
    assert _tree(target) == first


def test_a_failed_build_leaves_the_old_output_and_no_staging(tmp_path: Path) -> None:
    target = tmp_path / "out"

    def good(staging: Path) -> None:
        (staging / "page.html").write_text("old")

    def bad(staging: Path) -> None:
        (staging / "page.html").write_text("half")
        assert _tree(target)["page.html"] == b"old"  # the old output is whole meanwhile
        raise RuntimeError("the build failed")

    outputs.replace_directory(target, "site", good)
    with pytest.raises(RuntimeError):
        outputs.replace_directory(target, "site", bad)
    assert _tree(target)["page.html"] == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


_KILLED_BUILD = """
import sys, time
from pathlib import Path
from integration_indicators.io import outputs

def build(staging):
    (staging / "page.html").write_text("new")
    Path(sys.argv[2]).write_text("ready")
    time.sleep(60)

outputs.replace_directory(sys.argv[1], "site", build)
"""


def test_a_kill_during_a_build_leaves_the_old_output_and_the_next_run_cleans_up(
    tmp_path: Path,
) -> None:
    target, ready = tmp_path / "out", tmp_path / "ready"
    outputs.replace_directory(target, "site", lambda s: (s / "page.html").write_text("old"))
    process = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(_KILLED_BUILD), str(target), str(ready)]
    )
    deadline = time.monotonic() + 60
    while not ready.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert _tree(target)["page.html"] == b"old"
    assert [p for p in tmp_path.iterdir() if ".ii-stage-" in p.name]  # the killed run's
    outputs.replace_directory(target, "site", lambda s: (s / "page.html").write_text("new"))
    assert _tree(target)["page.html"] == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "ready"]


def test_an_interruption_after_the_swap_leaves_the_new_output_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out"
    outputs.replace_directory(target, "site", lambda s: (s / "page.html").write_text("old"))

    def interrupted(path: object, *args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("integration_indicators.io.outputs.shutil.rmtree", interrupted)
    with pytest.raises(KeyboardInterrupt):
        outputs.replace_directory(target, "site", lambda s: (s / "page.html").write_text("new"))
    assert _tree(target)["page.html"] == b"new"


def test_an_import_writes_both_files_or_neither(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from integration_indicators.importers.dots import read_dots

    official = Path(__file__).resolve().parents[2] / "shared" / "official" / "imf-dots"
    extract = sorted(official.glob("*.csv"))
    if not extract:
        pytest.skip("the DOTS extract is not beside the repository")
    result = read_dots(extract[0])
    folder = tmp_path / "cat"
    written = write_catalogue_files([result], folder, "dots", "dots (1 file)")
    first = {p.name: p.read_bytes() for p in written}
    real_replace = Path.replace
    calls: list[Path] = []

    def die_after_first(self: Path, target: Path) -> Path:
        if calls and str(target).endswith(".yaml"):
            raise KeyboardInterrupt  # a kill between the two renames
        calls.append(Path(target))
        return real_replace(self, target)

    shorter = result.observations.iloc[:10]
    monkeypatch.setattr(Path, "replace", die_after_first)
    with pytest.raises(KeyboardInterrupt):
        write_catalogue_files(
            [type(result)(shorter, result.source)], folder, "dots", "dots (1 file, changed)"
        )
    monkeypatch.setattr(Path, "replace", real_replace)
    assert (folder / "observations-dots.csv").read_bytes() != first["observations-dots.csv"]
    (journal,) = folder.glob(".ii-journal-*")
    journal.rename(folder / f".ii-journal-{_dead_pid()}.json")  # as a killed process leaves it
    with pytest.raises(ii.ValidationError) as loaded:  # a load reports it, changes nothing
        ii.load(folder)
    assert [p.rule for p in loaded.value.problems] == ["interrupted-import"]
    assert "integration-indicators finish-import" in str(loaded.value)
    assert list(folder.glob(".ii-journal-*"))
    assert main(["finish-import", str(folder)]) == 0  # or the next import, first thing
    sources = (folder / "sources-dots.yaml").read_text()
    assert "dots (1 file, changed)" in sources  # rolled forward: both files are the new ones
    assert not list(folder.glob(".ii-journal-*"))


def test_import_name_is_an_identifier_checked_before_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "cat"
    argv = ["import", "wdi", str(tmp_path / "missing"), "-o", str(target), "--name", "../evil"]
    assert main(argv) == 1
    assert "[import-name]" in capsys.readouterr().err
    assert not target.exists()


def test_an_import_never_replaces_files_it_did_not_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "cat"
    folder.mkdir()
    (folder / "observations-mine.csv").write_text("hand-made")
    from integration_indicators.importers.imports import ImportResult, SourceRecord

    empty = ImportResult(ii.load().observations().iloc[:0], SourceRecord("x", "t", "p"))
    with pytest.raises(ii.OutputError, match="not written by an import"):
        write_catalogue_files([empty], folder, "mine", "test")
    assert (folder / "observations-mine.csv").read_text() == "hand-made"


def test_a_symlink_is_written_through(tmp_path: Path) -> None:
    real, link = tmp_path / "real.csv", tmp_path / "link.csv"
    real.write_text("old")
    link.symlink_to(real)
    assert main(["export", "-o", str(link)]) == 0
    assert link.is_symlink()
    assert real.read_text().startswith("id,indicator,")


def test_a_fifo_or_device_is_refused_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert main(["export", "-o", str(fifo)]) == 1
    assert main(["export", "-o", "/dev/null"]) == 1
    err = capsys.readouterr().err
    assert err.count("[not-regular-file]") == 2
    assert ".ii-tmp-" not in err
    assert fifo.exists() and not fifo.is_file()


def test_an_existing_file_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    path.write_text("old")
    path.chmod(0o640)
    assert main(["export", "-o", str(path)]) == 0
    assert path.stat().st_mode & 0o777 == 0o640


def test_errors_name_the_given_path_never_a_temporary_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    target = blocker / "out.csv"  # its parent is a file
    assert main(["export", "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert str(target) in err
    assert ".ii-tmp-" not in err
    assert "Traceback" not in err


def _foreign_journal(catalogue_dir: Path, pairs: object) -> Path:
    journal = catalogue_dir / ".ii-journal-4242.json"
    journal.write_text(__import__("json").dumps(pairs), encoding="utf-8")
    return journal


def _dead_pid() -> int:
    """The id of a process that has ended."""
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(dead.stdout)


def test_a_load_never_follows_a_journal_it_finds(catalogue_dir: Path) -> None:
    """A journal the library would not have written changed nothing: the load reads the
    catalogue as it is and renames nothing."""
    (catalogue_dir / "notes.txt").write_text("the user's notes", encoding="utf-8")
    before = _tree(catalogue_dir)
    _foreign_journal(catalogue_dir, [["notes.txt", "observations.csv"]])
    ii.load(catalogue_dir, cache=False)
    after = _tree(catalogue_dir)
    del after[".ii-journal-4242.json"]
    assert after == before  # nothing renamed, nothing removed


@pytest.mark.parametrize(
    "pairs",
    [
        [["notes.txt", "observations.csv"]],  # not a temporary name of ours
        [[".notes.txt.ii-tmp-1-abc", "notes.txt"]],  # a target no import writes
        [[".sources.yaml.ii-tmp-1-abc", "observations.csv"]],  # temporary of another target
        [["../x/.observations.csv.ii-tmp-1-abc", "observations.csv"]],
        {"not": "a list"},
    ],
)
def test_an_import_refuses_a_journal_it_would_not_have_written(
    catalogue_dir: Path, pairs: object
) -> None:
    (catalogue_dir / "notes.txt").write_text("the user's notes", encoding="utf-8")
    before = _tree(catalogue_dir)
    _foreign_journal(catalogue_dir, pairs)
    with pytest.raises(ii.OutputError) as caught:
        outputs.recover(catalogue_dir)
    assert caught.value.rule == "interrupted-write"
    assert "nothing was renamed" in str(caught.value)
    after = _tree(catalogue_dir)
    del after[".ii-journal-4242.json"]
    assert after == before


def test_a_journal_of_ours_is_rolled_forward_by_the_next_writer(catalogue_dir: Path) -> None:
    temporary = catalogue_dir / ".observations-x.csv.ii-tmp-4242-abc"
    temporary.write_text("id\n", encoding="utf-8")
    _foreign_journal(catalogue_dir, [[temporary.name, "observations-x.csv"]])
    outputs.recover(catalogue_dir)
    assert (catalogue_dir / "observations-x.csv").read_text(encoding="utf-8") == "id\n"
    assert not temporary.exists() and not list(catalogue_dir.glob(".ii-journal-*"))


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "huge"])
def test_a_journal_that_is_not_a_small_regular_file_is_refused_unread(
    catalogue_dir: Path, kind: str
) -> None:
    journal = catalogue_dir / ".ii-journal-4242.json"
    if kind == "fifo":
        os.mkfifo(journal)
    elif kind == "dev-zero":
        journal.symlink_to("/dev/zero")
    else:
        journal.write_text("[" + ", ".join(['["a", "b"]'] * 20_000) + "]", encoding="utf-8")
    with pytest.raises(ii.OutputError) as caught:
        outputs.recover(catalogue_dir)
    assert caught.value.rule == "interrupted-write"


@pytest.mark.parametrize("renamed", [0, 2])
def test_a_load_during_a_killed_import_reads_the_old_or_the_new_files(
    catalogue_dir: Path, renamed: int
) -> None:
    """Killed before any rename: the old files agree, and load reads them; after every
    rename: the new ones agree. Only a half-replaced catalogue is refused (test above)."""
    pid = _dead_pid()
    names = ["observations-x.csv", "sources-x.yaml"]
    header = (catalogue_dir / "observations.csv").read_text(encoding="utf-8").splitlines()[0]
    texts = [header + "\n", "# x\n[]\n"]
    pairs = []
    for name, text in zip(names, texts, strict=True):
        temporary = catalogue_dir / f".{name}.ii-tmp-{pid}-abc"
        (catalogue_dir / name if renamed else temporary).write_text(text, encoding="utf-8")
        pairs.append([temporary.name, name])
    _foreign_journal(catalogue_dir, pairs).rename(catalogue_dir / f".ii-journal-{pid}.json")
    before = _tree(catalogue_dir)
    assert len(ii.load(catalogue_dir, cache=False).observations()) > 0
    assert _tree(catalogue_dir) == before  # a load changes nothing


def test_the_next_writer_cleans_temporaries_of_killed_runs(catalogue_dir: Path) -> None:
    pid = _dead_pid()
    leftover = catalogue_dir / f".observations-other.csv.ii-tmp-{pid}-abc"
    leftover.write_text("id\n", encoding="utf-8")
    alive = catalogue_dir / f".observations-other.csv.ii-tmp-{os.getpid()}-abc"
    alive.write_text("id\n", encoding="utf-8")
    outputs.recover(catalogue_dir)
    assert not leftover.exists() and alive.exists()  # a live writer's temporary stays


def test_the_temporary_file_of_a_killed_journal_write_is_cleaned(catalogue_dir: Path) -> None:
    pid = _dead_pid()
    leftover = catalogue_dir / f".ii-journal-{pid}.json.ii-tmp-{pid}-abc"
    leftover.write_text("[]", encoding="utf-8")
    outputs.recover(catalogue_dir)
    assert not leftover.exists()


@pytest.mark.parametrize("command", ["export", "metrics", "crosscheck", "indices"])
@pytest.mark.parametrize("target", ["observations.csv", "sources.yaml", "observations-mine.csv"])
def test_file_outputs_never_replace_a_catalogue_file(
    catalogue_dir: Path, command: str, target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = catalogue_dir / target
    if not path.exists():
        path.write_bytes((catalogue_dir / "observations.csv").read_bytes())
    before = _tree(catalogue_dir)
    extra = ["--pair", "BLR,RUS"] if command == "indices" else []
    code = main([command, *extra, "--catalogue", str(catalogue_dir), "-o", str(path)])
    assert code == 1
    assert "is a file of the catalogue" in capsys.readouterr().err
    assert _tree(catalogue_dir) == before


def test_file_outputs_never_write_into_the_package(tmp_path: Path) -> None:
    package = Path(ii.__file__).parent
    with pytest.raises(ii.OutputError) as caught:
        ii.export_observations(ii.load(), "csv", package / "catalogue.py")
    assert caught.value.rule == "protected-path"


def test_a_second_writer_waits_for_the_lock_then_says_so(tmp_path: Path) -> None:
    """Another process holds the catalogue's writers' lock: a writer waits its timeout, then
    gives up with catalogue-locked and writes nothing."""
    from integration_indicators.io.catalogue_lock import catalogue_lock

    folder = tmp_path / "cat"
    folder.mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom integration_indicators.io.catalogue_lock import catalogue_lock\n"
            f"with catalogue_lock({str(folder)!r}):\n    print('held', flush=True)\n"
            "    sys.stdin.readline()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(ii.OutputError) as caught, catalogue_lock(folder, timeout=0.2):
            pass
        assert caught.value.rule == "catalogue-locked"
    finally:
        holder.communicate("\n", timeout=60)
    with catalogue_lock(folder, timeout=5):  # released when its holder ends
        assert list(folder.iterdir()) == []  # the lock made no file
