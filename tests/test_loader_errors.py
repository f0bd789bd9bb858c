"""One broken catalogue per error class: each names file, row, column, value and rule."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import integration_indicators as ii

from .conftest import problems_of, read_rows, write_rows

# (observation id, cells to set, column reported, rule, words of the message)
CELL_ERRORS = [
    (
        "jt23-balance-2019",
        {"indicator": "trade.nothing"},
        "indicator",
        "unknown-indicator",
        "no indicator with this id",
    ),
    (
        "jt23-balance-2019",
        {"source": "nobody"},
        "source",
        "unknown-source",
        "no source with this id",
    ),
    (
        "jt23-balance-2019",
        {"geo": "XXA"},
        "geo",
        "iso-country",
        "not an economy code (ISO 3166-1 or 3166-3 alpha-3, or XKX, CHI, XBL, XYA)",
    ),
    ("jt23-balance-2019", {"geo": "by"}, "geo", "country-shape", "three capital letters"),
    (
        "bw24-labour-active",
        {"counterpart": "RUS"},
        "counterpart",
        "counterpart-not-applicable",
        "leave it empty",
    ),
    ("jt23-balance-2019", {"period": "2023-13"}, "period", "period", "not a calendar date"),
    ("jt23-balance-2019", {"period": "Q1 2019"}, "period", "period", "not an ISO 8601 period"),
    ("jt23-balance-2019", {"period": "2024/2020"}, "period", "period", "ends before it starts"),
    ("jt23-balance-2019", {"as_of": "yesterday"}, "as_of", "as-of", "not an ISO 8601 date"),
    ("jt23-balance-2019", {"value": "-8,4"}, "value", "number-or-empty", "plain decimal number"),
    ("jt23-balance-2019", {"value": "inf"}, "value", "number-or-empty", "no inf or nan"),
    ("jt23-balance-2019", {"value": "NaN"}, "value", "number-or-empty", "no inf or nan"),
    ("jt23-balance-2019", {"value": "1e400"}, "value", "number-or-empty", "not a finite number"),
    (
        "jt23-balance-2019",
        {"lower": "-9"},
        "value",
        "qualifier-bounds",
        "qualifier exact needs a value and no bounds",
    ),
    (
        "jt23-programmes-implementation-apr",
        {"upper": ""},
        "upper",
        "qualifier-bounds",
        "needs upper = value",
    ),
    (
        "jt23-programmes-implementation-apr",
        {"upper": "85"},
        "upper",
        "qualifier-bounds",
        "needs upper = value",
    ),
    (
        "bw24-emigration-experts",
        {"upper": ""},
        "lower",
        "qualifier-bounds",
        "needs both lower and upper",
    ),
    ("jt23-balance-2022", {"value": "1"}, "value", "qualifier-bounds", "one bound of 0"),
    ("jt23-balance-2022", {"lower": "5"}, "value", "qualifier-bounds", "one bound of 0"),
    (
        "bw24-emigration-experts",
        {"lower": "500000", "upper": "200000"},
        "value",
        "bounds-order",
        "lower <= value <= upper",
    ),
    (
        "jt23-balance-2019",
        {"figure": "$9 billion"},
        "figure",
        "figure-not-in-quote",
        "not in the quote",
    ),
    (
        "jt23-balance-2019",
        {"value": "-8.5"},
        "figure",
        "figure-mismatch",
        "the figure says [8,400,000,000]",
    ),
    (
        "bw24-population",
        {"unit": "person"},
        "figure",
        "figure-mismatch",
        "the figure says [9,500,000]",
    ),
    ("jt23-balance-2019", {"figure": ""}, "figure", "not-empty", "needs its figure and quote"),
    (
        "jt23-balance-2019",
        {"unit": "billion EURO"},
        "unit",
        "unit-unknown",
        "not a unit of the library's registry",
    ),
    (
        "jt23-balance-2019",
        {"unit": "10**10**10"},
        "unit",
        "unit-grammar",
        "unit words joined by spaces",
    ),
    ("jt23-balance-2019", {"unit": "b" * 10_000}, "unit", "unit-grammar", "at most 64 characters"),
    (
        "jt23-balance-2019",
        {"unit": "ｂillion USD"},
        "unit",
        "unit-grammar",
        "unit words joined by spaces",
    ),
    ("jt23-balance-2019", {"unit": "$"}, "unit", "unit-grammar", "unit words joined by spaces"),
    (
        "jt23-balance-2019",
        {"unit": "billion person"},
        "unit",
        "unit-dimension",
        "has dimension [person]",
    ),
    (
        "jt23-balance-2019",
        {"qualifier": "roughly"},
        "qualifier",
        "qualifier",
        "must be one of exact",
    ),
    ("jt23-balance-2019", {"status": "rumoured"}, "status", "status", "must be one of reported"),
    ("jt23-balance-2019", {"id": "jt23-balance-2018"}, "id", "unique", "ids must be unique"),
    ("jt23-balance-2019", {"id": "Not A Slug"}, "id", "slug", "lower-case letters"),
]


@pytest.mark.parametrize(("row_id", "cells", "column", "rule", "words"), CELL_ERRORS)
def test_cell_error(
    edit_row: Callable[..., Path],
    row_id: str,
    cells: dict[str, str],
    column: str,
    rule: str,
    words: str,
) -> None:
    rows = read_rows(edit_row(row_id))
    spreadsheet_row = 2 + next(i for i, r in enumerate(rows) if r["id"] == row_id)
    problems = problems_of(edit_row(row_id, **cells))
    mine = [p for p in problems if p.rule == rule and p.row == spreadsheet_row]
    assert mine, problems
    problem = mine[0]
    assert (problem.file, problem.column) == ("observations.csv", column)
    assert words in problem.message
    assert words in str(problem) or words in problem.message


def test_error_is_a_value_error_with_a_report(edit_row: Callable[..., Path]) -> None:
    directory = edit_row("jt23-balance-2019", geo="XXA", unit="billion person")
    message = "observations.csv row 22, column 'geo': 'XXA': not an economy code (ISO 3166-1 or 3166-3 alpha-3, or XKX, CHI, XBL, XYA)"
    with pytest.raises(ValueError, match=re.escape(message)) as caught:
        ii.load(directory)
    assert isinstance(caught.value, ii.ValidationError)
    assert caught.value.rule_counts() == {"iso-country": 1, "unit-dimension": 1}
    assert str(caught.value).startswith(f"2 problems in {directory}:")


def test_every_problem_is_reported_at_once(catalogue_dir: Path) -> None:
    rows = read_rows(catalogue_dir)
    for row in rows:
        row["geo"] = "XXA"
    write_rows(catalogue_dir, rows)
    problems = problems_of(catalogue_dir)
    assert len([p for p in problems if p.rule == "iso-country"]) == len(rows)


def test_duplicate_key(catalogue_dir: Path) -> None:
    rows = read_rows(catalogue_dir)
    twin = dict(rows[0], id="a-new-id")
    write_rows(catalogue_dir, [*rows, twin])
    problems = problems_of(catalogue_dir)
    assert {(p.row, p.rule) for p in problems} == {
        (2, "duplicate-key"),
        (len(rows) + 2, "duplicate-key"),
    }


def test_two_wordings_of_one_quantity_in_one_source_are_two_claims(catalogue_dir: Path) -> None:
    """Same key, another quote (a second speaker in the article): both load and both are
    checked; the same quote again stays a duplicate (test_duplicate_key)."""
    rows = read_rows(catalogue_dir)
    (first,) = [r for r in rows if r["id"] == "bw24-population"]
    figure = "nine and a half million"
    twin = dict(
        first,
        id="bw24-population-in-words",
        figure=figure,
        quote=f"A second speaker put the population at {figure}.",
    )
    write_rows(catalogue_dir, [*rows, twin])
    cat = ii.load(catalogue_dir)
    table = cat.crosscheck()
    ours = table[table["claim"].isin(["bw24-population", "bw24-population-in-words"])]
    assert ours.groupby("claim")["verdict"].agg(tuple).nunique() == 1  # one quantity, one verdict
    assert set(ours["claim"]) == {"bw24-population", "bw24-population-in-words"}


def test_the_duplicate_message_names_the_quote(catalogue_dir: Path) -> None:
    rows = read_rows(catalogue_dir)
    write_rows(catalogue_dir, [*rows, dict(rows[0], id="a-new-id")])
    (problem, _) = [p for p in problems_of(catalogue_dir) if p.rule == "duplicate-key"]
    assert problem.message.endswith("source, status, quote, figure and valid_until")


def test_long_values_are_shortened_in_the_report(edit_row: Callable[..., Path]) -> None:
    with pytest.raises(ii.ValidationError) as caught:
        ii.load(edit_row("jt23-balance-2019", unit="x" * 1_000_000))
    assert "(1000000 characters)" in str(caught.value)
    assert len(str(caught.value)) < 2_000


# --- YAML files ---------------------------------------------------------------------------


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


YAML_ERRORS = [
    ("sources.yaml", "kind: news", "kind: gossip", "kind", "source-kind"),
    (
        "sources.yaml",
        'date_published: "2024-02-02"',
        'date_published: "2024-02-30"',
        "date_published",
        "date",
    ),
    (
        "sources.yaml",
        'date_published: "2024-02-02"',
        "date_published: {year: 2024}",
        "date_published",
        "not-text",
    ),
    ("sources.yaml", 'url_main: ""', 'url_main: "ftp://x"', "url_main", "url-or-empty"),
    ("sources.yaml", "inferred: []", "inferred: [mood]", "inferred", "inferred-fields"),
    ("indicators.yaml", "unit: USD", "unit: EURO", "unit", "unit-unknown"),
    ("indicators.yaml", "measure: flow", "measure: wave", "measure", "measure"),
    ("indicators.yaml", "id: trade.goods.turnover", "id: Trade", "id", "indicator-id"),
]


@pytest.mark.parametrize(("file", "old", "new", "column", "rule"), YAML_ERRORS)
def test_yaml_field_error(
    catalogue_dir: Path, file: str, old: str, new: str, column: str, rule: str
) -> None:
    _replace(catalogue_dir / file, old, new)
    text = (catalogue_dir / file).read_text(encoding="utf-8")
    line = 1 + text[: text.index(new)].count("\n")
    problems = [p for p in problems_of(catalogue_dir) if p.file == file]
    assert [(p.row, p.column, p.rule) for p in problems][:1] == [(line, column, rule)]


FILE_ERRORS = [
    ("sources.yaml", b"- id: x\n\ttitle: tab\n", "malformed-yaml", "line 2"),
    (
        "sources.yaml",
        b"- !!python/object/apply:os.system ['echo hacked']\n",
        "malformed-yaml",
        "python/object",
    ),
    (
        "sources.yaml",
        b"a: &a [1, 2]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n",
        "malformed-yaml",
        "aliases",
    ),
    ("sources.yaml", b"- id: a\n  id: b\n", "malformed-yaml", "duplicate key 'id'"),
    ("sources.yaml", b"id: a\n", "yaml-shape", "must be a list"),
    ("indicators.yaml", b"", "empty-file", "empty"),
    ("indicators.yaml", b"\x00\x01\x02binary", "binary-file", "NUL"),
    ("indicators.yaml", b"- id: caf\xe9\n", "not-utf8", "not UTF-8"),
    ("observations.csv", b"id;indicator;geo\na;b;c\n", "csv-delimiter", "separate fields with ','"),
    ("observations.csv", b'id,indicator\n"a,b\n', "malformed-csv", "EOF"),
    ("observations.csv", b"id,id\na,b\n", "csv-header", "repeated column names"),
    # found by the fuzz suite: a row longer than the header became pandas' index
    ("observations.csv", b"id,indicator\na,b,c\n", "malformed-csv", "more fields than the header"),
]


@pytest.mark.parametrize(("file", "content", "rule", "words"), FILE_ERRORS)
def test_file_error(catalogue_dir: Path, file: str, content: bytes, rule: str, words: str) -> None:
    (catalogue_dir / file).write_bytes(content)
    problems = problems_of(catalogue_dir)
    mine = [p for p in problems if p.file == file]
    assert [p.rule for p in mine] == [rule]
    assert words in mine[0].message


def test_missing_file_and_directory(catalogue_dir: Path, tmp_path: Path) -> None:
    (catalogue_dir / "indicators.yaml").unlink()
    problems = problems_of(catalogue_dir)
    assert [(p.file, p.rule) for p in problems] == [("indicators.yaml", "missing-file")]
    missing = problems_of(tmp_path / "nowhere")
    assert [p.rule for p in missing] == ["missing-directory"]


def test_yaml_entry_missing_a_field(catalogue_dir: Path) -> None:
    path = catalogue_dir / "sources.yaml"
    text = path.read_text(encoding="utf-8")
    _replace(path, '  license: ""\n', "")
    entry_line = 1 + text[: text.index("- id: belarus-weekly-2024-02-02")].count("\n")
    problems = problems_of(catalogue_dir)
    assert [(p.file, p.row, p.column, p.rule) for p in problems] == [
        ("sources.yaml", entry_line, "license", "missing-field")
    ]


def test_yaml_entries_that_are_not_mappings(catalogue_dir: Path) -> None:
    (catalogue_dir / "sources.yaml").write_text("- 1\n- just text\n", encoding="utf-8")
    problems = [p for p in problems_of(catalogue_dir) if p.file == "sources.yaml"]
    assert [(p.row, p.rule) for p in problems] == [(1, "yaml-shape"), (2, "yaml-shape")]


def test_header_only_catalogue_is_empty_not_an_error(catalogue_dir: Path) -> None:
    path = catalogue_dir / "observations.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert ii.load(catalogue_dir).observations().empty


def test_missing_and_unknown_columns(catalogue_dir: Path) -> None:
    rows = read_rows(catalogue_dir)
    for row in rows:
        del row["note"]
        row["colour"] = "red"
    write_rows(catalogue_dir, rows)
    problems = problems_of(catalogue_dir)
    assert {(p.column, p.rule) for p in problems} == {
        ("note", "missing-column"),
        ("colour", "unknown-column"),
    }


def test_bom_and_crlf_load_the_same(catalogue_dir: Path) -> None:
    before = ii.load(catalogue_dir).observations()
    for name in ("observations.csv", "sources.yaml", "indicators.yaml"):
        path = catalogue_dir / name
        text = path.read_text(encoding="utf-8")
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    after = ii.load(catalogue_dir).observations()
    assert before.drop(columns=[]).equals(after)


def test_a_user_catalogue_in_another_directory_loads(catalogue_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "mine"
    shutil.move(catalogue_dir, target)
    assert ii.load(target).location == str(target)


@pytest.mark.parametrize(
    ("figure", "cells"),
    [
        ("six and a half million", {"value": "6.5", "unit": "million person"}),
        ("nine and a half million", {"value": "9.5", "unit": "million person"}),
        (
            "between 9.4 and 9.5 million",
            {
                "value": "",
                "lower": "9.4",
                "upper": "9.5",
                "unit": "million person",
                "qualifier": "range",
            },
        ),
    ],
)
def test_figures_in_words_and_one_scale_ranges_load(
    edit_row: Callable[..., Path], figure: str, cells: dict[str, str]
) -> None:
    """A figure written in words, or a range with one scale word, is read as written."""
    quote = f"Belarus has {figure} people."
    cat = ii.load(edit_row("bw24-population", figure=figure, quote=quote, **cells))
    row = cat.observations().set_index("id").loc["bw24-population"]
    assert row["figure"] == figure


def test_a_figure_that_fails_says_what_to_write(edit_row: Callable[..., Path]) -> None:
    """The mismatch message gives the numbers read and the value that would record them."""
    directory = edit_row(
        "bw24-population",
        figure="six and a half million",
        quote="Belarus has six and a half million people.",
        value="6",
    )
    (problem,) = [p for p in problems_of(directory) if p.rule == "figure-mismatch"]
    assert "the figure says [6,500,000]" in problem.message
    assert "write value 6.5 in 'million person'" in problem.message


def test_a_figure_without_a_number_says_how_to_write_one(edit_row: Callable[..., Path]) -> None:
    directory = edit_row(
        "bw24-population", figure="many millions", quote="Belarus has many millions of people."
    )
    (problem,) = [p for p in problems_of(directory) if p.rule == "figure-mismatch"]
    assert "writes no number the library reads" in problem.message
    assert "'six and a half million'" in problem.message


def test_the_estimated_flag_is_true_false_or_empty(catalogue_dir: Path) -> None:
    rows = read_rows(catalogue_dir)
    for row in rows:  # the optional column, given for every row
        row["estimated"] = ""
    rows[3]["estimated"], rows[5]["estimated"] = "yes", "TRUE"
    write_rows(catalogue_dir, rows)
    problems = problems_of(catalogue_dir)
    flagged = {(p.row, p.column, p.value, p.rule) for p in problems}
    assert flagged == {
        (5, "estimated", "yes", "true-false-or-empty"),
        (7, "estimated", "TRUE", "true-false-or-empty"),
    }
    rows[3]["estimated"], rows[5]["estimated"] = "true", "false"
    write_rows(catalogue_dir, rows)
    obs = ii.load(catalogue_dir).observations().set_index("id")
    assert obs["estimated"].dtype == bool
    assert obs.loc[rows[3]["id"], "estimated"] and not obs.loc[rows[5]["id"], "estimated"]
    assert obs["estimated"].sum() == 1
