"""Reading CSV files: the long-line guard never misses a line over the limit."""

from __future__ import annotations

import pytest

from integration_indicators.io.limits import LIMITS
from integration_indicators.io.readers import _may_have_long_line, longest_line

LIMIT = LIMITS.max_line_chars


@pytest.mark.parametrize("length", [LIMIT // 2 - 2, LIMIT - 1, LIMIT, LIMIT + 1, 2 * LIMIT + 3])
@pytest.mark.parametrize("offset", [0, 1, LIMIT // 3])
def test_guard_sends_every_long_line_to_the_exact_count(length: int, offset: int) -> None:
    data = b"a\n" * offset + b"x" * length + b"\nb\n"
    longest = longest_line(data)[1]
    assert longest == length
    if longest > LIMIT:
        assert _may_have_long_line(data)


def test_guard_passes_short_lines_without_counting() -> None:
    data = b"id,value\n" + b"row-1234,5.5\n" * 200_000
    assert len(data) > LIMIT
    assert not _may_have_long_line(data)
