"""The CSV writer of imports gives byte for byte what pandas writes, whatever the text."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from integration_indicators.io.csv_writing import text_csv

#: Cells with every character that quoting is about, and others around them.
cells = st.one_of(
    st.none(),
    st.text(alphabet=st.sampled_from([",", '"', "\n", "\r", " ", "a", "é", "=", "0", "\t"])),
    st.text(max_size=12),
)


def _pandas(frame: pd.DataFrame) -> bytes:
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode()


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=4).flatmap(
        lambda width: st.lists(
            st.lists(cells, min_size=width, max_size=width), min_size=0, max_size=12
        ).map(lambda rows: (width, rows))
    ),
    st.sampled_from(["str", "object"]),
)
def test_every_text_is_written_as_pandas_writes_it(
    shape: tuple[int, list[list[str | None]]], dtype: str
) -> None:
    width, rows = shape
    names = ["id", "a,b", 'say "x"', "note"][:width]
    frame = (
        pd.DataFrame(rows, columns=names, dtype=dtype)
        if rows
        else pd.DataFrame({name: pd.Series([], dtype=dtype) for name in names})
    )
    assert text_csv(frame) == _pandas(frame)


def test_a_frame_with_numbers_is_written_by_pandas() -> None:
    frame = pd.DataFrame({"id": ["a", "b"], "value": [1.5, None], "n": [1, 2]})
    assert text_csv(frame) == _pandas(frame) == b"id,value,n\na,1.5,1\nb,,2\n"
    mixed = pd.DataFrame({"id": ["a", "b"], "value": pd.Series([1.5, "x"], dtype=object)})
    assert text_csv(mixed) == _pandas(mixed)


def test_chunked_columns_of_a_concatenation_are_written_whole() -> None:
    parts = [
        pd.DataFrame({"id": [f"r{i}", "x,y"], "v": ['"q"', None]}, dtype="str") for i in range(5)
    ]
    frame = pd.concat(parts, ignore_index=True)
    assert text_csv(frame) == _pandas(frame)
    assert text_csv(frame).count(b"\n") == 11


def test_rows_written_a_block_at_a_time_are_the_rows_written_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from integration_indicators.io import csv_writing

    frame = pd.DataFrame(
        {"id": [f"r{i}" for i in range(10)], "v": ["a,b", None, '"', "", "x"] * 2}, dtype="str"
    )
    whole = text_csv(frame)
    for block in (1, 3, 10, 11):
        monkeypatch.setattr(csv_writing, "_BLOCK_ROWS", block)
        assert text_csv(frame) == whole == _pandas(frame)
