"""The integration-indicators command line."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

import integration_indicators as ii
from integration_indicators.cli import main


def test_validate_bundled(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("catalogue OK: 89 sources, 38 indicators, 7097 observations")


def test_validate_broken_directory_lists_every_problem(
    catalogue_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = catalogue_dir / "observations.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",BLR,", ",XXA,"), encoding="utf-8")
    assert main(["validate", str(catalogue_dir)]) == 1
    err = capsys.readouterr().err
    count = text.count(",BLR,")
    assert f" problems in {catalogue_dir}:" in err.splitlines()[0]
    assert err.count("[iso-country]") == count
    assert err.count("[union-state]") == 9  # the Union State's own indicators, too
    assert "Traceback" not in err


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.strip().startswith("integration.programmes.count"))
    assert line.split()[1:3] == ["count", "5"]  # unit, observations


def test_export_to_stdout_and_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert len(records) == 7097
    target = tmp_path / "catalogue.csv"
    assert main(["export", "--format", "csv", "-o", str(target)]) == 0
    assert len(ii.read_observations(target)) == 7097


def test_export_into_a_missing_directory_is_a_clean_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "-o", str(tmp_path / "no" / "such" / "dir.csv")]) == 1
    assert capsys.readouterr().err.startswith("error:")


def test_usage_error_exits_2() -> None:
    assert main(["export", "--format", "xml"]) == 2


OFFICIAL_WDI = Path(__file__).resolve().parents[2] / "shared" / "official" / "world-bank-wdi"


@pytest.mark.skipif(not OFFICIAL_WDI.is_dir(), reason="../shared/official is not here")
def test_importing_rows_the_catalogue_holds_says_so_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalogue_dir = tmp_path / "copy"
    shutil.copytree(ii.bundled_path(), catalogue_dir)
    series = OFFICIAL_WDI
    before = sorted(p.name for p in catalogue_dir.iterdir())
    argv = [
        "import",
        "wdi",
        str(series / "sp.pop.totl"),
        "-o",
        str(catalogue_dir),
        "--name",
        "again",
    ]
    assert main(argv) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "already holds 1 of these 1 sources (wb-wdi-sp.pop.totl) in sources-wdi.yaml" in err[0]
    assert "import with --name wdi" in err[0] and "nothing was written" in err[0]
    assert sorted(p.name for p in catalogue_dir.iterdir()) == before


def test_crosscheck_as_of_a_date_judges_on_what_was_published_then(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["crosscheck", "--as-of", "2019-12-31", "--format", "csv"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype="str")
    ratio = table[
        (table["claim"] == "sochi19-economy-size-ratio")
        & (table["basis"] == "knowable")
        & (table["rule"] == "economy-size-ratio-usd")
    ].iloc[0]
    # the release of 2018-08-01 was the latest held on that day: its latest period is 2016
    assert (str(ratio["official_period"]), ratio["verdict"]) == ("2016", "overstated")
    assert set(table["as_of"].astype(str).str[:4]) <= {"2019"}  # no claim made later
    assert main(["metrics", "--as-of", "last year"]) == 2
    said = capsys.readouterr().err
    assert "--as-of 'last year': write an ISO 8601 day, e.g. --as-of 2019-12-01" in said


def test_indices_as_of_refuses_rows_without_a_release_date(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """IMF DOTS rows carry no release date: ``--as-of`` cannot say what was published then,
    so it refuses in one line (exit 2); ``--as-of-period-end`` keeps the periods ended by
    the date and says so: no 2019 row on 2019-12-01 (it ends on 2019-12-31), 2018 kept."""
    assert main(["indices", "--pair", "BLR,RUS", "--as-of", "2019-12-01"]) == 2
    said = capsys.readouterr().err.strip().splitlines()
    assert len(said) == 1 and "1512 official rows have no release date" in said[0]
    assert "--as-of-period-end" in said[0]
    assert (
        main(
            [
                "indices",
                "--pair",
                "BLR,RUS",
                "--as-of",
                "2019-12-01",
                "--as-of-period-end",
                "--format",
                "csv",
            ]
        )
        == 0
    )
    out, err = capsys.readouterr()
    years = {line.split(",")[0] for line in out.splitlines()[1:] if line.count(",") > 2}
    assert "2018" in years and "2019" not in years and "2020" not in years
    assert "kept where their period ended by 2019-12-01" in err


def test_list_fits_100_columns_and_repr_is_short(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= 100 and len(lines) == 39  # header + 38
    assert any(line.endswith(" more") for line in lines)  # sources beyond the width counted
    said = repr(ii.load())
    assert len(said) < 300 and said.startswith("Catalogue(") and "7097 observations" in said
