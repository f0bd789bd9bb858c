"""Series of one indicator: values with bounds, unit and lineage, indexed by period.

``IndicatorSeries`` is what ``Catalogue.series`` returns and what every metric takes
and gives. Bounds are explicit intervals: ``lower <= value <= upper`` always holds, an exact
figure has ``lower == upper == value``, an unbounded side is ``-inf`` or ``inf``, and a range
without a central value has value NaN.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from integration_indicators.analysis.lineage import Origin, Step
from integration_indicators.errors import (
    AlignmentError,
    AmbiguityError,
    NoRowsError,
    UnitError,
)


@dataclass(frozen=True, slots=True)
class IndicatorSeries:
    """Values of one quantity by period, with bounds, unit, approximate flags and lineage."""

    #: Name used in lineage, e.g. ``macro.gdp[RUS]``.
    name: str
    #: Unit of values and bounds (a unit string of the library's registry).
    unit: str
    #: Central values (NaN where only bounds are known), indexed by period.
    values: pd.Series
    #: Lower bounds (``-inf`` where unbounded).
    lower: pd.Series
    #: Upper bounds (``inf`` where unbounded).
    upper: pd.Series
    #: True where a value rests on an approximate figure ("about", "some").
    approximate: pd.Series
    #: Per period, the observations the value rests on.
    origins: pd.Series
    #: Processing log, oldest first (empty for a series read from the catalogue).
    steps: tuple[Step, ...] = ()
    #: Per period, why a value is missing (empty text where nothing is to be said).
    notes: pd.Series = field(default_factory=lambda: pd.Series(dtype="str"))
    #: Made by ``at``: one value that metrics apply to every period of the other operand.
    scalar: bool = False

    def __post_init__(self) -> None:
        """One index for every part (notes may be left out: none), and each value within
        its bounds where both are given (to rounding); else ``AlignmentError`` or
        ``MetricError``, never a series that silently mixes periods."""
        index = self.values.index
        parts = {
            "lower": self.lower,
            "upper": self.upper,
            "approximate": self.approximate,
            "origins": self.origins,
        }
        unequal = [name for name, part in parts.items() if not part.index.equals(index)]
        if unequal:
            raise AlignmentError(
                f"{self.name}: {', '.join(unequal)} not on the periods of the values "
                f"({list(index[:5])}...): every part of a series has one index"
            )
        if len(self.notes) == 0 and len(index):
            object.__setattr__(self, "notes", pd.Series("", index=index, dtype="str"))
        elif not self.notes.index.equals(index):
            object.__setattr__(self, "notes", self.notes.reindex(index).fillna(""))
        value = self.values.to_numpy(dtype="float64")
        low = self.lower.to_numpy(dtype="float64")
        high = self.upper.to_numpy(dtype="float64")
        slack = 1e-9 * np.fmax(np.abs(value), 1e-300)
        with np.errstate(invalid="ignore"):
            outside = (value < low - slack) | (value > high + slack)
        if outside.any():
            from integration_indicators.errors import MetricError

            where = list(index[outside][:5])
            raise MetricError(
                f"{self.name}: values outside their bounds in {where}: "
                "lower <= value <= upper where all three are given"
            )

    @property
    def loc(self) -> _PeriodLocator:
        """Periods by label: ``s.loc["2019"]`` (or ``2019``), a list of periods, or a slice
        ``s.loc["2015":"2019"]`` (both ends included, as pandas' labels), as a series.

        Examples
        --------
        >>> s = IndicatorSeries.of("x", "USD", pd.Series([1.0, 2.0, 4.0],
        ...                        index=["2019", "2020", "2021"]))
        >>> s.loc["2020":].periods, s.loc[2019].values.tolist()
        (('2020', '2021'), [1.0])
        """
        return _PeriodLocator(self)

    def __truediv__(self, other: object) -> IndicatorSeries:
        """``metrics.ratio`` with exact alignment."""
        return self._metric("ratio", other)

    def __mul__(self, other: object) -> IndicatorSeries:
        """``metrics.product`` with exact alignment."""
        return self._metric("product", other)

    def __add__(self, other: object) -> IndicatorSeries:
        """``metrics.total`` with exact alignment (one unit, or a conversion of scale)."""
        return self._metric("total", other)

    def __sub__(self, other: object) -> IndicatorSeries:
        """``metrics.difference`` with exact alignment.

        Examples
        --------
        >>> a = IndicatorSeries.of("a", "USD", pd.Series([5.0, 7.0], index=["2019", "2020"]))
        >>> b = IndicatorSeries.of("b", "USD", pd.Series([1.0, 2.0], index=["2019", "2020"]))
        >>> (a - b).values.tolist(), (a / b).values.tolist()
        ([4.0, 5.0], [5.0, 3.5])
        """
        return self._metric("difference", other)

    def _metric(self, operation: str, other: object) -> IndicatorSeries:
        if not isinstance(other, IndicatorSeries):
            return NotImplemented  # type: ignore[no-any-return]
        from integration_indicators.analysis import metrics

        function = getattr(metrics, operation)
        result: IndicatorSeries = function(self, other, align="exact")
        return result

    @classmethod
    def of(
        cls,
        name: str,
        unit: str,
        values: pd.Series,
        *,
        lower: pd.Series | None = None,
        upper: pd.Series | None = None,
        approximate: pd.Series | None = None,
    ) -> IndicatorSeries:
        """A series from values indexed by period (bounds default to the values: exact).

        For values of your own; they carry no origins. The unit must be one of the registry.

        Examples
        --------
        >>> s = IndicatorSeries.of("x", "USD", pd.Series([1.0, 2.0], index=["2020", "2021"]))
        >>> s.periods, s.unit
        (('2020', '2021'), 'USD')
        """
        from integration_indicators.model.units import check_unit

        check_unit(unit)
        index = pd.Index([str(p) for p in values.index], name="period")
        value = values.to_numpy(dtype="float64")

        def aligned(bound: pd.Series | None, default: np.ndarray) -> pd.Series:
            data = default if bound is None else bound.to_numpy(dtype="float64")
            return pd.Series(data, index=index)

        flags = np.zeros(len(index), dtype=bool) if approximate is None else approximate.to_numpy()
        return cls(
            name=name,
            unit=unit,
            values=pd.Series(value, index=index, name=name),
            lower=aligned(lower, value),
            upper=aligned(upper, value),
            approximate=pd.Series(flags.astype(bool), index=index),
            origins=pd.Series([() for _ in index], index=index, dtype="object"),
            notes=pd.Series("", index=index, dtype="str"),
        )

    @property
    def periods(self) -> tuple[str, ...]:
        """The periods, in order."""
        return tuple(str(p) for p in self.values.index)

    def __len__(self) -> int:
        return len(self.values)

    def at(self, period: str | int) -> IndicatorSeries:
        """The value of one period (``"2019"`` or ``2019``), usable against any periods in a
        metric ("on purpose")."""
        return replace(self.subset([period]), scalar=True)

    def subset(self, periods: Iterable[str | int]) -> IndicatorSeries:
        """The series on *periods* only (each must be one of its periods; years may be int);
        ``PeriodError`` (a ``KeyError``) names a period it does not hold and those it does."""
        from integration_indicators.errors import PeriodError

        pick = [str(p) for p in periods]
        missing = [p for p in pick if p not in self.values.index]
        if missing:
            held = list(self.values.index)
            said = f"{held[0]} to {held[-1]}" if held else "no period"
            raise PeriodError(self.name, missing[0], said)
        return replace(
            self,
            values=self.values.loc[pick],
            lower=self.lower.loc[pick],
            upper=self.upper.loc[pick],
            approximate=self.approximate.loc[pick],
            origins=self.origins.loc[pick],
            notes=self.notes.reindex(pick).fillna(""),
        )

    @property
    def estimated(self) -> pd.Series:
        """True where a value rests on an observation its source marks as an estimate (the
        IMF's "e"): read from the origins, so every metric carries it.

        Examples
        --------
        >>> import integration_indicators as ii
        >>> kaz = ii.load().series("trade.goods.exports", geo="KAZ", counterpart="BLR")
        >>> bool(kaz.estimated["1993"]), bool(kaz.estimated["2019"])
        (True, False)
        """
        flags = [any(o.estimated for o in os) for os in self.origins]
        return pd.Series(flags, index=self.values.index, dtype="bool", name="estimated")

    def to_frame(self) -> pd.DataFrame:
        """value, lower, upper, approximate, estimated, unit and note by period.

        The unit is a column (``pd.concat`` drops ``attrs``) and in ``attrs`` too.
        """
        frame = pd.DataFrame(
            {
                "value": self.values,
                "lower": self.lower,
                "upper": self.upper,
                "approximate": self.approximate,
                "estimated": self.estimated,
                "unit": self.unit,
                "note": self.notes.reindex(self.values.index).fillna(""),
            }
        )
        frame.index.name = "period"
        frame.attrs["unit"] = self.unit
        frame.attrs["name"] = self.name
        return frame

    @property
    def lineage(self) -> pd.DataFrame:
        """Per period: the value, the operations, the observations it rests on and how many
        of them their sources mark as estimates (``estimated``)."""
        log = "; ".join(str(step) for step in self.steps)
        return pd.DataFrame(
            {
                "value": self.values,
                "operations": log,
                "observations": [", ".join(o.observation for o in os) for os in self.origins],
                "sources": [", ".join(sorted({o.source for o in os})) for os in self.origins],
                "estimated": [sum(o.estimated for o in os) for os in self.origins],
                "quotes": [" | ".join(o.quote for o in os if o.quote) for os in self.origins],
            },
            index=self.values.index.rename("period"),
        )

    def __repr__(self) -> str:
        return f"IndicatorSeries({self.name!r}, unit={self.unit!r}, periods={list(self.periods)})"


class _PeriodLocator:
    """``IndicatorSeries.loc``: periods by label, a list or a slice."""

    def __init__(self, series: IndicatorSeries) -> None:
        self._series = series

    def __getitem__(self, key: str | int | slice | list[str | int]) -> IndicatorSeries:
        periods = list(self._series.periods)
        if isinstance(key, slice):
            start = periods.index(str(key.start)) if key.start is not None else 0
            stop = periods.index(str(key.stop)) + 1 if key.stop is not None else len(periods)
            return self._series.subset(periods[start:stop])
        if isinstance(key, list):
            return self._series.subset(key)
        return self._series.subset([key])


def effective_bounds(obs: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Explicit intervals of catalogue rows: points for exact and approximate figures,
    infinite where a side is unbounded."""
    value = obs["value"].to_numpy(dtype="float64")
    point = obs["qualifier"].isin(["exact", "approximate"]).to_numpy()
    lower = obs["lower"].to_numpy(dtype="float64")
    upper = obs["upper"].to_numpy(dtype="float64")
    lower = np.where(point, value, np.where(np.isnan(lower), -np.inf, lower))
    upper = np.where(point, value, np.where(np.isnan(upper), np.inf, upper))
    return lower, upper


def _resolve_unit(unit: str, rows: pd.DataFrame, request: str) -> str:
    """Replace the local currency unit (LCU) by the currency of the rows' geo and periods.

    Raises ``UnitError`` where the periods fall in two currencies (Germany's rate is in
    DEM until 1998 and in EUR from 1999): a series never changes currency silently.
    """
    from integration_indicators.model.currencies import local_currency

    if "LCU" not in unit.replace("/", " / ").split():
        return unit
    years = rows["period_start"].to_numpy().astype("datetime64[Y]").astype("int64") + 1970
    pairs = pd.DataFrame({"geo": rows["geo"].to_numpy(), "year": years}).drop_duplicates()
    found = [local_currency(str(g), int(y)) for g, y in pairs.itertuples(index=False)]
    pairs = pairs.assign(currency=found)  # one lookup per distinct (geo, year)
    if pairs["currency"].nunique() > 1:
        spans = pairs.groupby("currency", sort=False)["year"].agg(["min", "max"])
        said = ", ".join(f"{c} {a}-{b}" for c, (a, b) in spans.iterrows())
        raise UnitError(
            unit,
            "unit-lcu",
            f"{request}: the local currency changes ({said}); take the periods of one "
            "currency with periods=[...], never a relabelled series",
        )
    return unit.replace("LCU", str(pairs["currency"].iloc[0]))


def _candidate(row: pd.Series) -> str:
    counterpart = row["counterpart"] if pd.notna(row["counterpart"]) else "-"
    return (
        f"{row['period']}: {row['id']} (source {row['source']}, status {row['status']}, "
        f"counterpart {counterpart}, value {row['value']:g})"
    )


def _overlap_clusters(rows: pd.DataFrame) -> np.ndarray:
    """Number of the run of overlapping periods each row (sorted by start) belongs to."""
    start = rows["period_start"].to_numpy()
    end = rows["period_end"].to_numpy()
    if len(rows) == 0:
        return np.zeros(0, dtype="int64")
    reach = np.maximum.accumulate(end)
    fresh = np.concatenate([[True], start[1:] > reach[:-1]])
    return np.cumsum(fresh)


def categorical(codes: np.ndarray, categories: object) -> pd.Categorical:
    """A categorical from integer codes (-1: missing) and its categories, without decoding
    text (the engines keep their text columns as codes)."""
    dtype = pd.CategoricalDtype(pd.Index(np.asarray(categories, dtype=object)))
    return pd.Categorical.from_codes(np.asarray(codes, dtype="int64"), dtype=dtype)


def _hint(observations: pd.DataFrame, indicator: str) -> str:
    """Why nothing matched: an unknown indicator (with close ids), or the geos it has."""
    import difflib

    known = observations["indicator"].unique()
    if indicator not in set(known):
        close = difflib.get_close_matches(indicator, [str(k) for k in known], n=3, cutoff=0.5)
        return f"; no indicator {indicator!r}" + (f" (did you mean {close}?)" if close else "")
    geos = sorted(
        str(g) for g in observations.loc[observations["indicator"] == indicator, "geo"].unique()
    )
    return f"; {indicator} has geos {geos[:20]}" + (" ..." if len(geos) > 20 else "")


def select_series(
    observations: pd.DataFrame,
    indicator: str,
    geo: str | None = None,
    counterpart: str | None = None,
    *,
    source: str | None = None,
    status: str | None = None,
    prefer: Sequence[str] | None = None,
    periods: Iterable[str | int] | None = None,
) -> IndicatorSeries:
    """The series of *indicator* from catalogue observations; see ``Catalogue.series``.

    Observations whose periods overlap (2019 and 2019-12, 2020/2023-10 and 2020/2024-01)
    compete for the same time: ``prefer`` decides between them, or the request is ambiguous.
    """
    mask = observations["indicator"] == indicator
    for column, wanted in (("geo", geo), ("source", source), ("status", status)):
        if wanted is not None:
            mask &= observations[column] == wanted
    if counterpart is not None:
        mask &= observations["counterpart"].fillna("") == counterpart
    if periods is not None:
        mask &= observations["period"].isin([str(p) for p in periods])
    rows = observations if bool(mask.all()) else observations[mask]  # a series' own rows: as is
    filters = {"geo": geo, "counterpart": counterpart, "source": source, "status": status}
    where = ", ".join(f"{k}={v!r}" for k, v in filters.items() if v is not None)
    request = f"series({indicator!r}{', ' + where if where else ''})"
    if rows.empty:
        raise NoRowsError(f"{request}: no observation matches{_hint(observations, indicator)}")
    order = np.lexsort((rows["period_end"].to_numpy(), rows["period_start"].to_numpy()))
    if (order != np.arange(len(order))).any():  # by start, then end (stable); most are
        rows = rows.iloc[order]
    cluster = _overlap_clusters(rows)
    if prefer is not None:
        ranks = np.full(len(rows), len(prefer))
        for rank, choice in reversed(list(enumerate(prefer))):
            hit = ((rows["status"] == choice) | (rows["source"] == choice)).to_numpy()
            ranks = np.where(hit, rank, ranks)
        best = pd.Series(ranks).groupby(cluster).transform("min").to_numpy()
        rows = rows[ranks == best]
        cluster = _overlap_clusters(rows)
    shared = pd.Series(cluster).duplicated(keep=False).to_numpy()
    if shared.any():
        candidates = [_candidate(row) for _, row in rows[shared].iterrows()]
        raise AmbiguityError(request, candidates)
    units = rows["unit"].astype("str").unique()
    if len(units) > 1:  # claims kept in the currency they were written in
        raise UnitError(
            str(units[0]),
            "unit-currency",
            f"{request}: the rows are in {', '.join(sorted(units))}; a series never mixes "
            "currencies: take one with source= or status=, or convert with a dated rate "
            "(the crosscheck does)",
        )
    index = pd.Index(rows["period"].astype("str"), name="period")
    lower, upper = effective_bounds(rows)
    vintages = rows["as_of"] if "as_of" in rows.columns else pd.Series(pd.NA, index=rows.index)
    vintages = vintages.where(rows["status"] == "official")
    estimated = (
        (rows["estimated"] if "estimated" in rows.columns else pd.Series(False, index=rows.index))
        .fillna(False)
        .astype(bool)
    )
    origins = [
        (
            Origin(
                i,
                s,
                indicator,
                p,
                st,
                q if pd.notna(q) else None,
                str(v) if pd.notna(v) and v else None,
                bool(e),
            ),
        )
        for i, s, p, st, q, v, e in zip(
            rows["id"],
            rows["source"],
            rows["period"],
            rows["status"],
            rows["quote"],
            vintages,
            estimated,
            strict=True,
        )
    ]
    name = indicator + "[" + ",".join(x for x in (geo, counterpart) if x) + "]"
    return IndicatorSeries(
        name=name,
        unit=_resolve_unit(str(rows["unit"].iloc[0]), rows, request),
        values=pd.Series(rows["value"].to_numpy(dtype="float64"), index=index, name=name),
        lower=pd.Series(lower, index=index),
        upper=pd.Series(upper, index=index),
        approximate=pd.Series((rows["qualifier"] == "approximate").to_numpy(), index=index),
        origins=pd.Series(origins, index=index, dtype="object"),
        notes=pd.Series("", index=index, dtype="str"),
    )
