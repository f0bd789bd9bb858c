"""Each threshold of the verdicts, the intervals, the indices, the vintages and the loader,
tested exactly on its edge and one step past it (issue 37): a mutant that turns a ``<=``
into a ``<`` or moves a constant fails here, not only in golden tables far from the edge.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import integration_indicators as ii
from integration_indicators.analysis import indices, intervals
from integration_indicators.analysis.crosscheck.matching import neighbour_rows
from integration_indicators.analysis.crosscheck.verdicts import judge_intervals
from integration_indicators.io.safe_read import FileDigest, digest_file, read_bytes
from integration_indicators.model.verdicts import CLOSE_POINTS, CLOSE_SHARE


def _rows(
    claimed: tuple[float, float], official: float, *, unit: str = "USD", qualifier: str = "exact"
) -> pd.DataFrame:
    """One claim row as ``judge_intervals`` reads it: the claimed interval against *official*."""
    low, high = claimed
    return pd.DataFrame(
        {
            "qualifier": [qualifier],
            "claimed_lower": [low],
            "claimed_upper": [high],
            "claimed_value": [(low + high) / 2],
            "official_value": [official],
            "official_lower": [np.nan],
            "official_upper": [np.nan],
            "comparability": ["comparable"],
            "rate_failure": [""],
            "shorter": [False],
            "unit": pd.Categorical([unit]),
        }
    )


def _verdict(claimed: tuple[float, float], official: float, **kind: str) -> str:
    return str(judge_intervals(_rows(claimed, official, **kind))[0][0])


def test_the_close_band_includes_its_edge() -> None:
    """100 official: a claim 5 above (5% of 100) is close, a hair more is overstated; 5
    below is close, a hair more understated."""
    assert CLOSE_SHARE == 0.05
    assert _verdict((105.0, 105.0), 100.0) == "close"
    assert _verdict((105.00001, 105.00001), 100.0) == "overstated"
    assert _verdict((95.0, 95.0), 100.0) == "close"
    assert _verdict((94.99999, 94.99999), 100.0) == "understated"
    assert _verdict((100.0, 100.0), 100.0) == "consistent"


def test_a_rate_is_close_within_one_percentage_point_at_least() -> None:
    """A growth of 1%: 5% of it is 0.05 points, so the one-point floor decides: 2% is close,
    2.00001% overstated."""
    assert CLOSE_POINTS == 1.0
    assert _verdict((2.0, 2.0), 1.0, unit="percent") == "close"
    assert _verdict((2.00001, 2.00001), 1.0, unit="percent") == "overstated"
    assert _verdict((2.0, 2.0), 1.0, unit="USD") == "overstated"  # no floor for a level


def test_a_claimed_interval_touching_the_official_figure_is_consistent() -> None:
    assert _verdict((90.0, 100.0), 100.0) == "consistent"
    assert _verdict((100.0, 110.0), 100.0) == "consistent"


def test_a_sign_only_claim_is_never_satisfied_by_an_official_zero() -> None:
    """ "A deficit" (below 0, open at 0) against an official 0, and "a surplus" likewise."""
    assert _verdict((-np.inf, 0.0), 0.0, qualifier="sign") != "consistent"
    assert _verdict((0.0, np.inf), 0.0, qualifier="sign") != "consistent"
    assert _verdict((-np.inf, 0.0), -1.0, qualifier="sign") == "consistent"


def test_the_neighbour_diagnostic_looks_two_periods_away_and_no_further() -> None:
    """Answers of one key over five periods; a claim of period 0 matching periods 2 and 3
    away: the first is found, the second is not."""
    answers = pd.DataFrame({"key": [0] * 5, "official_value": [1.0, 2.0, 3.0, 4.0, 5.0]})
    lo, hi = np.array([3.0]), np.array([3.0])
    assert neighbour_rows(np.array([0]), answers, lo, hi).tolist() == [2]
    lo, hi = np.array([4.0]), np.array([4.0])
    assert neighbour_rows(np.array([0]), answers, lo, hi).tolist() == [-1]
    assert neighbour_rows(np.array([4]), answers, np.array([2.0]), np.array([2.0])).tolist() == [-1]
    assert neighbour_rows(np.array([4]), answers, lo, hi).tolist() == [3]  # one before first


def test_a_division_by_an_interval_holding_zero_is_unbounded() -> None:
    one = (np.array([1.0]), np.array([1.0]))
    for divisor in ((0.0, 0.0), (0.0, 2.0), (-2.0, 0.0), (-1.0, 1.0)):
        lo, hi = intervals.divide(one, (np.array([divisor[0]]), np.array([divisor[1]])))
        assert (lo[0], hi[0]) == (-np.inf, np.inf), divisor
    lo, hi = intervals.divide(one, (np.array([0.5]), np.array([2.0])))
    assert (lo[0], hi[0]) == (0.5, 2.0)


def _concentration(covered: float) -> pd.DataFrame:
    """A reporter exporting 100 to the World, *covered* of it to two listed partners."""
    trade = pd.DataFrame(
        {
            "geo": ["AAA", "AAA", "AAA"],
            "counterpart": ["", "BBB", "CCC"],
            "flow": ["exports"] * 3,
            "period": ["2020"] * 3,
            "value": [100.0, 50.0, covered - 50.0],
        }
    )
    table = indices.concentration_panel(trade)
    return table[(table["geo"] == "AAA") & (table["flow"] == "exports")]


def test_the_hhi_needs_partners_covering_95_percent_and_no_less() -> None:
    assert indices.MIN_COVERAGE == 0.95
    at = _concentration(95.0)
    assert at["hhi"].iloc[0] == pytest.approx(50.0**2 + 45.0**2)
    assert np.isnan(_concentration(94.999).loc[:, "hhi"].iloc[0])


def test_as_of_a_releases_own_day_holds_that_release() -> None:
    """Belarus's GDP of 2015, published on 2018-08-01 and revised on 2025-12-17: each
    release counts from its own day, not the day before, and the revision replaces the old
    value on that very day."""
    cat = ii.load()
    published = cat.revisions("macro.gdp", "BLR", 2015).sort_values("published")
    days = published["published"].astype("str").tolist()
    assert len(set(days)) >= 2
    first, second = days[0], days[1]

    def value_on(day: str) -> float:
        return float(cat.as_of(day).series("macro.gdp", geo="BLR").values.loc["2015"])

    before = (pd.Timestamp(second) - pd.Timedelta(days=1)).strftime("%Y-%m-%d")
    old, new = float(published["value"].iloc[0]), float(published["value"].iloc[1])
    assert old != new  # 56.45473 and 56.45477 billion: compared exactly, not approximately
    assert value_on(second) == new
    assert value_on(before) == old
    assert value_on(first) == old
    day_before_first = (pd.Timestamp(first) - pd.Timedelta(days=1)).strftime("%Y-%m-%d")
    with pytest.raises(ii.IndicatorError):  # nothing of it was published before its first day
        value_on(day_before_first)


#: The two bounded readers: the bytes of a file, and its digest hashed a chunk at a time
#: (the cache key of a load); each is compared with what it should give of *data*.
READERS: dict[str, tuple[Callable[[Path, str, int], object], Callable[[bytes], object]]] = {
    "read_bytes": (read_bytes, bytes),
    "digest_file": (digest_file, FileDigest.of),
}


@pytest.mark.parametrize("reader", READERS)
def test_a_file_of_exactly_the_limit_is_read_one_byte_more_is_refused(
    tmp_path: Path, reader: str
) -> None:
    read, expected = READERS[reader]
    path = tmp_path / "observations.csv"
    path.write_bytes(b"x" * 64)
    assert read(path, path.name, 64) == expected(b"x" * 64)
    refused = read(path, path.name, 63)
    assert isinstance(refused, ii.Problem) and refused.rule == "file-too-large"
    assert "64 bytes: the limit is 63" in refused.message  # refused by its size, unread


@pytest.mark.parametrize("reader", READERS)
def test_a_file_growing_past_the_limit_while_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reader: str
) -> None:
    """A file whose size said 0 when opened and holds 64 bytes when read (another process
    writing it): the read stops one byte past the limit and refuses it."""
    import os

    read, expected = READERS[reader]
    real = os.fstat

    def grown(fd: int) -> os.stat_result:
        info = real(fd)
        return os.stat_result((info.st_mode, *info[1:6], 0, *info[7:10]))

    monkeypatch.setattr(os, "fstat", grown)  # the module reads os.fstat at call time
    path = tmp_path / "observations.csv"
    path.write_bytes(b"x" * 64)
    refused = read(path, path.name, 63)
    assert isinstance(refused, ii.Problem) and "grew past the limit of 63" in refused.message
    assert read(path, path.name, 64) == expected(b"x" * 64)


@pytest.mark.parametrize("extra", [-1, 0, 1])
def test_a_digest_across_chunks_is_that_of_the_whole_file(tmp_path: Path, extra: int) -> None:
    """Files of two chunks and one byte less, exactly, and one more: the digest hashed a
    chunk at a time is the SHA-256 of the bytes, whole (the key a miss writes its entry under
    is the key the next load looks for)."""
    import hashlib

    from integration_indicators.io import safe_read

    data = bytes(range(256)) * (2 * safe_read._DIGEST_CHUNK // 256) + b"z" * max(extra, 0)
    data = data[: len(data) + min(extra, 0)]
    path = tmp_path / "observations.csv"
    path.write_bytes(data)
    found = digest_file(path, path.name, len(data))
    assert found == FileDigest(hashlib.sha256(data).digest(), len(data))


def _stated(rows: list[tuple[str, float]]) -> pd.DataFrame:
    """Statements of Russia's turnover with Belarus: (period, value) each, said in 2023."""
    return pd.DataFrame(
        {
            "id": [f"s{n}" for n in range(len(rows))],
            "indicator": "trade.goods.turnover",
            "geo": "RUS",
            "counterpart": "BLR",
            "period": [p for p, _ in rows],
            "value": [v for _, v in rows],
            "lower": np.nan,
            "upper": np.nan,
            "as_of": "2023-01-01",
            "source": "s",
        }
    )


