"""validate reads every file of a catalogue: catalogue.yaml, headline.yaml and groups.yaml
broken in each way the audit found are reported with their rule, never called OK; a CSV cut
inside a quoted field is malformed at its row."""

from __future__ import annotations

from pathlib import Path

import pytest

import integration_indicators as ii
from integration_indicators.cli import main

ALIAS_BOMB = (
    'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n'
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\ntitle: *c\n"
)
BROKEN = {
    "empty": ("", "empty-file"),
    "malformed": ("title: [unclosed\n", "malformed-yaml"),
    "python tag": ("title: !!python/object/apply:os.system ['echo pwned']\n", "malformed-yaml"),
    "alias bomb": (ALIAS_BOMB, "malformed-yaml"),
}


@pytest.mark.parametrize("name", ["catalogue.yaml", "headline.yaml", "groups.yaml"])
@pytest.mark.parametrize("case", sorted(BROKEN))
def test_validate_reports_a_broken_described_file(
    catalogue_dir: Path, name: str, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    text, rule = BROKEN[case]
    (catalogue_dir / name).write_text(text, encoding="utf-8")
    assert main(["validate", str(catalogue_dir)]) == 1
    said = capsys.readouterr().err
    assert f"{name}" in said and f"[{rule}]" in said and "catalogue OK" not in said
    report = ii.validate(catalogue_dir)
    assert not report.valid and {p.rule for p in report.problems} == {rule}


def test_every_problem_of_every_described_file_at_once(catalogue_dir: Path) -> None:
    (catalogue_dir / "catalogue.yaml").write_text("", encoding="utf-8")
    (catalogue_dir / "headline.yaml").write_text("- name: x\n  compute: ratio(\n", "utf-8")
    report = ii.validate(catalogue_dir)
    assert {(p.file, p.rule) for p in report.problems} == {
        ("catalogue.yaml", "empty-file"),
        ("headline.yaml", "headline-formula"),
    }


def test_a_csv_cut_inside_a_quoted_field_is_malformed_at_its_row(catalogue_dir: Path) -> None:
    path = catalogue_dir / "observations.csv"
    text = path.read_text(encoding="utf-8")
    cut = text.rstrip("\n").rfind('"')  # the closing quote of the last row's last field
    path.write_text(text[:cut] + "\n", encoding="utf-8")
    rows = text[:cut].count("\n") + 1
    with pytest.raises(ii.ValidationError) as caught:
        ii.load(catalogue_dir, cache=False)
    (problem,) = caught.value.problems
    assert (problem.file, problem.rule, problem.row) == ("observations.csv", "malformed-csv", rows)


def test_overlapping_memberships_are_refused_at_their_line(tmp_path: Path) -> None:
    from integration_indicators.analysis.groups import read_groups

    entry = (
        "- group: G\n  name: A group\n  geo: {geo}\n  from: '{start}'\n  until: '{end}'\n"
        "  sources: [a page]\n"
    )
    path = tmp_path / "groups.yaml"
    path.write_text(
        entry.format(geo="BLR", start="2000-01-01", end="2010-01-01")
        + entry.format(geo="BLR", start="2009-06-01", end="")  # overlaps the first
        + entry.format(geo="RUS", start="2000-01-01", end="2010-01-01")
        + entry.format(geo="RUS", start="2010-01-01", end=""),  # starts the day the first ends
        encoding="utf-8",
    )
    with pytest.raises(ii.ValidationError) as caught:
        read_groups(path)
    assert [(p.row, p.column, p.rule) for p in caught.value.problems] == [
        (7, "from", "membership-overlap")
    ]
