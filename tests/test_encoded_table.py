"""A cached catalogue's observations are decoded as far as a call needs them, and give
exactly what the validated catalogue gives."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import integration_indicators as ii
from integration_indicators.catalogue import cache
from integration_indicators.catalogue.encoded_table import BATCH_ROWS, EncodedTable
from integration_indicators.errors import CacheError


def _encoded(frame: pd.DataFrame, name: str = "observations") -> EncodedTable:
    import pyarrow as pa

    data = pa.py_buffer(cache._table_bytes(frame))
    return EncodedTable(name, data, pa.ipc.open_file(data).schema)


def _frame(rows: int) -> pd.DataFrame:
    """Rows of every kind of column an entry holds, over several record batches."""
    numbers = np.arange(rows)
    return pd.DataFrame(
        {
            "id": pd.Series([f"row-{i}" for i in numbers], dtype="str"),
            "geo": pd.Series(np.where(numbers % 3 == 0, "BLR", "RUS"), dtype="str"),
            "note": pd.Series([None] * rows, dtype="str"),
            "value": np.where(numbers % 7 == 0, np.nan, numbers * 0.5),
            "estimated": numbers % 2 == 0,
            "period_end": (
                np.datetime64("2000-12-31", "s") + (numbers % 20) * np.timedelta64(1, "D")
            ),
        }
    )


@pytest.mark.parametrize("rows", [0, 1, BATCH_ROWS - 1, BATCH_ROWS, BATCH_ROWS + 1, 150_001])
def test_columns_rows_and_length_are_those_of_the_whole_table(rows: int) -> None:
    frame = _frame(rows)
    table = _encoded(frame)
    assert len(table) == rows
    pd.testing.assert_frame_equal(table.columns(["geo", "value"]), frame[["geo", "value"]])
    generator = np.random.default_rng(rows)
    for mask in (
        generator.random(rows) < 0.01,  # rows scattered over the batches
        np.arange(rows) == rows - 1,  # the last row only (the last batch's edge)
        np.arange(rows) == BATCH_ROWS,  # the first row of the second batch, where held
        np.zeros(rows, dtype=bool),
    ):
        pd.testing.assert_frame_equal(table.rows(mask), frame[mask])
    pd.testing.assert_frame_equal(table.frame(), frame)
    # once decoded whole, the frame answers every call
    pd.testing.assert_frame_equal(table.columns(["note"]), frame[["note"]])
    pd.testing.assert_frame_equal(
        table.rows(frame["estimated"].to_numpy()), frame[frame["estimated"]]
    )
    assert len(table) == rows


def test_an_unknown_column_or_a_mask_of_other_rows_is_refused() -> None:
    table = _encoded(_frame(3))
    with pytest.raises(KeyError, match="nope"):
        table.columns(["geo", "nope"])
    with pytest.raises(ValueError, match="a mask of 4 rows for a table of 3"):
        table.rows(np.ones(4, dtype=bool))


def test_a_cached_catalogue_answers_as_the_validated_one_without_decoding_it_whole(
    private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    validated = ii.load(cache=False)
    ii.load()  # written to the cache (or read from it)
    hit = ii.load()  # read from it

    def whole(self: EncodedTable) -> pd.DataFrame:
        raise AssertionError("decoded whole")

    with monkeypatch.context() as patch:
        patch.setattr(EncodedTable, "frame", whole)
        columns = ["status", "indicator", "geo", "source"]
        pd.testing.assert_frame_equal(
            hit.observation_columns(columns), validated.observations()[columns]
        )
        pd.testing.assert_frame_equal(
            hit.official_rows(["macro.gdp", "trade.goods.exports"]),
            validated.official_rows(["macro.gdp", "trade.goods.exports"]),
        )
        for indicator, geo in (("macro.gdp", "RUS"), ("macro.gdp_per_capita", "BLR")):
            pd.testing.assert_series_equal(
                hit.series(indicator, geo=geo).values, validated.series(indicator, geo=geo).values
            )
        assert hit.summary().split(" (")[0] == validated.summary().split(" (")[0]
        assert repr(hit) == repr(validated)
    # a request that matches nothing gets the validated catalogue's hint, from the whole table
    with pytest.raises(ii.NoRowsError, match="has geos") as raised:
        hit.series("macro.gdp", geo="XXA")
    with pytest.raises(ii.NoRowsError) as expected:
        validated.series("macro.gdp", geo="XXA")
    assert str(raised.value) == str(expected.value)
    pd.testing.assert_frame_equal(hit.observations(), validated.observations())


def test_buffers_that_do_not_decode_raise_the_librarys_error_naming_the_table() -> None:
    """An entry whose digest matches but whose observation buffers are not LZ4 (written
    whole, but not by this library) loads; the first call that decodes them raises
    ``CacheError``, never a raw Arrow error."""
    cat = ii.load()
    tables = [cache._table_bytes(frame) for frame in cache.entry_tables(cat)]
    broken = bytearray(tables[2])
    middle = len(broken) // 2
    broken[middle : middle + 4096] = b"\xff" * 4096  # inside the compressed buffers
    tables[2] = bytes(broken)
    entry = cache._entry_bytes("k", cache._TABLES, tables, cache._model_layout())
    loaded = cache.decode("k", entry)
    assert loaded is not None
    with pytest.raises(CacheError, match="the cached observations cannot be decoded"):
        loaded.observations()


def test_threads_decoding_at_once_get_what_one_thread_gets() -> None:
    """Columns, rows and the whole frame asked from several threads at once: each answer is
    the one a single thread gets (the table decodes under its lock)."""
    from concurrent.futures import ThreadPoolExecutor

    frame = _frame(3 * BATCH_ROWS // 2)
    table = _encoded(frame)
    mask = np.arange(len(frame)) % 97 == 0
    calls = [
        lambda: table.columns(["geo", "value"]),
        lambda: table.rows(mask),
        lambda: table.columns(["id"]),
        table.frame,
    ] * 4
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda call: call(), calls))
    expected = [frame[["geo", "value"]], frame[mask], frame[["id"]], frame] * 4
    for got, wanted in zip(answers, expected, strict=True):
        pd.testing.assert_frame_equal(got, wanted)


def test_a_cached_catalogue_pickles_as_one_validated_from_its_files(private_cache: Path) -> None:
    import pickle

    ii.load()
    hit = ii.load()
    back = pickle.loads(pickle.dumps(hit))
    pd.testing.assert_frame_equal(back.observations(), ii.load(cache=False).observations())
    table = _encoded(_frame(5))
    pd.testing.assert_frame_equal(pickle.loads(pickle.dumps(table)), _frame(5))