def test_a_growth_from_stated_levels_needs_a_level_above_zero_the_year_before() -> None:
    from integration_indicators.analysis.crosscheck.statements import _Statements

    place = ("trade.goods.turnover", "RUS", "BLR")
    grown = _Statements(_stated([("2021", 40.0), ("2022", 44.0)])).grown(*place, "2022", "")
    assert grown is not None and grown[0][0] == pytest.approx(10.0)
    assert _Statements(_stated([("2021", 0.0), ("2022", 44.0)])).grown(*place, "2022", "") is None
    tiny = _Statements(_stated([("2021", 1e-300), ("2022", 44.0)])).grown(*place, "2022", "")
    assert tiny is not None  # any level above zero grows


def test_a_growth_from_stated_levels_is_of_years_only() -> None:
    from integration_indicators.analysis.crosscheck.statements import _Statements

    statements = _Statements(_stated([("2021-Q1", 9.0), ("2022-Q1", 11.0)]))
    assert statements.grown("trade.goods.turnover", "RUS", "BLR", "2022-Q1", "") is None


def test_the_hhi_coverage_rule_is_the_callers_to_state() -> None:
    """92% covered: blank under the 95% rule, an index under a stated 90% (exactly 90%
    counts), said in the note; a coverage that is no fraction is refused."""

    def at(covered: float, rule: float) -> float:
        trade = pd.DataFrame(
            {
                "geo": ["AAA"] * 3,
                "counterpart": ["", "BBB", "CCC"],
                "flow": ["exports"] * 3,
                "period": ["2020"] * 3,
                "value": [100.0, 50.0, covered - 50.0],
            }
        )
        table = indices.concentration_panel(trade, min_coverage=rule)
        return float(table.loc[table["flow"] == "exports", "hhi"].iloc[0])

    assert np.isnan(at(92.0, 0.95)) and at(92.0, 0.9) == pytest.approx(50.0**2 + 42.0**2)
    assert not np.isnan(at(90.0, 0.9)) and np.isnan(at(89.999, 0.9))
    for wrong in (0.0, 1.5, -0.2):
        with pytest.raises(ii.IndicatorError, match="a fraction of the World total"):
            indices.concentration_panel(
                pd.DataFrame(
                    {
                        "geo": ["AAA"],
                        "counterpart": [""],
                        "flow": ["exports"],
                        "period": ["2020"],
                        "value": [1.0],
                    }
                ),
                min_coverage=wrong,
            )
