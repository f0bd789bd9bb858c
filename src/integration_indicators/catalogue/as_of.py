"""What was published when: the catalogue as of a date and its revisions, in one place
(the crosscheck, indices, metrics and the site take their views of a date from here).

An official observation carries the release it first appeared in (``as_of``, its vintage)
and, where a later release revised or withdrew it, that release's date (``valid_until``):
ALFRED's real-time period, held once for as many releases as the value stayed the same.
The catalogue keeps the published figures in ``observations()`` and the replaced ones in
``superseded()``; the functions here put the two together. A series as of a date is
``analysis.vintages.series_as_of``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from integration_indicators.errors import IndicatorError

if TYPE_CHECKING:
    from integration_indicators.catalogue import Catalogue

#: Columns of ``Catalogue.revisions``.
_REVISION_KEY = ["indicator", "geo", "counterpart", "period"]


def day_of(text: pd.Series) -> np.ndarray:
    """The first day of each ISO 8601 date of *text* (a year: 1 January), NaT where empty
    or not a date; each distinct text read once (a catalogue has a few dozen dates).

    >>> day_of(pd.Series(["2018-08-01", "2019", "", None])).astype(str).tolist()
    ['2018-08-01', '2019-01-01', 'NaT', 'NaT']
    """
    codes, uniques = pd.factorize(text.fillna("").astype("str"))
    days = np.full(len(uniques) + 1, np.datetime64("NaT"), dtype="datetime64[D]")
    for position, value in enumerate(uniques):  # per distinct date, not per row
        days[position] = _day(str(value))
    return days[codes]


#: The ISO 8601 dates ``day_of`` reads: a year, a month or a day.
_DATE = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")


def _day(text: str) -> np.datetime64:
    if _DATE.fullmatch(text) is None:
        return np.datetime64("NaT", "D")
    try:
        return np.datetime64(text + "-01-01"[len(text) - 4 :], "D")
    except ValueError:  # 2019-02-30
        return np.datetime64("NaT", "D")


def checked_date(date: str) -> np.datetime64:
    """*date* as a day, or ``IndicatorError`` saying what to write."""
    found = _day(str(date))
    if np.isnat(found) or len(str(date)) != 10:
        raise IndicatorError(f"as_of={date!r}: give an ISO 8601 day such as '2019-12-01'")
    return found


def held_releases(cat: Catalogue, sources: Iterable[str] | None = None) -> list[str]:
    """The dates of the releases *cat* holds of the datasets of *sources* (source ids;
    default: the datasets whose revised figures it holds): the dates their official rows
    first appeared, and each release's source entry (a release that repeated every value
    has an entry and no rows of its own); ISO days, oldest first."""
    dataset_of = cat.sources.set_index("id")["dataset"]
    chosen = cat.superseded()["source"] if sources is None else pd.Series(list(sources))
    datasets = set(chosen.map(dataset_of).dropna()) - {""}
    official = pd.concat([cat.observations(), cat.superseded()], ignore_index=True)
    official = official[(official["status"] == "official").to_numpy(dtype=bool)]
    mine = official["source"].map(dataset_of).isin(datasets).to_numpy(dtype=bool)
    entries = cat.sources[cat.sources["dataset"].isin(datasets).to_numpy(dtype=bool)]
    dates = {
        *official.loc[mine, "as_of"].dropna().astype("str"),
        *entries["date_published"].astype("str"),
    }
    return sorted(d for d in dates if len(d) == 10)


def published_rows(
    current: pd.DataFrame, history: pd.DataFrame, date: str, *, undated: str = "keep"
) -> pd.DataFrame:
    """The rows of *current* and *history* (observations and superseded ones) that were
    published on *date*: stated by then (``as_of``) and not yet replaced (``valid_until``
    after it). Rows without a date are kept (*undated* ``"keep"``), or, with
    ``"period-end"``, only where their period had ended by *date* (not what was published
    then: the release date is unknown)."""
    day = checked_date(date)
    rows = pd.concat([current, history], ignore_index=True) if len(history) else current
    start, until = day_of(rows["as_of"]), day_of(rows["valid_until"])
    no_date = np.isnat(start)
    if undated == "period-end":
        ended = rows["period_end"].to_numpy(dtype="datetime64[D]") <= day
        no_date &= ended
    with np.errstate(invalid="ignore"):
        kept = (no_date | (start <= day)) & (np.isnat(until) | (until > day))
    chosen: pd.DataFrame = rows[kept].reset_index(drop=True)
    return chosen


def undated_official(cat: Catalogue) -> int:
    """How many official rows of *cat* have no release date (``as_of``): an import without
    ``--vintage``, an IMF DOTS workbook. What was published on a date is unknown for them."""
    rows = cat.observations()
    official = (rows["status"] == "official").to_numpy(dtype=bool)
    return int((official & np.isnat(day_of(rows["as_of"]))).sum())


def published_on(cat: Catalogue, date: str, undated: str = "keep") -> Catalogue:
    """*cat* as it stood on *date* (see ``Catalogue.as_of``)."""
    chosen = published_rows(cat.observations(), cat.superseded(), date, undated=undated)
    return cat.with_rows(chosen, chosen.iloc[:0])


def revisions(
    current: pd.DataFrame,
    history: pd.DataFrame,
    indicator: str | None = None,
    geo: str | None = None,
    period: str | int | None = None,
    *,
    counterpart: str | None = None,
) -> pd.DataFrame:
    """Every published value of the matching official observations (see
    ``Catalogue.revisions``)."""
    rows = pd.concat([current, history], ignore_index=True) if len(history) else current
    mask = (rows["status"] == "official").to_numpy(dtype=bool)
    for column, wanted in (("indicator", indicator), ("geo", geo), ("period", period)):
        if wanted is not None:
            mask = mask & (rows[column] == str(wanted)).to_numpy(dtype=bool)
    if counterpart is not None:
        mask = mask & (rows["counterpart"].fillna("") == counterpart).to_numpy(dtype=bool)
    table = rows.loc[
        mask,
        [*_REVISION_KEY, "value", "unit", "as_of", "valid_until", "source", "id", "period_start"],
    ]
    table = table.assign(counterpart=table["counterpart"].fillna(""), _day=day_of(table["as_of"]))
    table = table.sort_values(
        ["indicator", "geo", "counterpart", "period_start", "_day"], kind="stable"
    )
    table = table.drop(columns=["period_start", "_day"]).rename(columns={"as_of": "published"})
    return table.reset_index(drop=True)


def revision_table(revised: pd.DataFrame) -> pd.DataFrame:
    """Per observation of *revised* (``Catalogue.revisions`` rows) that more than one
    release published: the first and latest values and releases, how many values, and the
    revision, latest minus first, in the unit and in percent of |first|."""
    counts = revised.groupby(_REVISION_KEY, sort=False)["value"].transform("size")
    several = revised[(counts > 1).to_numpy()]
    grouped = several.groupby(_REVISION_KEY, sort=False)
    table = pd.DataFrame(
        {
            "first_published": grouped["published"].first(),
            "first_value": grouped["value"].first(),
            "latest_published": grouped["published"].last(),
            "latest_value": grouped["value"].last(),
            "values": grouped["value"].size(),
            "unit": grouped["unit"].first(),
        }
    )
    table["revision"] = table["latest_value"] - table["first_value"]
    with np.errstate(invalid="ignore", divide="ignore"):
        table["revision_percent"] = table["revision"] / table["first_value"].abs() * 100.0
    return table.reset_index()
