"""A desk's spreadsheet of claims into a catalogue, checked, in one command.

tests/data/desk-claims.csv holds 20 claims made up for this test (mixed currencies, number
words, ranges, hedges, rows leaving indicator, geo or period to be proposed); the official
figures and rates are those of the bundled catalogue, copied here where a verdict is worked
out by hand.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

import integration_indicators as ii
from integration_indicators.cli import main

from .conftest import BALANCE_2019, BYN_2019, EUR_2019, GDP_BLR_2019

SHEET = Path(__file__).parent / "data" / "desk-claims.csv"


@pytest.fixture
def catalogue(full_catalogue: Path) -> Path:
    """The catalogue a desk adds to: the bundled one, official data included."""
    return full_catalogue


def _sheet(
    tmp_path: Path, edit: dict[int, dict[str, str]] | None = None, extra: str | None = None
) -> Path:
    with SHEET.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    for position, cells in (edit or {}).items():
        rows[position].update(cells)
    fields = list(rows[0]) + ([extra] if extra else [])
    path = tmp_path / "sheet.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows([{**r, **({extra: "x"} if extra else {})} for r in rows])
    return path


def test_twenty_claims_become_a_valid_addition_and_a_crosscheck(
    catalogue: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["claims", "add", str(SHEET), "-o", str(catalogue)]) == 0
    out = capsys.readouterr()
    assert "wrote 20 claims of 8 sources" in out.err
    cat = ii.load(catalogue)
    table = cat.crosscheck()
    claims = pd.read_csv(catalogue / "observations-claims.csv", dtype="str", keep_default_na=False)
    assert len(claims) == 20
    record = table[table["of_record"] & table["claim"].isin(claims["id"])].set_index("claim")
    assert len(record) == 20
    by_figure = record.reset_index().set_index("figure")
    # BYN 134.7 billion: [134.65, 134.75] / 2.0918 holds the official 64.41 billion
    assert 134.65e9 / BYN_2019 <= GDP_BLR_2019 <= 134.75e9 / BYN_2019
    assert by_figure.loc["134.7 billion Belarusian roubles", "verdict"] == "consistent"
    # EUR 7.5 billion of deficit: [7.45, 7.55] / 0.8933 = [8.340, 8.452] billion against 8.331
    gap = 7.45e9 / EUR_2019 - abs(BALANCE_2019)
    assert 0 < gap <= 0.05 * abs(BALANCE_2019)
    assert by_figure.loc["€7.5 billion", "verdict"] == "close"
    assert by_figure.loc["eight times", "verdict"] == "understated"  # against 26.3
    assert by_figure.loc["110 million", "verdict"] == "understated"  # against 145.5 million
    assert by_figure.loc["nine and a half million", "verdict"] == "close"
    assert "converted to USD at 0.893276 EUR per US dollar" in str(
        by_figure.loc["€7.5 billion", "reasons"]
    )
    assert out.out.count("\n") == 21  # the header and one verdict of record per claim


def test_missing_fields_are_proposed_and_said(
    catalogue: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["claims", "add", str(SHEET), "-o", str(catalogue)]) == 0
    err = capsys.readouterr().err
    claims = pd.read_csv(
        catalogue / "observations-claims.csv", dtype="str", keep_default_na=False
    ).set_index("figure")
    row = claims.loc["close to 9.4 million"]  # no indicator, geo or period on the sheet
    assert (row["indicator"], row["geo"], row["period"]) == ("population.total", "BLR", "2018")
    assert (row["value"], row["unit"], row["qualifier"]) == ("9.4", "million person", "approximate")
    assert "proposed by claims add from the quote: indicator, geo, period; review" in row["note"]
    assert "row 12 (weekly-review-2019-06-01-1): proposed indicator, geo, period; review" in err
    euros = claims.loc["€7.5 billion"]
    assert (euros["value"], euros["unit"], euros["status"]) == ("-7.5", "billion EUR", "claimed")


def test_a_dry_run_writes_nothing(catalogue: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = sorted(p.name for p in catalogue.iterdir())
    assert main(["claims", "add", str(SHEET), "-o", str(catalogue), "--dry-run"]) == 0
    assert sorted(p.name for p in catalogue.iterdir()) == before
    printed = capsys.readouterr().out
    assert printed.startswith("id,indicator,geo,counterpart,period,as_of,valid_until,value")
    assert printed.count("\n") == 21


def test_a_row_that_cannot_be_placed_is_reported_and_nothing_written(
    catalogue: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = _sheet(
        tmp_path,
        {
            2: {"geo": "", "quote": "It has nine and a half million people, the minister said."},
            10: {"figure": "many", "quote": "Belarus's population in 2018 was many."},
        },
    )
    before = sorted(p.name for p in catalogue.iterdir())
    assert main(["claims", "add", str(sheet), "-o", str(catalogue)]) == 1
    err = capsys.readouterr().err
    assert "sheet.csv row 4, column 'geo'" in err and "the quote names no economy" in err
    # "many" reads as no number: the quote names population (its concept), the figure fails
    assert "sheet.csv row 12, column 'figure'" in err and "[figure-unreadable]" in err
    assert sorted(p.name for p in catalogue.iterdir()) == before


def test_an_unknown_column_is_refused_by_name(
    catalogue: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["claims", "add", str(_sheet(tmp_path, extra="mood")), "-o", str(catalogue)]) == 1
    assert "column 'mood'" in capsys.readouterr().err


def test_a_file_the_library_did_not_write_is_never_replaced(
    catalogue: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header = (catalogue / "observations.csv").read_text(encoding="utf-8").splitlines()[0]
    mine = catalogue / "observations-claims.csv"
    mine.write_text(header + "\n", encoding="utf-8")  # valid, empty, and the user's
    (catalogue / "sources-claims.yaml").write_text("[]\n", encoding="utf-8")
    ii.load(catalogue)
    assert main(["claims", "add", str(SHEET), "-o", str(catalogue)]) == 1
    assert "was not written by an import of this library" in capsys.readouterr().err
    assert mine.read_text(encoding="utf-8") == header + "\n"


def test_a_spreadsheet_without_claims_says_so(
    catalogue: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "empty.csv"
    sheet.write_text("quote,figure,attributed_to,published_in,date,url\n", encoding="utf-8")
    assert main(["claims", "add", str(sheet), "-o", str(catalogue)]) == 1
    assert "holds no claims" in capsys.readouterr().err


def _rows_of(sheet: Path, keep: range) -> list[dict[str, str]]:
    with sheet.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    return [rows[i] for i in keep]


def _write_sheet(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_a_second_add_joins_the_first_and_a_changed_claim_needs_replace(
    catalogue_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two spreadsheets into one NAME: both kept; the same spreadsheet again changes nothing;
    a held claim given other fields is refused (named, row and column) unless --replace."""
    first = _write_sheet(tmp_path / "a.csv", _rows_of(SHEET, range(0, 3)))
    second = _write_sheet(tmp_path / "b.csv", _rows_of(SHEET, range(3, 6)))
    assert main(["claims", "add", str(first), "-o", str(catalogue_dir)]) == 0
    assert main(["claims", "add", str(second), "-o", str(catalogue_dir)]) == 0
    held = pd.read_csv(
        catalogue_dir / "observations-claims.csv", dtype="str", keep_default_na=False
    )
    assert len(held) == 6 and held["id"].is_unique
    before = (catalogue_dir / "observations-claims.csv").read_bytes()
    assert main(["claims", "add", str(first), "-o", str(catalogue_dir)]) == 0  # again: no change
    assert (catalogue_dir / "observations-claims.csv").read_bytes() == before
    changed = _rows_of(SHEET, range(0, 3))
    changed[1]["period"] = "2017"
    edited = _write_sheet(tmp_path / "c.csv", changed)
    capsys.readouterr()
    assert main(["claims", "add", str(edited), "-o", str(catalogue_dir)]) == 1
    said = capsys.readouterr().err
    assert "c.csv row 3, column 'period'" in said and "[claim-changed]" in said
    assert "--replace" in said
    assert (catalogue_dir / "observations-claims.csv").read_bytes() == before
    assert main(["claims", "add", str(edited), "-o", str(catalogue_dir), "--replace"]) == 0
    after = pd.read_csv(
        catalogue_dir / "observations-claims.csv", dtype="str", keep_default_na=False
    )
    assert len(after) == 6 and set(after["id"]) == set(held["id"])
    assert (after["period"] == "2017").sum() == (held["period"] == "2017").sum() + 1


