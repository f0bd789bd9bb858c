"""The library's exceptions cross process boundaries whole, and validations share nothing.

A ``ValidationError`` raised in a ``ProcessPoolExecutor`` worker reaches the parent with its
whole report (pickled and rebuilt), as pint's errors do; the codes one validation shares
between its schemas and rules never outlive it, however blocks end.
"""

from __future__ import annotations

import pickle
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd
import pytest

import integration_indicators as ii
from integration_indicators.errors import (
    AmbiguityError,
    CacheError,
    IndicatorError,
    OutputError,
    PeriodError,
    Problem,
    UnitError,
    ValidationError,
)
from integration_indicators.validation import engine

from .conftest import read_rows, write_rows

ERRORS: list[IndicatorError] = [
    ValidationError(
        [Problem("observations.csv", 7, "geo", "XXX", "iso-country", "not a country")],
        "my-data",
        {"iso-country": 12},
    ),
    UnitError("furlongs", "unit-unknown", "not a unit", "USD"),
    AmbiguityError("macro.gdp BLR", ["a", "b"]),
    OutputError("/", "protected-path", "is the root directory"),
    PeriodError("macro.gdp[BLR]", "2020/2019", "1990 to 2024"),
    CacheError("observations", "IPC file is an incomplete file"),
]


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
def test_round_trip_through_pickle_keeps_everything(error: IndicatorError) -> None:
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error)
    assert str(back) == str(error)
    assert vars(back) == vars(error)


def _load_broken(directory: str) -> None:
    ii.load(directory, cache=False)


def test_a_validation_error_from_a_worker_process_keeps_its_report(catalogue_dir: Path) -> None:
    rows = read_rows(catalogue_dir)
    rows[0]["geo"] = "XXX"
    rows[1]["unit"] = "furlongs"
    write_rows(catalogue_dir, rows)
    with pytest.raises(ValidationError) as local:
        _load_broken(str(catalogue_dir))
    with ProcessPoolExecutor(1) as pool, pytest.raises(ValidationError) as remote:
        pool.submit(_load_broken, str(catalogue_dir)).result()
    assert remote.value.problems == local.value.problems
    assert {p.rule for p in remote.value.problems} >= {"iso-country", "unit-unknown"}
    assert remote.value.location == local.value.location


def test_shared_codes_never_outlive_their_validation() -> None:
    frame = pd.DataFrame({"geo": ["BLR", "RUS", "BLR"]})
    calls: list[int] = []

    def count() -> int:
        calls.append(1)
        return len(calls)

    def inside() -> tuple[int, int]:
        first = engine.remembered(frame["geo"], "test", count)
        return first, engine.remembered(frame["geo"], "test", count)

    assert engine.sharing(inside) == (1, 1)  # computed once within one validation
    assert engine.remembered(frame["geo"], "test", count) == 2  # nothing shared after it
    assert engine.remembered(frame["geo"], "test", count) == 3


def test_validations_on_two_threads_ending_out_of_order_leave_nothing_on() -> None:
    frame = pd.DataFrame({"geo": ["BLR"]})
    inner_started, outer_may_end = threading.Event(), threading.Event()
    seen: dict[str, bool] = {}

    def long_validation() -> None:
        def body() -> None:
            inner_started.set()
            outer_may_end.wait(timeout=60)
            seen["during"] = engine._ACTIVE.get() is not None

        engine.sharing(body)

    worker = threading.Thread(target=long_validation)
    worker.start()
    inner_started.wait(timeout=60)
    engine.sharing(lambda: None)  # a second validation starts and ends meanwhile
    seen["main after"] = engine._ACTIVE.get() is not None
    outer_may_end.set()
    worker.join()
    assert seen == {"during": True, "main after": False}
    assert engine.remembered(frame["geo"], "x", lambda: 1) == 1
    assert engine._ACTIVE.get() is None
