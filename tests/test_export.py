"""Export to CSV and JSON, read back losslessly, written atomically."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import integration_indicators as ii
from integration_indicators.publish import export
from integration_indicators.publish.datapackage import export_datapackage

from .conftest import read_rows, write_rows


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_round_trip_bundled(tmp_path: Path, fmt: export.ExportFormat) -> None:
    cat = ii.load()
    path = tmp_path / f"catalogue.{fmt}"
    text = ii.export_observations(cat, fmt, path)
    assert path.read_text(encoding="utf-8") == text
    pd.testing.assert_frame_equal(ii.read_observations(path), cat.observations())


text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    value=st.floats(min_value=-1e15, max_value=1e15, allow_nan=False).filter(lambda x: x != 0),
    note=text,
    title=text,
)
def test_round_trip_every_digit_and_character(
    catalogue_dir: Path, tmp_path: Path, value: float, note: str, title: str
) -> None:
    rows = read_rows(catalogue_dir)
    row = next(r for r in rows if r["id"] == "jt23-balance-2019")
    row.update(value=repr(value), unit="USD", figure="", status="official", quote="", note=note)
    write_rows(catalogue_dir, rows)
    sources = catalogue_dir / "sources.yaml"
    original = 'title: "Could Russia Lose Belarus?"'
    sources.write_text(
        sources.read_text(encoding="utf-8").replace(original, f"title: {json.dumps(title)}"),
        encoding="utf-8",
    )
    catalogue = ii.load(catalogue_dir)
    observations = catalogue.observations()
    package = export_datapackage(catalogue, tmp_path / "package")
    again = ii.load(package, cache=False)
    pd.testing.assert_frame_equal(again.observations(), observations, check_exact=True)
    pd.testing.assert_frame_equal(again.sources, catalogue.sources, check_exact=True)
    pd.testing.assert_frame_equal(again.indicators, catalogue.indicators, check_exact=True)
    formats: tuple[export.ExportFormat, ...] = ("csv", "json")
    for fmt in formats:
        path = tmp_path / f"out.{fmt}"
        ii.export_observations(ii.load(catalogue_dir), fmt, path)
        back = ii.read_observations(path)
        pd.testing.assert_frame_equal(back, observations, check_exact=True)
        restored = back.set_index("id").loc["jt23-balance-2019"]
        assert restored["value"] == value
        assert restored["value_as_written"] == repr(value)


def test_failed_write_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "catalogue.csv"
    path.write_text("old contents\n", encoding="utf-8")

    def broken_fsync(*args: object, **kwargs: object) -> object:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(ii.OutputError, match="disk full"):
        ii.export_observations(ii.load(), "csv", path)
    assert path.read_text(encoding="utf-8") == "old contents\n"
    assert [p.name for p in tmp_path.iterdir()] == ["catalogue.csv"]


def test_reading_a_bad_export_is_a_validation_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("id,indicator\na,b\n", encoding="utf-8")
    with pytest.raises(ii.ValidationError, match="the column is missing"):
        ii.read_observations(path)
    broken = tmp_path / "bad.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(ii.ValidationError, match="unreadable-export"):
        ii.read_observations(broken)


def test_datapackage_of_the_bundled_catalogue(tmp_path: Path) -> None:
    from integration_indicators.cli import main

    assert main(["export", "--format", "datapackage", "-o", str(tmp_path / "pkg")]) == 0
    descriptor = json.loads((tmp_path / "pkg" / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["path"] for r in descriptor["resources"]] == [
        "sources.yaml",
        "indicators.yaml",
        "observations.csv",
        "crosschecks.yaml",
        "releases.yaml",
    ]
    fields = [f["name"] for f in descriptor["resources"][2]["schema"]["fields"]]
    assert fields[:3] == ["id", "indicator", "geo"]
    types = {f["name"]: f["type"] for f in descriptor["resources"][2]["schema"]["fields"]}
    assert (types["value"], types["lower"], types["upper"], types["period"]) == (
        "number",
        "number",
        "number",
        "string",
    )
    # the bundled sources do not all declare one licence: the package asserts none
    assert "licenses" not in descriptor and "licence" in descriptor["description"]
    assert descriptor["title"] == "Belarus-Russia integration indicators"  # catalogue.yaml's
    assert (tmp_path / "pkg" / "catalogue.yaml").read_bytes() == (
        ii.bundled_path() / "catalogue.yaml"
    ).read_bytes()
    assert (tmp_path / "pkg" / "headline.yaml").is_file()
    again = ii.load(tmp_path / "pkg", cache=False)
    pd.testing.assert_frame_equal(again.observations(), ii.load().observations())


def test_a_failed_package_write_leaves_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "pkg"
    export_datapackage(ii.load(), target)
    before = sorted(p.name for p in target.iterdir())

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", broken)
    with pytest.raises(OSError, match="disk full"):
        export_datapackage(ii.load(), target)
    assert sorted(p.name for p in target.iterdir()) == before
    assert [p.name for p in tmp_path.iterdir()] == ["pkg"]


def test_a_users_package_keeps_its_own_title_and_licence(
    catalogue_dir: Path, tmp_path: Path
) -> None:
    """A catalogue of one's own is not called the bundled one, and a licence every source
    declares is the package's."""
    from integration_indicators.publish.datapackage import export_datapackage

    sources = catalogue_dir / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    sources.write_text(text.replace('license: ""', 'license: "CC0-1.0"'), encoding="utf-8")
    cat = ii.load(catalogue_dir, cache=False)
    assert set(cat.sources["license"]) == {"CC0-1.0"}
    export_datapackage(cat, tmp_path / "mine")
    descriptor = json.loads((tmp_path / "mine" / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["licenses"] == [{"name": "CC0-1.0"}]
    assert "Belarus" not in descriptor["title"] and "catalogue" in descriptor["title"]
