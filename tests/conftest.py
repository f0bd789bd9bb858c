"""Shared fixtures: a writable copy of the bundled catalogue and helpers to break it."""

from __future__ import annotations

import csv
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

import integration_indicators as ii

# No test may depend on the machine's speed: hypothesis' per-example deadline is off for every
# property (a loaded machine made 200 ms examples fail); speed lives in the benchmarks.
settings.register_profile("integration-indicators", deadline=None)
settings.load_profile("integration-indicators")

#: The project's source documents, beside the repository (present in CI and development).
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep the validation cache of the test run out of the user's cache directory."""
    folder = tmp_path_factory.mktemp("cache")
    before = os.environ.get("INTEGRATION_INDICATORS_CACHE_DIR")
    os.environ["INTEGRATION_INDICATORS_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        del os.environ["INTEGRATION_INDICATORS_CACHE_DIR"]
    else:
        os.environ["INTEGRATION_INDICATORS_CACHE_DIR"] = before


@pytest.fixture
def catalogue_dir(tmp_path: Path) -> Path:
    """A copy of the bundled catalogue's press part (the articles' figures) to edit, without
    its ``catalogue.yaml`` (so not titled as the bundled one).

    The official statistics (``*-wdi``, ``*-dots`` files) and the officials' statements
    (``*-statements``, ``group-statements.csv``) are left out: they do not change
    what these tests check, and loading without them is four times faster.
    """
    target = tmp_path / "catalogue"
    ignore = shutil.ignore_patterns(  # and the bundled title: a user's catalogue has its own
        "__pycache__",
        "observations-*.csv",
        "sources-*.yaml",
        "catalogue.yaml",
        "group-statements.csv",  # its pages are in sources-statements.yaml
    )
    shutil.copytree(ii.bundled_path(), target, ignore=ignore)
    return target


@pytest.fixture
def full_catalogue(tmp_path: Path) -> Path:
    """A copy of the whole bundled catalogue, official rows and rates included, to add to."""
    target = tmp_path / "full-catalogue"
    shutil.copytree(ii.bundled_path(), target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


#: Official figures the claim tests work verdicts out from, copied from the bundled files:
#: WDI PA.NUS.FCRF 2019 averages (euros, Germany's = the euro area's; Belarusian roubles per
#: dollar), IMF DOTS Belarus's 2019 balance with Russia as Belarus reports it (exports -
#: imports), WDI NY.GDP.MKTP.CD of Belarus in 2019.
EUR_2019, BYN_2019 = 0.893276257067409, 2.09178333333333
BALANCE_2019 = 13685.7551e6 - 22016.403e6
GDP_BLR_2019 = 64410170653.4569


def read_rows(directory: Path) -> list[dict[str, str]]:
    """observations.csv of *directory* as a list of dicts."""
    with (directory / "observations.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def write_rows(directory: Path, rows: list[dict[str, str]]) -> None:
    """Write *rows* as observations.csv of *directory*."""
    with (directory / "observations.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


#: The columns of a desk's spreadsheet, as ``claims add`` takes them.
DESK_SHEET_COLUMNS = (
    "quote",
    "figure",
    "attributed_to",
    "published_in",
    "date",
    "url",
    "indicator",
    "geo",
    "counterpart",
    "period",
    "currency",
)


def desk_catalogue(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    """A copy of the bundled catalogue (official series included) with *rows* added by
    ``claims add`` (each a dict of ``DESK_SHEET_COLUMNS``; published_in defaults to "Test
    Gazette"); the catalogue's directory."""
    from integration_indicators.cli import main

    folder = tmp_path / "catalogue"
    shutil.copytree(ii.bundled_path(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    sheet = tmp_path / "desk-rows.csv"
    with sheet.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=DESK_SHEET_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(
            [
                {c: "" for c in DESK_SHEET_COLUMNS} | {"published_in": "Test Gazette"} | row
                for row in rows
            ]
        )
    assert main(["claims", "add", str(sheet), "-o", str(folder)]) == 0
    return folder


def problems_of(directory: Path) -> tuple[ii.Problem, ...]:
    """The problems loading *directory* reports (fails the test if it loads)."""
    with pytest.raises(ii.ValidationError) as caught:
        ii.load(directory)
    return caught.value.problems


@pytest.fixture
def edit_row(catalogue_dir: Path) -> Callable[..., Path]:
    """Change cells of one observation (by id) and return the catalogue directory."""

    def edit(row_id: str, **cells: str) -> Path:
        rows = read_rows(catalogue_dir)
        matches = [r for r in rows if r["id"] == row_id]
        assert len(matches) == 1, row_id
        matches[0].update(cells)
        write_rows(catalogue_dir, rows)
        return catalogue_dir

    return edit
