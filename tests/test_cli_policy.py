"""One policy for the command line: exit 2 and one line for a command written wrongly, exit 1
and the report for a problem in the data, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from integration_indicators.cli import main

#: (argv, exit status): each subcommand with bad arguments.
BAD: list[tuple[list[str], int]] = [
    ([], 2),
    (["frobnicate"], 2),
    (["--no-such-flag"], 2),
    (["validate", "--format", "yaml"], 2),
    (["validate", "a", "b"], 2),
    (["validate", "/nonexistent/catalogue"], 1),
    (["validate", "--format", "json", "/nonexistent/catalogue"], 1),
    (["list", "--catalogue", "/nonexistent"], 1),
    (["list", "extra"], 2),
    (["export", "--format", "xml"], 2),
    (["export", "--format", "parquet"], 2),
    (["export", "--format", "datapackage"], 2),
    (["export", "-o", "/"], 1),
    (["metrics", "--format", "png"], 2),
    (["metrics", "--catalogue", "/nonexistent"], 1),
    (["crosscheck", "--format", "pdf"], 2),
    (["crosscheck", "--catalogue", "/etc"], 1),
    (["indices"], 2),
    (["indices", "--pair", "BLR"], 2),
    (["indices", "--pair", "BLR,RUS,KAZ"], 2),
    (["indices", "--pair", ",RUS"], 2),
    (["indices", "--group", "EAUE"], 2),  # no such group (EAEU by name works)
    (["indices", "--group", "EAEU", "--groups", "/nonexistent.yaml"], 1),
    (["indices", "--group", "=ARM,BLR"], 2),
    (["indices", "--pair", "BLR,RUS", "--world-workbook", "/nonexistent.xlsx"], 1),
    (["indices", "--group", "EAEU", "--fill", "mirror"], 2),  # no CIF/FOB factor stated
    (["indices", "--group", "EAEU", "--fill", "nought"], 2),  # zero is asked by its name
    (["indices", "--group", "EAEU", "--fill", "mirror", "--cif-fob", "0"], 2),
    (["indices", "--group", "EAEU", "--fill", "mirror", "--cif-fob", "nan"], 2),
    (["docs"], 2),
    (["docs", "serve"], 2),
    (["docs", "build", "-o", "/"], 1),
    (["cite", "--format", "ris"], 2),
    (["cite", "--source", "no-such-source"], 1),
    (["init"], 2),
    (["init", "/proc/no/such/place"], 1),
    (["import"], 2),
    (["import", "csv", "x", "-o", "y", "--name", "n"], 2),
    (["import", "wdi", "/nonexistent", "-o", "out"], 2),
    (["import", "wdi", "/nonexistent", "-o", "OUT", "--name", "bad name!"], 1),
    (["import", "wdi", "/nonexistent", "-o", "OUT", "--name", "ok"], 1),
    (["import", "dots-workbooks", "/nonexistent.xlsx", "-o", "OUT", "--name", "ok"], 1),
    (["import", "dots-workbooks", ".", "-o", "OUT", "--name", "ok"], 2),  # no workbook there
]


@pytest.mark.parametrize(("argv", "status"), BAD, ids=[" ".join(a) or "(none)" for a, _ in BAD])
def test_bad_arguments_exit_with_one_line_or_the_report_never_a_traceback(
    argv: list[str],
    status: int,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(argv) == status
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    lines = captured.err.strip().splitlines()
    assert lines or '"valid": false' in captured.out, "an error says something"
    if status == 2:
        assert len(lines) == 1 and lines[0].startswith("error: "), lines
        assert (
            "--help" in lines[0] or "e.g." in lines[0] or "give" in lines[0] or "needs" in lines[0]
        )
    assert not list(tmp_path.iterdir()) or status == 1  # a usage error writes nothing


def test_help_and_version_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--help"], ["--version"], ["indices", "--help"]):
        with pytest.raises(SystemExit) as done:
            main(argv)
        assert done.value.code == 0
    assert "integration-indicators" in capsys.readouterr().out


def test_an_unexpected_error_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from integration_indicators import cli

    def broken(args: object) -> int:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(cli, "_list", broken)
    assert main(["list"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "unexpected ZeroDivisionError" in err[0]
