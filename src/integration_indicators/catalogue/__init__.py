"""The validated catalogue: sources, indicator definitions and observations."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import pandas as pd

from integration_indicators.errors import NoRowsError

if TYPE_CHECKING:
    from integration_indicators.analysis.series import IndicatorSeries
    from integration_indicators.catalogue.encoded_table import EncodedTable

_T = TypeVar("_T")

#: Names of earlier releases for what the table models now declare (read lazily from
#: ``validation.tables``; kept for one release).
_FROM_MODELS = {
    "OBSERVATION_COLUMNS": ("columns", "Observation"),
    "SOURCE_COLUMNS": ("columns", "Source"),
    "INDICATOR_COLUMNS": ("columns", "Indicator"),
    "RULE_COLUMNS": ("columns", "Rule"),
    "RELEASE_COLUMNS": ("columns", "Release"),
    "NUMBER_COLUMNS": ("float_columns", "Observation"),
    "DATE_COLUMNS": ("date_columns", "Observation"),
}


def __getattr__(name: str) -> tuple[str, ...]:
    """The column lists of earlier releases, read from the models (deprecated)."""
    if name not in _FROM_MODELS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import warnings

    from integration_indicators.validation import tables

    function, model = _FROM_MODELS[name]
    warnings.warn(
        f"{name} is deprecated: use integration_indicators.validation.tables.{function}({model})"
        " (removed in 0.2.0)",
        DeprecationWarning,
        stacklevel=2,
    )
    result: tuple[str, ...] = getattr(tables, function)(getattr(tables, model))
    return result


#: Observation columns a series never reads (the text of the figure as written and said).
_NOT_IN_SERIES = frozenset(
    (
        "value_as_written",
        "lower_as_written",
        "upper_as_written",
        "unit_as_written",
        "figure",
        "attributed_to",
        "cited_source",
    )
)


@dataclass(frozen=True, slots=True)
class Catalogue:
    """A validated catalogue; build one with ``integration_indicators.load``.

    Examples
    --------
    >>> import integration_indicators as ii
    >>> cat = ii.load()
    >>> cat.observations().query("indicator == 'trade.balance'")[["period", "value"]].head(1)
    ... # doctest: +SKIP
    """

    #: Where the catalogue was read from.
    location: str
    _sources: pd.DataFrame
    _indicators: pd.DataFrame
    #: The current observations: a frame, or (read from the cache) a table decoded on demand.
    _observation_rows: pd.DataFrame | EncodedTable
    _rules: pd.DataFrame = field(default_factory=pd.DataFrame)
    _releases: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: Official figures later releases revised or withdrew (``valid_until`` set).
    _history: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: The cache key of the files it was validated from ("" for a catalogue built any other
    #: way, a view of a date among them): tables derived from it are kept under it.
    digest: str = field(default="", compare=False)
    #: Values derived from the catalogue, kept for its lifetime (``computed``); never copied
    #: by ``dataclasses.replace``, so a changed catalogue starts empty.
    _derived: dict[Hashable, Any] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @property
    def _observations(self) -> pd.DataFrame:
        """The current observations as one frame (a cached table decoded whole, once)."""
        rows = self._observation_rows
        return rows if isinstance(rows, pd.DataFrame) else rows.frame()

    def _where(self, **wanted: Sequence[str]) -> pd.DataFrame:
        """The current observations whose columns hold one of the *wanted* values: on a
        table decoded on demand, only those columns and the rows found are decoded."""
        rows, columns = self._observation_rows, self.observation_columns(list(wanted))
        mask = np.ones(len(columns), dtype=bool)
        for column, values in wanted.items():
            mask &= columns[column].isin(list(values)).to_numpy(dtype=bool)
        return rows[mask] if isinstance(rows, pd.DataFrame) else rows.rows(mask)

    def observation_columns(self, names: Sequence[str]) -> pd.DataFrame:
        """The columns *names* of ``observations()`` only: on a catalogue read from the
        cache, only these are decoded (a few of 2 million rows' 27 columns cost a fraction).

        Examples
        --------
        >>> import integration_indicators as ii
        >>> cat = ii.load()
        >>> cat.observation_columns(["geo", "status"]).equals(
        ...     cat.observations()[["geo", "status"]])
        True
        """
        rows = self._observation_rows
        if isinstance(rows, pd.DataFrame):
            return rows.loc[:, list(names)]
        return rows.columns(names)

    def computed(self, key: Hashable, build: Callable[[], _T]) -> _T:
        """What *build* derives from this catalogue, built on the first call with *key* and
        kept: a catalogue never changes, so neither does what is derived from it (the
        crosscheck keeps its official answers here). Two threads asking at once may both
        build; the value is the same.

        Examples
        --------
        >>> import integration_indicators as ii
        >>> cat = ii.load()
        >>> calls = []
        >>> first = cat.computed("n-sources", lambda: calls.append(1) or len(cat.sources))
        >>> cat.computed("n-sources", lambda: calls.append(1) or 0) == first, len(calls)
        (True, 1)
        """
        try:
            return self._derived[key]  # type: ignore[no-any-return]
        except KeyError:
            value = build()
            return self._derived.setdefault(key, value)  # type: ignore[no-any-return]

    def with_observations(self, other: Catalogue) -> Catalogue:
        """This catalogue's official and press rows joined by *other*'s (a validated
        catalogue of the same definitions holding only new rows), with *other*'s sources:
        what a load of both sets of files gives, without reading this one's again. Rows of
        this catalogue with an id of *other* are replaced by *other*'s.

        Examples
        --------
        >>> import integration_indicators as ii
        >>> cat = ii.load()
        >>> len(cat.with_observations(cat).observations()) == len(cat.observations())
        True
        """
        import pandas as pd

        def joined(mine: pd.DataFrame, theirs: pd.DataFrame) -> pd.DataFrame:
            if not len(theirs):
                return mine[~mine["id"].isin(other._observations["id"])] if len(mine) else mine
            kept = mine[~mine["id"].isin(theirs["id"])] if len(mine) else mine.iloc[:0]
            return pd.concat([kept, theirs], ignore_index=True) if len(kept) else theirs

        return Catalogue(
            self.location,
            other._sources,
            self._indicators,
            joined(self._observations, other._observations),
            self._rules,
            self._releases,
            joined(self._history, other._history),
        )

    def with_rows(self, observations: pd.DataFrame, history: pd.DataFrame) -> Catalogue:
        """This catalogue holding *observations* (the current rows) and *history* (the
        superseded ones) instead of its own, its sources, definitions and rules kept: the
        rows must be this catalogue's, or rows validated as they are (a view of a date).

        Examples
        --------
        >>> import integration_indicators as ii
        >>> cat = ii.load()
        >>> rows = cat.observations()
        >>> official = rows[rows["status"] == "official"]
        >>> len(cat.with_rows(official, official.iloc[:0]).observations()) == len(official)
        True
        """
        return Catalogue(
            self.location,
            self._sources,
            self._indicators,
            observations,
            self._rules,
            self._releases,
            history,
        )

    @property
    def sources(self) -> pd.DataFrame:
        """One row per source document (authors and inferred fields joined by ``"; "``)."""
        return self._sources.copy()

    @property
    def indicators(self) -> pd.DataFrame:
        """One row per indicator definition."""
        return self._indicators.copy()

    @property
    def rules(self) -> pd.DataFrame:
        """The crosscheck rules of ``crosschecks.yaml`` (lists joined by ``"; "``)."""
        return self._rules.copy()

    @property
    def releases(self) -> pd.DataFrame:
        """The release lags of official datasets (``releases.yaml``)."""
        return self._releases.copy()

    def crosscheck(self) -> pd.DataFrame:
        """Every press claim checked against official statistics: one row per claim and basis.

        See ``integration_indicators.crosscheck.crosscheck`` for the columns and rules.

        Examples
        --------
        >>> import integration_indicators as ii
        >>> table = ii.load().crosscheck()
        >>> row = table[(table["claim"] == "sochi19-economy-size-ratio")
        ...             & (table["rule"] == "economy-size-ratio-usd")]
        >>> row[["basis", "official_period", "verdict"]].to_numpy().tolist()
        [['same-period', '2019', 'overstated'], ['knowable', '2018', 'close']]
        """
        from integration_indicators.analysis.crosscheck import crosscheck

        return crosscheck(self)

    def observations(self, *, as_of: str | None = None) -> pd.DataFrame:
        """One row per observation, values in the indicator's canonical unit.

        ``value``, ``lower`` and ``upper`` are floats in ``unit`` (the indicator's unit);
        ``*_as_written`` keep the text of the file; missing values are NA. Official figures
        are those of the latest release held; with *as_of* (an ISO date), those published
        on that date and the claims made by then (see ``as_of``).

        The frame is a shallow copy: pandas' copy-on-write copies a column only when the
        caller changes it, so the catalogue never changes and the call costs no copy.
        """
        held = self if as_of is None else self.as_of(as_of)
        return held._observations.copy(deep=False)

    def superseded(self) -> pd.DataFrame:
        """The official figures a later release revised or withdrew: columns as
        ``observations()``, ``valid_until`` the date of that release (a shallow copy)."""
        if self._history.empty:
            return self._observations.iloc[:0].copy(deep=False)
        return self._history.copy(deep=False)

    def as_of(self, date: str, *, undated: str = "keep") -> Catalogue:
        """The catalogue as it stood on *date* (ISO 8601, e.g. ``"2019-12-01"``): each
        official figure as published then (the release held that was current on that date,
        ALFRED's real-time period), the periods no held release had published by then left
        out, and only the claims made by then (``as_of`` on or before *date*). Rows without
        a date are kept (*undated* ``"keep"``: the crosscheck judges them by release lags),
        or with ``"period-end"`` only those whose period had ended by *date*. Every function
        that takes a catalogue computes on the view.

        Examples
        --------
        >>> import integration_indicators as ii
        >>> cat = ii.load()
        >>> then = cat.as_of("2019-01-01").series("macro.gdp", geo="BLR")
        >>> then.periods[-1], round(float(then.values.iloc[-1]) / 1e9, 2)
        ('2016', 47.41)
        """
        from integration_indicators.catalogue.as_of import published_on

        return self.computed(("as-of", date, undated), lambda: published_on(self, date, undated))

    def revisions(
        self,
        indicator: str | None = None,
        geo: str | None = None,
        period: str | int | None = None,
        *,
        counterpart: str | None = None,
    ) -> pd.DataFrame:
        """Every published value of the matching official observations, one row per
        release: indicator, geo, counterpart, period, value, unit, published (the release
        it first appeared in), valid_until (the release that replaced it; NA while it is
        the published one), source, id; ordered by observation, then release.

        Examples
        --------
        >>> import integration_indicators as ii
        >>> table = ii.load().revisions("macro.gdp", "RUS", 2023)
        >>> [(p, round(v / 1e9, 1)) for p, v in zip(table["published"], table["value"])]
        [('2025-12-17', 2071.5), ('2026-07-01', 2046.3)]
        """
        from integration_indicators.catalogue.as_of import revisions

        return revisions(
            self._observations, self._history, indicator, geo, period, counterpart=counterpart
        )

    def revision_table(self, indicator: str | None = None) -> pd.DataFrame:
        """The revision of every official observation a later release changed: first and
        latest published value with their releases, the number of values published, and
        the revision (latest minus first) in the unit and in percent of the first."""
        from integration_indicators.catalogue.as_of import revision_table

        return revision_table(self.revisions(indicator))

    def official_rows(self, indicators: Iterable[str]) -> pd.DataFrame:
        """The official observations of *indicators* (a copy of those rows, columns as
        ``observations()``).

        Examples
        --------
        >>> import integration_indicators as ii
        >>> rates = ii.load().official_rows(["fx.official_rate"])
        >>> sorted(rates["geo"].unique())[:3], set(rates["unit"])
        (['ARM', 'BLR', 'CHN'], {'LCU/USD'})
        """
        return self._where(status=["official"], indicator=list(indicators))

    def series(
        self,
        indicator: str,
        geo: str | None = None,
        counterpart: str | None = None,
        *,
        source: str | None = None,
        status: str | None = None,
        prefer: Sequence[str] | None = None,
        periods: Iterable[str | int] | None = None,
        as_of: str | None = None,
    ) -> IndicatorSeries:
        """One indicator's values by period, in its canonical unit, ordered by period.

        Parameters
        ----------
        indicator, geo, counterpart, source, status
            Filters; None matches anything, ``counterpart=""`` matches rows without one.
        prefer
            Status values or source ids, most preferred first: where several observations
            match a period, those of the earliest listed status or source are kept. Without
            it (or where a tie remains) several matches raise ``AmbiguityError`` listing
            the candidates; the library never picks silently.
        periods
            Keep only these periods (years may be int), e.g. those of one currency.
        as_of
            An ISO date: each period's value as published on that date (see ``as_of``);
            a period published only later is NaN with a note saying so.

        Examples
        --------
        >>> import integration_indicators as ii
        >>> gdp = ii.load().series("macro.gdp", geo="RUS")
        >>> gdp.unit, gdp.periods[0]
        ('USD', '1988')
        """
        from functools import partial

        from integration_indicators.analysis.series import select_series

        select = partial(
            select_series,
            indicator=indicator,
            geo=geo,
            counterpart=counterpart,
            source=source,
            status=status,
            prefer=prefer,
            periods=periods,
        )
        if as_of is None:  # the indicator's rows (and geo's) first: select_series' own filter
            wanted = {"indicator": [indicator]} | ({"geo": [geo]} if geo is not None else {})
            found = self._where(**wanted)
            return select(found if len(found) else self._observations)  # none: its hint
        return self._as_of_each(select, indicator, geo, [as_of], skip_empty=False)[as_of]

    def series_by_release(
        self,
        indicator: str,
        dates: Iterable[str],
        geo: str | None = None,
        counterpart: str | None = None,
        *,
        status: str | None = None,
    ) -> dict[str, IndicatorSeries]:
        """``series(indicator, geo, counterpart, status=status, as_of=date)`` for each of
        *dates* (a release's day, say), the rows selected once for all; a date on which
        nothing of it was published is left out.

        Examples
        --------
        >>> import integration_indicators as ii
        >>> days = ["2025-12-17", "2026-07-01"]
        >>> found = ii.load().series_by_release("macro.gdp", days, geo="RUS")
        >>> [round(float(found[day].values["2023"]) / 1e9, 1) for day in days]
        [2071.5, 2046.3]
        """
        from functools import partial

        from integration_indicators.analysis.series import select_series

        select = partial(
            select_series,
            indicator=indicator,
            geo=geo,
            counterpart=counterpart,
            status=status,
        )
        return self._as_of_each(select, indicator, geo, list(dates), skip_empty=True)

    def _as_of_each(
        self,
        select: Callable[[pd.DataFrame], IndicatorSeries],
        indicator: str,
        geo: str | None,
        dates: list[str],
        *,
        skip_empty: bool,
    ) -> dict[str, IndicatorSeries]:
        """*select* of the rows published on each of *dates* (see ``series``); with
        *skip_empty*, a date without rows is left out instead of raising."""
        from integration_indicators.analysis.vintages import series_as_of
        from integration_indicators.catalogue.as_of import published_rows

        # the indicator's rows only (found once per catalogue), then those of each date
        empty = self._observations.iloc[:0]
        current, history = (
            self._rows_of(name).get(indicator, empty) for name in ("current", "history")
        )
        if geo is not None:  # a few hundred rows left of every release held
            current, history = (
                rows[(rows["geo"] == geo).to_numpy(dtype=bool)] for rows in (current, history)
            )
        found: dict[str, IndicatorSeries] = {}
        try:
            latest = select(current)  # today's series: the periods a date had not yet
        except NoRowsError:
            if skip_empty:  # nothing of it today: nothing on any date either
                return found
            raise
        for date in dates:
            try:
                found[date] = series_as_of(
                    published_rows(current, history, date), latest, date, select
                )
            except NoRowsError:  # nothing of it published on that date
                if not skip_empty:
                    raise
        return found

    def _rows_of(self, table: str) -> dict[Hashable, pd.DataFrame]:
        """The published rows (``current``) or the superseded ones (``history``) of each
        indicator (split once per catalogue)."""

        def split() -> dict[Hashable, pd.DataFrame]:
            frame = self._observations if table == "current" else self.superseded()
            frame = frame.drop(columns=[c for c in frame.columns if c in _NOT_IN_SERIES])
            return dict(iter(frame.groupby("indicator", sort=False, observed=True)))

        return self.computed(("indicator-rows", table), split)

    def indicator_summary(self) -> pd.DataFrame:
        """Per indicator: unit, number of observations and the sources they come from."""
        obs = self._observations
        counts = obs.groupby("indicator").size()
        sources = obs.groupby("indicator")["source"].agg(lambda s: ", ".join(sorted(set(s))))
        table = self._indicators.set_index("id")[["unit", "measure", "category"]]
        table = table.assign(
            observations=counts.reindex(table.index).fillna(0).astype("int64"),
            sources=sources.reindex(table.index).fillna(""),
        )
        return table.rename_axis("indicator").reset_index()

    def __repr__(self) -> str:
        """A short summary, as a DataFrame's: where, how many of each, by status.

        >>> import integration_indicators as ii
        >>> print(repr(ii.load()).splitlines()[1].split(";")[0])
        89 sources, 38 indicators, 7097 observations (official 7059, reported 17, stated 11, ...)
        """
        statuses = self.observation_columns(["status"])["status"].value_counts()
        shown = ", ".join(f"{s} {n}" for s, n in statuses.head(3).items())
        more = ", ..." if len(statuses) > 3 else ""
        return (
            f"Catalogue({self.location!r})\n{len(self._sources)} sources, "
            f"{len(self._indicators)} indicators, {len(self._observation_rows)} observations "
            f"({shown}{more}); {len(self._history)} superseded by later releases"
        )

    def summary(self) -> str:
        """One line: how many sources, indicators and observations, and from where."""
        return (
            f"catalogue OK: {len(self._sources)} sources, {len(self._indicators)} indicators, "
            f"{len(self._observation_rows)} observations ({self.location})"
        )
