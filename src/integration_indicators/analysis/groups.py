"""Economic groups with dated membership: who belonged to each group in each year, from a
data file that cites its sources (the bundled ``groups.yaml``: the EAEU, the Customs Union,
the CIS, the EU, the euro area, ASEAN, Mercosur, NAFTA/USMCA, the GCC, the SADC and ECOWAS).

``read_groups`` reads and checks a groups file (fields ``GROUP_FIELDS``; economy codes,
ISO 8601 dates, ``from`` before ``until``), every problem at once. ``members_by_year`` gives
the members of one group in each year by the file's rule: a member counts in a year when it
belonged on 1 July (a date written as a year or month is taken at its end for ``from``, at its
start for ``until``). The group indices take a group by name or an explicit member list.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from integration_indicators.errors import GroupError, Problem, ValidationError

#: Fields of a groups file, in order.
GROUP_FIELDS = ("group", "name", "geo", "from", "until", "sources", "note")

#: The bundled file's name in the package's datasets.
GROUPS_FILE = "groups.yaml"

#: Largest groups file read, in bytes.
MAX_GROUPS_BYTES = 4 * 1024 * 1024


def read_groups(path: str | Path | None = None) -> pd.DataFrame:
    """The memberships of a groups file (the bundled one by default), one row each, with
    ``start`` and ``end`` dates (``end`` NaT while the member belongs).

    Raises ``ValidationError`` naming file, line, field and value of every problem.

    Examples
    --------
    >>> groups = read_groups()
    >>> sorted(groups.loc[groups["group"] == "EAEU", "geo"])
    ['ARM', 'BLR', 'KAZ', 'KGZ', 'RUS']
    """
    from integration_indicators.io.safe_read import read_bytes
    from integration_indicators.io.yaml_tables import read_yaml_table
    from integration_indicators.model.economies import economy_codes
    from integration_indicators.model.periods import parse_periods

    if path is None:  # the bundled file: read and checked once per process
        return _bundled_groups().copy()
    where = Path(path)
    data = read_bytes(where, where.name, MAX_GROUPS_BYTES)
    table = read_yaml_table(
        where,
        where.name,
        GROUP_FIELDS,
        list_fields=("sources",),
        optional_fields=("until", "note"),
        data=data,
    )
    problems = list(table.problems)
    if problems:
        raise ValidationError(problems, str(where))
    frame = table.frame.fillna("").astype("str")
    rows = np.asarray(table.rows)

    def add(mask: np.ndarray, field: str, rule: str, message: str) -> None:
        problems.extend(
            Problem(where.name, int(r), field, v, rule, message)
            for r, v in zip(rows[mask], frame[field][mask], strict=True)
        )

    add(
        ~frame["geo"].isin(economy_codes()).to_numpy(),
        "geo",
        "iso-country",
        "not an economy code (ISO 3166-1 or 3166-3 alpha-3)",
    )
    add((frame["group"].str.strip() == "").to_numpy(), "group", "not-empty", "name the group")
    add(
        (frame["sources"].str.strip() == "").to_numpy(),
        "sources",
        "not-empty",
        "cite the pages the dates come from",
    )
    starts = parse_periods(frame["from"].where(frame["from"] != "", "0001"))
    ends = parse_periods(frame["until"].where(frame["until"] != "", "9999"))
    add(starts["problem"].notna().to_numpy(), "from", "period", "not an ISO 8601 date")
    add(ends["problem"].notna().to_numpy(), "until", "period", "not an ISO 8601 date")
    start = starts["end"].to_numpy().astype("datetime64[D]")  # a year or month: at its end
    end = ends["start"].to_numpy().astype("datetime64[D]")
    add(
        (~np.isnat(start) & ~np.isnat(end) & (end <= start)),
        "until",
        "bounds-order",
        "a membership ends after it begins",
    )
    if not problems:  # two memberships of one economy in one group that overlap
        order = np.lexsort((start, frame["geo"].to_numpy(), frame["group"].to_numpy()))
        same = np.zeros(len(frame), dtype=bool)
        key = (frame["group"] + "\x00" + frame["geo"]).to_numpy()[order]
        same[1:] = key[1:] == key[:-1]
        earlier_end = np.concatenate(([np.datetime64("NaT")], end[order][:-1]))
        open_ended = np.isnat(earlier_end)
        overlap = same & (open_ended | (start[order] < earlier_end))
        clash = np.zeros(len(frame), dtype=bool)
        clash[order[overlap]] = True
        add(
            clash,
            "from",
            "membership-overlap",
            "this membership overlaps another of the same economy in the same group",
        )
    if problems:
        raise ValidationError(problems, str(where))
    start = np.where(frame["from"] == "", np.datetime64("NaT"), start)
    end = np.where(frame["until"] == "", np.datetime64("NaT"), end)
    return frame.assign(start=start.astype("datetime64[s]"), end=end.astype("datetime64[s]"))


@cache
def catalogue_groups(location: str) -> pd.DataFrame:
    """The groups of the catalogue directory *location*: its own ``groups.yaml`` where it
    has one, the bundled file otherwise (``read_groups``)."""
    own = Path(location) / GROUPS_FILE if location else None
    return read_groups(own if own is not None and own.exists() else None)


@cache
def _bundled_groups() -> pd.DataFrame:
    """The bundled file's memberships, read and checked once per process (callers copy)."""
    from integration_indicators.catalogue.loader import bundled_path

    return read_groups(bundled_path() / GROUPS_FILE)


def closest_groups(groups: pd.DataFrame, name: str) -> list[str]:
    """The groups of *groups* whose names come closest to *name* (a misspelt one), best
    first."""
    import difflib

    known = sorted(str(g) for g in groups["group"].unique())
    return difflib.get_close_matches(name, known, n=3, cutoff=0.3)


def check_group(groups: pd.DataFrame, name: str) -> None:
    """Raise ``GroupError`` unless *groups* defines *name*, naming the closest ones and all."""
    if name in set(groups["group"]):
        return
    close = closest_groups(groups, name)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    known = ", ".join(sorted(str(g) for g in groups["group"].unique()))
    raise GroupError(f"no group {name!r} in the groups file{hint}; groups: {known}")


def members_by_year(
    groups: pd.DataFrame, group: str, years: list[int] | np.ndarray
) -> pd.DataFrame:
    """The members of *group* in each of *years* (``period`` as text, ``geo``): those that
    belonged on 1 July of the year.

    Examples
    --------
    >>> years = members_by_year(read_groups(), "EAEU", [2014, 2015, 2016])
    >>> years.groupby("period")["geo"].agg(list).to_dict()
    {'2015': ['ARM', 'BLR', 'KAZ', 'RUS'], '2016': ['ARM', 'BLR', 'KAZ', 'KGZ', 'RUS']}
    """
    check_group(groups, group)
    rows = groups[groups["group"] == group]
    mid = np.asarray([np.datetime64(f"{int(y):04d}-07-01") for y in years], dtype="datetime64[s]")
    start = rows["start"].to_numpy()
    end = rows["end"].to_numpy()
    inside = (np.isnat(start)[:, None] | (start[:, None] <= mid[None, :])) & (
        np.isnat(end)[:, None] | (mid[None, :] < end[:, None])
    )
    member, year = np.nonzero(inside)
    table = pd.DataFrame(
        {
            "period": np.asarray(years)[year].astype("int64").astype("str"),
            "geo": rows["geo"].to_numpy()[member],
        }
    )
    return table.sort_values(["period", "geo"], ignore_index=True)
