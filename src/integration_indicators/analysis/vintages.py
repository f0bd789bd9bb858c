"""A series as it was published on a date: the rows of that date (``catalogue.as_of``)
on the periods it had then, and those of today's series it had not published yet."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from integration_indicators.catalogue.as_of import day_of
from integration_indicators.errors import NoRowsError

if TYPE_CHECKING:
    from integration_indicators.analysis.series import IndicatorSeries


def series_as_of(
    rows: pd.DataFrame,
    latest: IndicatorSeries,
    date: str,
    select: Callable[[pd.DataFrame], IndicatorSeries],
) -> IndicatorSeries:
    """The series as published on *date*: *select* (the request of ``Catalogue.series``)
    applied to *rows*, those published on that date (``published_rows``), on the periods
    it had then and those of *latest* (today's series) it had not published yet: NaN with
    a note."""
    try:
        then = select(rows)
    except NoRowsError:  # nothing of it published by then (an ambiguity still surfaces)
        none = latest.values.index[:0]
        then = replace(
            latest,
            values=latest.values.iloc[:0],
            lower=latest.lower.iloc[:0],
            upper=latest.upper.iloc[:0],
            approximate=latest.approximate.iloc[:0],
            origins=latest.origins.iloc[:0],
            notes=latest.notes.reindex(none),
        )
    had = set(then.periods)
    later = [p for p in latest.periods if p not in had]
    if not later:
        return then
    if had <= set(latest.periods):  # today's periods, in today's order
        index = pd.Index(list(latest.periods), name="period")
    else:  # periods withdrawn since: merged by their first day
        order = [*then.periods, *later]
        starts = day_of(pd.Series(order))
        index = pd.Index([order[i] for i in np.argsort(starts, kind="stable")], name="period")
    note = f"not yet published on {date}: a later release holds it"
    return replace(
        then,
        unit=latest.unit,
        values=then.values.reindex(index),
        lower=then.lower.reindex(index),
        upper=then.upper.reindex(index),
        approximate=then.approximate.reindex(index).fillna(False).astype(bool),
        origins=then.origins.reindex(index).apply(lambda o: o if isinstance(o, tuple) else ()),
        notes=then.notes.reindex(index).fillna("").where(~index.isin(later), note),
    )