def test_concurrent_adds_under_one_name_lose_nothing(catalogue_dir: Path, tmp_path: Path) -> None:
    """Three processes add two claims each under one name at once: all six are kept (the
    writers' lock orders them)."""
    import subprocess
    import sys

    sheets = [
        _write_sheet(tmp_path / f"s{i}.csv", _rows_of(SHEET, range(2 * i, 2 * i + 2)))
        for i in range(3)
    ]
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "integration_indicators.cli",
                "claims",
                "add",
                str(s),
                "-o",
                str(catalogue_dir),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for s in sheets
    ]
    said = [run.communicate(timeout=600) for run in runs]
    assert all(run.returncode == 0 for run in runs), said
    held = pd.read_csv(
        catalogue_dir / "observations-claims.csv", dtype="str", keep_default_na=False
    )
    assert len(held) == 6 and held["id"].is_unique


def test_keep_going_into_a_new_directory_checks_a_spreadsheet_in_one_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "claims add -o NEWDIR" makes a catalogue holding the bundled official series; with
    --keep-going the rows that pass are written and judged, and the refused rows' reasons
    are in refused-claims.csv beside them (all or nothing stays the default)."""
    rows = _rows_of(SHEET, range(0, 2))
    rows.append(
        dict(
            rows[0],
            quote="Exports reached ¥5 trillion.",
            figure="¥5 trillion",
            geo="",
            indicator="trade.goods.exports",
            counterpart="",
            period="2019",
        )
    )
    sheet = _write_sheet(tmp_path / "desk.csv", rows)
    target = tmp_path / "new-desk"
    assert main(["claims", "add", str(sheet), "-o", str(target)]) == 1  # all or nothing
    assert not (target / "observations-claims.csv").exists()
    capsys.readouterr()
    assert main(["claims", "add", str(sheet), "-o", str(target), "--keep-going"]) == 0
    said = capsys.readouterr()
    written = pd.read_csv(target / "observations-claims.csv", dtype="str", keep_default_na=False)
    assert len(written) == 2
    refused = pd.read_csv(target / "refused-claims.csv", dtype="str", keep_default_na=False)
    assert set(refused["row"]) == {"4"}
    assert refused["reason"].str.contains("'¥' names no one currency").any()
    assert "verdict" in said.out and "reason" in said.out and "close" in said.out
    assert (target / "observations-wdi.csv").is_file()  # the official series it checks against


def test_the_catalogue_is_loaded_once_and_the_verdicts_equal_a_fresh_load(
    catalogue_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`claims add` reads the catalogue once: the claims are validated with its definitions
    in a scratch copy without its observation files, and judged on the catalogue joined in
    memory, which gives the verdicts a fresh load of the written files gives."""
    from integration_indicators.catalogue import loader
    from integration_indicators.importers.claims import add_claims

    sheet = _write_sheet(tmp_path / "a.csv", _rows_of(SHEET, range(0, 8)))
    loaded: list[Path] = []
    real = loader.load

    def counted(path: object = None, **options: bool) -> ii.Catalogue:
        loaded.append(Path(str(path)))
        return real(path, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "load", counted)
    intake, written = add_claims(sheet, catalogue_dir, "claims")
    assert written is not None and intake.catalogue is not None
    assert loaded.count(catalogue_dir) == 1 and len(loaded) == 2  # the catalogue, the scratch
    monkeypatch.undo()
    ids = set(pd.concat([r.observations["id"] for r in intake.results]))
    columns = ["claim", "rule", "basis", "verdict", "official_value", "reasons"]

    def verdicts(cat: ii.Catalogue) -> pd.DataFrame:
        table = cat.crosscheck()
        return table[table["claim"].isin(ids)].loc[:, columns].sort_values(columns[:3])

    fresh = ii.load(catalogue_dir, cache=False)
    pd.testing.assert_frame_equal(
        verdicts(intake.catalogue).reset_index(drop=True), verdicts(fresh).reset_index(drop=True)
    )
    assert len(intake.catalogue.observations()) == len(fresh.observations())


def test_an_id_another_file_uses_is_refused_without_reading_that_file_again(
    catalogue_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The scratch validation holds no other observation file, so a claim whose id another
    file uses is refused by the check against the loaded catalogue: the spreadsheet's row,
    the id and the rule, and nothing written."""
    sheet = _write_sheet(tmp_path / "a.csv", _rows_of(SHEET, range(0, 2)))
    assert main(["claims", "add", str(sheet), "-o", str(catalogue_dir), "--dry-run"]) == 0
    dry = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype="str", keep_default_na=False)
    taken = dry["id"].iloc[1]
    official = pd.read_csv(catalogue_dir / "observations.csv", dtype="str", keep_default_na=False)
    other = official.iloc[:1].assign(id=taken, period="1901")  # another figure, the claim's id
    other.to_csv(catalogue_dir / "observations-other.csv", index=False)
    assert main(["claims", "add", str(sheet), "-o", str(catalogue_dir)]) == 1
    said = capsys.readouterr().err
    assert "a.csv row 3, column 'id'" in said and "[unique]" in said and taken in said
    assert not (catalogue_dir / "observations-claims.csv").exists()
