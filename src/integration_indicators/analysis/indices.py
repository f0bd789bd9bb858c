"""Integration indices from official statistics, for any pair and any group of economies.

From the IMF Direction of Trade Statistics (reporter i, partner j; exports FOB x, imports CIF
m; the World is the empty counterpart, and the World's own workbook the reporter ``WLD``),
following the regional-integration literature (ESCAP's ARTNeT, ADB's ARCII, the Eurasian
Development Bank's indices); each index has one formula, computed for every pair at once by
its ``*_panel`` function, which the pair and group functions filter;
every function that takes a catalogue also takes ``as_of=`` (an ISO date) and computes on
what was published on that date (``at``). Every index table is tidy, period first, then the
economies (geo, counterpart), the flow where there is one, the values and a note; the pair
functions return an ``IndicatorSeries`` with its lineage:

- partner share: 100 x_ij / X_i (exports), 100 m_ij / M_i (imports), 100 (x_ij + m_ij) /
  (X_i + M_i) (turnover), X_i and M_i being i's trade with the World as i reports it;
- trade intensity in the ESCAP/ARTNeT form TII_ij = (x_ij / X_i) / (M_j / (M_w - M_i)) (not
  the WITS form with world exports, (x_ij / X_i) / (X_j / X_w)), with M_j j's imports from
  the World as j reports them and M_w the world's imports: the ``WLD`` reporter's imports
  from the World (the IMF's World workbook, DOTS_221, imported like any other); 1 means i
  exports to j as much as j's weight in world imports (excluding i's own) predicts;
- mirror gap: what j reports importing from i (CIF) against what i reports exporting to j
  (FOB): the ratio m_ji / x_ij and the difference m_ji - x_ij, for every ordered pair (the
  other direction is the row with geo and counterpart swapped); CIF exceeds FOB by freight
  and insurance, so a ratio near 1.0-1.1 is usual and far from it points to misreporting;
- partner concentration: Herfindahl-Hirschman index of i's exports (imports) over partners,
  sum of (100 x_ij / X_i)^2, on the 0-10,000 scale; computed only where the partners listed
  cover at least ``MIN_COVERAGE`` of the World total, else NaN with a note;
- a group's intra-group trade share: 100 sum_{i != j in G} x_ij / sum_{i in G} X_i, each
  member's dependence on the group's largest member (largest by GDP in current US$ that
  year): its turnover with it as a share of its turnover with the World, and on total trade
  (exports plus imports) the intra-regional trade intensity and the regional trade
  introversion index (``group_introversion``; Iapadre 2006).

Every index table counts, per value, the inputs the IMF marks as its estimates
(``estimated_inputs``); a group's missing bilateral flows may be filled from the partner's
report with a stated CIF/FOB factor (``fill="mirror"``, counted in ``filled_inputs``).

From the World Bank: the GDP per head ratio of a pair (current US$ and PPP), and
sigma-convergence of a group: the population standard deviation (ddof=0) across members of
log GDP per head (current US$, or PPP) by year, shrinking when members converge.

A value that the data cannot give (a missing World total, a reporter that reports nothing for
a year) is NaN with a note naming what is missing, never a number computed from part of the
data. Every function for a pair returns an ``IndicatorSeries`` with lineage; every
``*_panel`` function computes the index for all pairs at once, vectorised.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from integration_indicators.analysis import metrics
from integration_indicators.analysis.keywords import renamed
from integration_indicators.analysis.series import IndicatorSeries, categorical
from integration_indicators.catalogue import Catalogue
from integration_indicators.errors import GroupError, IndicatorError, NoRowsError
from integration_indicators.model.economies import WORLD

#: Share of the World total the listed partners must cover for a concentration index.
MIN_COVERAGE = 0.95

#: The indicators of the two flows.
FLOWS = {"exports": "trade.goods.exports", "imports": "trade.goods.imports"}

#: Columns of a trade frame.
TRADE_COLUMNS = ("geo", "counterpart", "flow", "period", "value")


def _named(trade: pd.DataFrame) -> pd.DataFrame:
    """*trade* with its ``counterpart`` column (a frame of an earlier release names it
    ``partner``: renamed, with a ``DeprecationWarning``)."""
    if "partner" in trade.columns and "counterpart" not in trade.columns:
        import warnings

        warnings.warn(
            "a trade frame's partner column is now counterpart: rename it (the "
            "old name is read until 0.2.0)",
            DeprecationWarning,
            stacklevel=3,
        )
        return trade.rename(columns={"partner": "counterpart"})
    return trade


def coded(trade: pd.DataFrame) -> pd.DataFrame:
    """*trade* with geo and counterpart as categories of one shared set of economies (and
    flow and period as categories): merges then join integer codes, not strings."""
    trade = _named(trade)
    economies = pd.Index(pd.concat([trade["geo"], trade["counterpart"]]).unique().astype("str"))
    kind = pd.CategoricalDtype(economies.sort_values())
    return trade.assign(
        geo=trade["geo"].astype("str").astype(kind),
        counterpart=trade["counterpart"].astype("str").astype(kind),
        flow=trade["flow"].astype("category"),
        period=trade["period"].astype("str").astype("category"),
    )


def at(cat: Catalogue, as_of: str | None) -> Catalogue:
    """*cat*, or the catalogue as it stood on *as_of* (``Catalogue.as_of``): every index
    takes ``as_of=`` and computes on what was published on that date."""
    return cat if as_of is None else cat.as_of(as_of)


def trade_frame(cat: Catalogue) -> pd.DataFrame:
    """The catalogue's official DOTS rows as a tidy frame: geo (``WLD`` for the World's own
    workbook), counterpart ("" = the World), flow (exports, imports), period, value in US$
    and estimated (the source marks the value as an estimate), text as categories
    (``coded``). Built once per catalogue and kept with it (``Catalogue.computed``): treat it
    as read-only."""
    return cat.computed(("indices.trade_frame",), lambda: _trade_frame(cat))


#: The trade frame's columns and their kinds, as kept beside a cached catalogue.
_TRADE_LAYOUT = [
    ("geo", "category"),
    ("counterpart", "category"),
    ("flow", "category"),
    ("period", "category"),
    ("value", "float"),
    ("estimated", "bool"),
]

#: Bump when ``_trade_frame`` derives its rows otherwise: a kept table of another recipe is
#: never read.
_TRADE_RECIPE = "1"


def _trade_frame(cat: Catalogue) -> pd.DataFrame:
    """The trade frame, read from beside the catalogue's cache entry where one was kept for
    it (coded, so a new process skips the 2-million-row selection), else built and kept."""
    from integration_indicators.catalogue import cache as store

    key = f"{cat.digest}-{_TRADE_RECIPE}" if cat.digest else ""
    kept = store.read_derived(key, "trade", _TRADE_LAYOUT) if key else None
    if kept is not None:
        return kept
    frame = _built_trade_frame(cat)
    if key:
        store.write_derived(key, "trade", frame, _TRADE_LAYOUT)
    return frame


def _built_trade_frame(cat: Catalogue) -> pd.DataFrame:
    rows = cat.official_rows(FLOWS.values())
    flow = rows["indicator"].map({v: k for k, v in FLOWS.items()})
    return coded(
        pd.DataFrame(
            {
                "geo": rows["geo"].to_numpy(),
                "counterpart": rows["counterpart"].fillna("").to_numpy(),
                "flow": flow.to_numpy(),
                "period": rows["period"].to_numpy(),
                "value": rows["value"].to_numpy(dtype="float64"),
                "estimated": rows["estimated"].to_numpy(dtype=bool),
            }
        )
    )


class TradeCodes:
    """Integer codes of a trade frame and dense lookups over them (no string merges).

    Build it once (``TradeCodes(trade)``) and pass it to every ``*_panel`` function to share
    the coding, as ``all_indices`` does.
    """

    def __init__(self, trade: pd.DataFrame) -> None:
        trade = _named(trade)
        frame = trade if isinstance(trade["geo"].dtype, pd.CategoricalDtype) else coded(trade)
        if frame["counterpart"].dtype != frame["geo"].dtype:
            frame = coded(frame.astype({"geo": "str", "counterpart": "str"}))
        world_rows = (frame["geo"] == WORLD).to_numpy(dtype=bool)
        #: The World's own rows (reporter ``WLD``): its totals, not an economy's trade.
        self.world_frame = frame[world_rows]
        if world_rows.any():
            frame = frame[~world_rows]
            if not (frame["counterpart"] == WORLD).any():  # no economy of the tables
                frame = frame.assign(
                    geo=frame["geo"].cat.remove_categories([WORLD]),
                    counterpart=frame["counterpart"].cat.remove_categories([WORLD]),
                )
        self.frame = frame
        self.economies = frame["geo"].cat.categories
        self.periods = frame["period"].cat.categories
        self.geo = frame["geo"].cat.codes.to_numpy().astype("int64")
        self.partner = frame["counterpart"].cat.codes.to_numpy().astype("int64")
        self.period = frame["period"].cat.codes.to_numpy().astype("int64")
        flow_names = list(frame["flow"].cat.categories)
        export_code = flow_names.index("exports") if "exports" in flow_names else -2
        self.exports = frame["flow"].cat.codes.to_numpy() == export_code
        self.value = frame["value"].to_numpy(dtype="float64")
        #: 1 where the source marks the value as an estimate (the IMF's "e"), else 0.
        self.estimated = (
            frame["estimated"].to_numpy(dtype=bool)
            if "estimated" in frame
            else np.zeros(len(frame), dtype=bool)
        ).astype("int8")
        world = np.flatnonzero(self.economies == "")
        self.world_code = int(world[0]) if len(world) else -1
        self.is_world = self.partner == self.world_code
        self.n_econ, self.n_period = len(self.economies), len(self.periods)
        #: The world's imports (CIF, US$) by period code, NaN where the catalogue has none.
        self.world_imports = self.world_total("imports")
        self.world_imports_estimated = self.world_total("imports", "estimated").astype("int8")

    def world_total(self, flow: str, column: str = "value") -> np.ndarray:
        """The World reporter's trade with the World of *flow* by period code (or its
        *column*, e.g. ``estimated``: 0 where none)."""
        total = np.full(self.n_period, np.nan if column == "value" else 0.0)
        rows = self.world_frame
        rows = rows[(rows["flow"] == flow).to_numpy() & (rows["counterpart"] == "").to_numpy()]
        if column in rows:
            total[rows["period"].cat.codes.to_numpy()] = rows[column].to_numpy(dtype="float64")
        return total

    def cell(self, geo: np.ndarray, period: np.ndarray) -> np.ndarray:
        return np.asarray(geo * self.n_period + period, dtype="int64")

    def pair(self, geo: np.ndarray, partner: np.ndarray, period: np.ndarray) -> np.ndarray:
        return np.asarray((geo * self.n_econ + partner) * self.n_period + period, dtype="int64")

    def world_of(self, flow_mask: np.ndarray, values: np.ndarray | None = None) -> np.ndarray:
        """Trade with the World by (geo, period) cell, NaN where not reported (or, given
        *values*, those of the World rows: ``world_of(mask, k.estimated)``, 0 where none)."""
        table = np.full(self.n_econ * self.n_period, np.nan if values is None else 0.0)
        rows = self.is_world & flow_mask
        table[self.cell(self.geo[rows], self.period[rows])] = (
            self.value[rows] if values is None else values[rows]
        )
        return table

    @cached_property
    def world_flows(self) -> tuple[np.ndarray, np.ndarray]:
        """Exports and imports with the World by (geo, period) cell (``world_of``), built
        once per coding for every panel that divides by them."""
        return self.world_of(self.exports), self.world_of(~self.exports)

    @cached_property
    def world_flows_estimated(self) -> tuple[np.ndarray, np.ndarray]:
        """Whether those World totals are estimates (1) or not (0), by cell."""
        return (
            self.world_of(self.exports, self.estimated),
            self.world_of(~self.exports, self.estimated),
        )

    def labels(self, geo: np.ndarray, partner: np.ndarray, period: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(
            {  # period first, as every index table
                "period": categorical(period, self.periods),
                "geo": categorical(geo, self.economies),
                "counterpart": categorical(partner, self.economies),
            }
        )


def fill_mirror(trade: pd.DataFrame, cif_fob: float) -> pd.DataFrame:
    """*trade* with each missing bilateral flow filled from the partner's report, flagged.

    A missing export x_ij becomes the partner's imports m_ji / *cif_fob* (CIF to FOB), a
    missing import m_ij the partner's exports x_ji * *cif_fob*; trade with the World is never
    filled. Filled rows carry ``filled`` True (reported rows False) and the partner's
    ``estimated`` flag. *cif_fob* is the CIF/FOB factor: the library holds no sourced one,
    so the caller states it (1.0: no conversion).

    Examples
    --------
    >>> t = pd.DataFrame({"geo": ["AAA", "BBB"], "counterpart": ["BBB", "AAA"],
    ...                   "flow": ["exports", "exports"], "period": ["2020", "2020"],
    ...                   "value": [10.0, 4.0]})
    >>> filled = fill_mirror(t, cif_fob=1.1)
    >>> added = filled.loc[filled["filled"], ["geo", "counterpart", "flow", "value"]]
    >>> added.round(2).to_numpy().tolist()
    [['BBB', 'AAA', 'imports', 11.0], ['AAA', 'BBB', 'imports', 4.4]]
    """
    if not (np.isfinite(cif_fob) and cif_fob > 0):
        raise IndicatorError(
            f"cif_fob={cif_fob!r}: the CIF/FOB factor is a positive number, "
            "e.g. 1.0 for no conversion"
        )
    k = TradeCodes(trade)
    bilateral = ~k.is_world
    space = k.n_econ * k.n_econ * k.n_period
    seen = np.zeros((2, space), dtype=bool)  # [exports, imports] reported, by (geo, partner)
    flow = np.where(k.exports, 0, 1)
    key = k.pair(k.geo, k.partner, k.period)
    seen[flow[bilateral], key[bilateral]] = True
    mirror = k.pair(k.partner, k.geo, k.period)  # the same flow seen from the partner
    wanted = bilateral & ~seen[1 - flow, mirror]  # the partner reports nothing of it
    factor = np.where(k.exports[wanted], cif_fob, 1.0 / cif_fob)  # x_ji -> m_ij, m_ji -> x_ij
    added = k.labels(k.partner[wanted], k.geo[wanted], k.period[wanted]).assign(
        flow=np.where(k.exports[wanted], "imports", "exports"),
        value=k.value[wanted] * factor,
        estimated=k.estimated[wanted].astype(bool),
        filled=True,
    )
    base = k.frame.assign(filled=False, estimated=k.estimated.astype(bool))
    world = k.world_frame.assign(filled=False)
    if "estimated" not in world.columns:
        world = world.assign(estimated=False)
    columns = [*TRADE_COLUMNS, "estimated", "filled"]
    plain = [
        frame.loc[:, columns].astype(
            {"geo": "str", "counterpart": "str", "period": "str", "flow": "str"}
        )
        for frame in (base, world, added)
    ]
    return coded(pd.concat(plain, ignore_index=True))


def _note(missing: np.ndarray, text: str) -> pd.Categorical:
    return categorical(missing.astype("int8"), ["", text])


def partner_share_panel(trade: pd.DataFrame | TradeCodes) -> pd.DataFrame:
    """The partner share of every (reporter, partner, flow, period) at once, in percent.

    Columns: period, geo, counterpart, flow (exports, imports, turnover), share,
    estimated_inputs (how many of the values behind it the source marks as estimates), note.
    Computed on integer codes with dense lookups of the World totals, never a merge of
    strings.
    """
    k = trade if isinstance(trade, TradeCodes) else TradeCodes(trade)
    world_x, world_m = k.world_flows
    est_x, est_m = k.world_flows_estimated
    rows = ~k.is_world
    cells = k.cell(k.geo[rows], k.period[rows])
    world = np.where(k.exports[rows], world_x[cells], world_m[cells])
    estimated = k.estimated[rows] + np.where(k.exports[rows], est_x[cells], est_m[cells])
    with np.errstate(invalid="ignore", divide="ignore"):
        share = k.value[rows] / world * 100.0
    # turnover: both flows of a pair and year, over both flows with the World
    pair = k.pair(k.geo[rows], k.partner[rows], k.period[rows])
    space = k.n_econ * k.n_econ * k.n_period  # dense: counting beats sorting
    totals = np.bincount(pair, weights=k.value[rows], minlength=space)
    counts = np.bincount(pair, minlength=space)
    unique = np.flatnonzero(counts == 2)  # pairs and years with both flows
    totals = totals[unique]
    pair_estimated = np.bincount(pair, weights=k.estimated[rows], minlength=space)[unique]
    period = unique % k.n_period
    geo = unique // k.n_period // k.n_econ
    partner = unique // k.n_period % k.n_econ
    world_t = (world_x + world_m)[k.cell(geo, period)]
    turnover_estimated = pair_estimated + (est_x + est_m)[k.cell(geo, period)]
    with np.errstate(invalid="ignore", divide="ignore"):
        turnover = totals / world_t * 100.0
    flow = np.concatenate([np.where(k.exports[rows], 0, 1), np.full(len(geo), 2)]).astype("int8")
    labels = k.labels(
        np.concatenate([k.geo[rows], geo]),
        np.concatenate([k.partner[rows], partner]),
        np.concatenate([k.period[rows], period]),
    )
    values = np.concatenate([share, turnover])
    return labels.assign(
        flow=categorical(flow, ["exports", "imports", "turnover"]),
        share=values,
        estimated_inputs=np.concatenate([estimated, turnover_estimated]).astype("int8"),
        note=_note(
            np.isnan(np.concatenate([world, world_t])),
            "the reporter's trade with the World is missing for the period",
        ),
    ).loc[:, ["period", "geo", "counterpart", "flow", "share", "estimated_inputs", "note"]]


def trade_intensity_panel(
    trade: pd.DataFrame | TradeCodes, world_imports: pd.Series | None = None
) -> pd.DataFrame:
    """TII of every (reporter i, partner j, period) at once.

    The world's imports M_w are the World reporter's (``WLD``) imports from the World in
    *trade*: the IMF's World workbook imported like any other. *world_imports* (CIF, US$, by
    period) overrides them. Where neither gives a period's total, its values are NaN with a
    note. Columns: period, geo, counterpart, intensity, estimated_inputs (of the five values
    behind it, how many the source marks as estimates), note.
    """
    k = trade if isinstance(trade, TradeCodes) else TradeCodes(trade)
    world_x, world_m = k.world_flows
    rows = k.exports & ~k.is_world
    geo, partner, period = k.geo[rows], k.partner[rows], k.period[rows]
    by_period, by_period_estimated = k.world_imports, k.world_imports_estimated
    if world_imports is not None:
        by_period_estimated = np.zeros(k.n_period, dtype="int8")
        by_period = (
            pd.Series(np.asarray(k.periods, dtype=str))
            .map(world_imports.set_axis(world_imports.index.astype("str")))
            .to_numpy(dtype="float64")
        )
    total = by_period[period]
    x_world = world_x[k.cell(geo, period)]
    partner_imports = world_m[k.cell(partner, period)]
    own_imports = world_m[k.cell(geo, period)]
    est_x, est_m = k.world_flows_estimated
    estimated = (
        k.estimated[rows]
        + est_x[k.cell(geo, period)]
        + est_m[k.cell(partner, period)]
        + est_m[k.cell(geo, period)]
        + by_period_estimated[period]
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        intensity = (k.value[rows] / x_world) / (partner_imports / (total - own_imports))
    texts = [
        "",
        "the world's imports are missing for the period (import the IMF's World "
        "workbook, DOTS_221)",
        "the reporter's exports to the World are missing",
        "the partner's imports from the World are missing",
        "the reporter's imports from the World are missing",
    ]
    code = np.select(
        [np.isnan(total), np.isnan(x_world), np.isnan(partner_imports), np.isnan(own_imports)],
        [1, 2, 3, 4],
        0,
    ).astype("int8")
    return k.labels(geo, partner, period).assign(
        intensity=intensity,
        estimated_inputs=estimated.astype("int8"),
        note=categorical(code, texts),
    )


def mirror_gap_panel(trade: pd.DataFrame | TradeCodes) -> pd.DataFrame:
    """For every pair and period: i's exports to j (FOB) and j's imports from i (CIF).

    Columns: period, geo, counterpart, exports_reported, imports_mirror, ratio (mirror / reported),
    difference (mirror - reported), estimated_inputs (of the two, how many are estimates), note.
    """
    k = trade if isinstance(trade, TradeCodes) else TradeCodes(trade)
    imports = ~k.exports & ~k.is_world
    table = np.full(k.n_econ * k.n_econ * k.n_period, np.nan)
    flags = np.zeros(len(table), dtype="int8")
    at_pair = k.pair(k.geo[imports], k.partner[imports], k.period[imports])
    table[at_pair], flags[at_pair] = k.value[imports], k.estimated[imports]
    rows = k.exports & ~k.is_world
    geo, partner, period = k.geo[rows], k.partner[rows], k.period[rows]
    reported = k.value[rows]
    seen = table[k.pair(partner, geo, period)]
    estimated = k.estimated[rows] + flags[k.pair(partner, geo, period)]
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = seen / reported
    return k.labels(geo, partner, period).assign(
        exports_reported=reported,
        imports_mirror=seen,
        ratio=ratio,
        difference=seen - reported,
        estimated_inputs=estimated.astype("int8"),
        note=_note(np.isnan(seen), "the partner reports no imports from the reporter"),
    )


def concentration_panel(
    trade: pd.DataFrame | TradeCodes, *, min_coverage: float = MIN_COVERAGE
) -> pd.DataFrame:
    """Herfindahl-Hirschman index (0-10,000) of every reporter's exports and imports by year.

    Columns: period, geo, flow, hhi, coverage (the listed partners' share of the World
    total), estimated_inputs (how many of the partner values and the World total are
    estimates), note. Where the partners cover less than *min_coverage* (default
    ``MIN_COVERAGE``, 95%; a fraction in (0, 1]), hhi is NaN: the unlisted rest could be one
    partner or many. China's imports, covered 91-94% by the partners DOTS lists, get an
    index with ``min_coverage=0.9``, said in the note.
    """
    if not 0 < min_coverage <= 1:
        raise IndicatorError(
            f"min_coverage={min_coverage!r}: a fraction of the World total in (0, 1], e.g. 0.95"
        )
    k = trade if isinstance(trade, TradeCodes) else TradeCodes(trade)
    world_x, world_m = k.world_flows
    rows = ~k.is_world
    cells = k.cell(k.geo[rows], k.period[rows])
    flow = np.where(k.exports[rows], 0, 1)
    world = np.where(flow == 0, world_x[cells], world_m[cells])
    est_x, est_m = k.world_flows_estimated
    with np.errstate(invalid="ignore", divide="ignore"):
        share = k.value[rows] / world * 100.0
    key = cells * 2 + flow
    space = k.n_econ * k.n_period * 2
    present = np.bincount(key, minlength=space)
    unique = np.flatnonzero(present)
    squares = np.bincount(key, weights=np.nan_to_num(share) ** 2, minlength=space)[unique]
    coverage = np.bincount(key, weights=np.nan_to_num(share), minlength=space)[unique] / 100.0
    known = np.bincount(key, weights=~np.isnan(share), minlength=space)[unique] > 0
    enough = known & (coverage >= min_coverage)
    cell, flows = unique // 2, unique % 2
    geo, period = cell // k.n_period, cell % k.n_period
    estimated = np.bincount(key, weights=k.estimated[rows], minlength=space)[unique] + np.where(
        flows == 0, est_x[cell], est_m[cell]
    )
    labels = k.labels(geo, geo, period).drop(columns="counterpart")
    return labels.assign(
        flow=categorical(flows, ["exports", "imports"]),
        hhi=np.where(enough, squares, np.nan),
        coverage=np.where(known, coverage, np.nan),
        estimated_inputs=estimated.astype("int64"),
        note=_note(
            ~enough,
            f"the partners listed cover less than {min_coverage:.0%} of the "
            "World total, or the World total is missing",
        ),
    ).loc[:, ["period", "geo", "flow", "hhi", "coverage", "estimated_inputs", "note"]]


def all_indices(
    trade: pd.DataFrame, world_imports: pd.Series | None = None
) -> dict[str, pd.DataFrame]:
    """Every trade index for every pair at once, on one coding of *trade*.

    Keys: ``partner_share``, ``trade_intensity``, ``mirror_gap``, ``concentration``: each
    the table of its ``*_panel`` function (one coding of *trade* serves the four); the dict
    only names them. The trade intensity takes the world's imports from *trade*'s World
    reporter (``WLD``) or *world_imports*; without either it is NaN with a note.
    """
    codes = TradeCodes(trade)
    return {
        "partner_share": partner_share_panel(codes),
        "trade_intensity": trade_intensity_panel(codes, world_imports),
        "mirror_gap": mirror_gap_panel(codes),
        "concentration": concentration_panel(codes),
    }


def world_imports(path: str) -> pd.Series:
    """The world's imports (CIF, US$) by year, from the IMF's World workbook (DOTS_221).

    Examples
    --------
    >>> from integration_indicators.catalogue.loader import bundled_path
    >>> world_imports(str(bundled_path() / "no-such.xlsx"))
    Traceback (most recent call last):
    integration_indicators.errors.ValidationError: ... [missing-file]
    """
    from integration_indicators.importers.dots_workbooks import read_sheet

    rows = read_sheet(Path(path), "Imports, CIF", Path(path).name)
    if rows.reporter != "World":
        raise IndicatorError(f"{path}: the reporter is {rows.reporter!r}, not the World")
    world = rows.partners.index("World")
    return pd.Series(rows.values[world] * 1e6, index=pd.Index(rows.years, name="period"))


def _series(cat: Catalogue, flow: str, geo: str, partner: str) -> IndicatorSeries:
    return cat.series(FLOWS[flow], geo=geo, counterpart=partner, status="official")


def _from_panel(
    operation: str, values: pd.DataFrame, column: str, unit: str, inputs: Sequence[IndicatorSeries]
) -> IndicatorSeries:
    """An ``IndicatorSeries`` of a panel's *column* for one pair (its rows *values*: period
    and the column), with the lineage of the catalogue series it was computed from: the
    value comes from the panel's formula, the origins from the observations behind it."""
    from integration_indicators.analysis.lineage import Step

    table = values.assign(period=values["period"].astype("str")).dropna(subset=[column])
    table = table.sort_values("period")
    index = pd.Index(table["period"].to_numpy(dtype=object), name="period")
    number = pd.Series(table[column].to_numpy(dtype="float64"), index=index)
    empty: tuple[()] = ()
    origins = pd.Series([empty] * len(index), index=index, dtype="object")
    for series in inputs:  # a handful of inputs, each aligned on the periods at once
        mine = series.origins.reindex(index)
        origins = pd.Series(
            [
                a + (b if isinstance(b, tuple) else empty)
                for a, b in zip(origins, mine, strict=True)
            ],
            index=index,
            dtype="object",
        )
    parents = tuple(s.name for s in inputs)
    name = f"{operation}({', '.join(parents)})"
    return IndicatorSeries(
        name=name,
        unit=unit,
        values=number.rename(name),
        lower=number.copy(),
        upper=number.copy(),
        approximate=pd.Series(False, index=index, dtype="bool"),
        origins=origins,
        steps=(Step(operation, name, parents),),
    )


def _pair_rows(cat: Catalogue, geo: str, partner: str) -> pd.DataFrame:
    """The trade rows an index of the pair needs: each one's trade with the other and with
    the World."""
    trade = trade_frame(cat)
    mine = trade["geo"].isin([geo, partner]).to_numpy()
    return trade[mine & trade["counterpart"].isin([geo, partner, ""]).to_numpy()]


@renamed(partner="counterpart")
def partner_share(
    cat: Catalogue, *, geo: str, counterpart: str, flow: str = "exports", as_of: str | None = None
) -> IndicatorSeries:
    """*counterpart*'s share of *geo*'s exports, imports or turnover, in percent, with
    lineage: the values of ``partner_share_panel`` for the pair, the observations behind
    them (``partner=`` is the deprecated name of ``counterpart=``).

    Examples
    --------
    >>> import integration_indicators as ii
    >>> share = partner_share(ii.load(), geo="BLR", counterpart="RUS", flow="exports")
    >>> round(float(share.values["2019"]), 2)
    41.53
    """
    cat, partner = at(cat, as_of), counterpart
    if flow not in ("exports", "imports", "turnover"):
        raise IndicatorError(f"flow={flow!r}: write exports, imports or turnover")
    flows = ["exports", "imports"] if flow == "turnover" else [flow]
    inputs = [_series(cat, f, geo, p) for p in (partner, "") for f in flows]
    panel = partner_share_panel(_pair_rows(cat, geo, partner))
    mine = panel[
        (panel["geo"] == geo).to_numpy()
        & (panel["counterpart"] == partner).to_numpy()
        & (panel["flow"] == flow).to_numpy()
    ]
    return _from_panel("partner_share", mine, "share", "percent", inputs)


@renamed(partner="counterpart")
def mirror_ratio(
    cat: Catalogue, *, geo: str, counterpart: str, as_of: str | None = None
) -> IndicatorSeries:
    """What *counterpart* reports importing from *geo* over what *geo* reports exporting to
    it: the ratio of ``mirror_gap_panel`` for the pair, with lineage (``partner=``:
    deprecated)."""
    cat = at(cat, as_of)
    inputs = [_series(cat, "imports", counterpart, geo), _series(cat, "exports", geo, counterpart)]
    panel = mirror_gap_panel(_pair_rows(cat, geo, counterpart))
    mine = panel[
        (panel["geo"] == geo).to_numpy() & (panel["counterpart"] == counterpart).to_numpy()
    ]
    return _from_panel("mirror_ratio", mine, "ratio", "dimensionless", inputs)


@renamed(partner="counterpart")
def gdp_per_head_ratio(
    cat: Catalogue, *, geo: str, counterpart: str, ppp: bool = False, as_of: str | None = None
) -> IndicatorSeries:
    """GDP per head of *geo* over *counterpart*'s (current US$, or PPP international $;
    ``partner=``: deprecated)."""
    cat = at(cat, as_of)
    indicator = "macro.gdp_per_capita_ppp" if ppp else "macro.gdp_per_capita"
    return metrics.ratio(
        cat.series(indicator, geo=geo), cat.series(indicator, geo=counterpart), align="inner"
    )


def membership(
    members: Sequence[str] | str,
    periods: Sequence[str] | np.ndarray,
    groups: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The members of a group in each of *periods* (``period``, ``geo``): a group's name is
    looked up in *groups* (the bundled groups file by default) with its dated membership (a
    member counts in a year when it belonged on 1 July); an explicit list counts in every
    period."""
    years = sorted({str(p) for p in periods if str(p).isdigit()})
    if isinstance(members, str):
        from integration_indicators.analysis.groups import members_by_year, read_groups

        table = groups if groups is not None else read_groups()
        return members_by_year(table, members, [int(y) for y in years])
    listed = list(dict.fromkeys(members))
    return pd.DataFrame(
        {
            "period": np.repeat(years, len(listed)),
            "geo": np.tile(np.asarray(listed, dtype=object), len(years)),
        }
    )


def sigma_convergence(
    cat: Catalogue,
    members: Sequence[str] | str,
    *,
    ppp: bool = False,
    groups: pd.DataFrame | None = None,
    as_of: str | None = None,
) -> pd.DataFrame:
    """Standard deviation across a group's members of log GDP per head, by year.

    *members* is a list of economies, or a group's name (its members in each year, from the
    groups file). Columns: period, sigma, members (how many had a value); a year where a
    member has none is NaN with a note, never a figure over part of the group. *groups* is
    the groups file's table (``read_groups``; the bundled one by default).
    """
    cat = at(cat, as_of)
    indicator = "macro.gdp_per_capita_ppp" if ppp else "macro.gdp_per_capita"
    rows = cat.official_rows([indicator])
    belong = membership(members, rows["period"].astype("str").unique(), groups)
    rows = rows.assign(period=rows["period"].astype("str"), geo=rows["geo"].astype("str"))
    rows = belong.merge(rows.loc[:, ["period", "geo", "value"]], on=["period", "geo"], how="left")
    rows = rows.drop_duplicates(["period", "geo"])
    size = rows.groupby("period")["geo"].size()
    logs = np.log(rows["value"].where(rows["value"] > 0))
    by_year = pd.DataFrame({"period": rows["period"], "log": logs}).groupby("period")["log"]
    count = by_year.count().reindex(size.index)
    sigma = by_year.std(ddof=0).reindex(size.index).where(count == size)
    note = np.where(count == size, "", "a member has no value for the year")
    table = pd.DataFrame(
        {
            "period": size.index.astype("str"),
            "sigma": sigma.to_numpy(),
            "members": count.to_numpy(),
            "note": note,
        }
    )
    return table[count.to_numpy() > 0].reset_index(drop=True)


def intra_group_share(
    cat: Catalogue,
    members: Sequence[str] | str,
    trade: pd.DataFrame | None = None,
    *,
    groups: pd.DataFrame | None = None,
    as_of: str | None = None,
    fill: str = "strict",
    cif_fob: float | None = None,
) -> pd.DataFrame:
    """A group's intra-group export share by year, in percent: period, intra_share,
    intra_share_low and intra_share_high (where flows between members are missing: the
    bounds, see below), missing (those flows, named), members (how many belonged),
    estimated_inputs (how many of the exports behind it the source marks as estimates),
    filled_inputs (how many were filled: from a partner's report, or at 0), note.

    *members* is a list of economies, or a group's name (its members in each year, from the
    groups file, *groups* or the bundled one: a member counts in the years it belonged on
    1 July); *trade* a trade frame (default: the catalogue's, ``trade_frame``). The share
    needs every member's exports to the World and to each other member for the year;
    otherwise it is NaN with a note (``fill="strict"``, the default). ``fill="mirror"`` fills
    a missing export to a member from that member's reported imports divided by *cif_fob*
    (``fill_mirror``); ``fill="zero"`` takes it as 0, flagged (``fill_zero``: ADB's ARCII
    does, so its figures are reproduced); the World totals are never filled. Unless asked
    so, no missing flow is ever taken as 0.
    Where only flows between members are missing, the share is bounded instead of blank:
    the lower bound takes them at 0 (what ADB's ARCII reports), the upper lets each member
    missing one send the group all of its exports to the World that its reported partners
    do not account for.
    """
    given = trade
    cat, trade, belong = _group_inputs(
        cat, members, trade, groups, as_of, fill=fill, cif_fob=cif_fob
    )
    table = _group_sums(trade, belong, ("exports",))
    complete = table["complete"].to_numpy()
    full = trade_frame(cat) if given is None else _named(given)
    low, high, missing = _intra_bounds(table, trade, belong, full)
    return pd.DataFrame(
        {
            "period": table.index.astype("str"),
            "intra_share": np.where(complete, table["intra"] / table["total"] * 100, np.nan),
            "intra_share_low": low,
            "intra_share_high": high,
            "missing": missing,
            "members": table["size"].fillna(0).astype("int64").to_numpy(),
            "estimated_inputs": (table["e_intra"] + table["e_total"]).astype("int64").to_numpy(),
            "filled_inputs": table["f_intra"].astype("int64").to_numpy(),
            "note": np.where(
                complete,
                "",
                "a member's exports to the World or to another member are missing for the year",
            ),
        }
    )


def mutual_trade(
    cat: Catalogue,
    members: Sequence[str] | str,
    trade: pd.DataFrame | None = None,
    *,
    groups: pd.DataFrame | None = None,
    as_of: str | None = None,
    fill: str = "strict",
    cif_fob: float | None = None,
) -> pd.DataFrame:
    """A group's mutual trade in goods by year, in US dollars, as its members report it to
    the dataset: the sum of each member's exports to the other members (the numerator of
    ``intra_group_share``). Columns period, mutual_trade, members, estimated_inputs,
    filled_inputs, note; NaN with a note where a member's exports to another are missing
    (arguments as ``intra_group_share``). Officials' figures of it are statements, shown
    beside this series and never joined to it (``group_statements``).
    """
    _, trade, belong = _group_inputs(cat, members, trade, groups, as_of, fill=fill, cif_fob=cif_fob)
    table = _group_sums(trade, belong, ("exports",))
    complete = (table["n_intra"] == table["size"] * (table["size"] - 1)).to_numpy()
    return pd.DataFrame(
        {
            "period": table.index.astype("str"),
            "mutual_trade": np.where(complete, table["intra"], np.nan),
            "members": table["size"].fillna(0).astype("int64").to_numpy(),
            "estimated_inputs": table["e_intra"].astype("int64").to_numpy(),
            "filled_inputs": table["f_intra"].astype("int64").to_numpy(),
            "note": np.where(
                complete, "", "a member's exports to another member are missing for the year"
            ),
        }
    )


def _intra_bounds(
    table: pd.DataFrame, trade: pd.DataFrame, belong: pd.DataFrame, full: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where members' exports to each other are missing but every member's exports to the
    World are held: the intra-group export share's bounds, in percent (the missing flows
    at 0 for the lower; for the upper, each member with a missing flow sending to the
    group all of its exports to the World that no reported partner accounts for), and the
    missing flows named ("KGZ to ARM"); NaN and "" elsewhere (the share itself, or no
    bound known)."""
    periods = table.index.astype("str")
    nan = np.full(len(table), np.nan)
    names = np.full(len(table), "", dtype=object)
    open_years = (~table["complete"].to_numpy(dtype=bool)) & (
        table["n_total"] == table["size"]
    ).to_numpy(dtype=bool)
    if not open_years.any():
        return nan, nan.copy(), names
    belong = belong.astype("str")
    pairs = belong.merge(belong.rename(columns={"geo": "counterpart"}), on="period")
    pairs = pairs[pairs["geo"] != pairs["counterpart"]]
    exports = trade[(trade["flow"] == "exports").to_numpy()].astype(
        {"geo": "str", "counterpart": "str", "period": "str"}
    )
    held = exports.loc[exports["value"].notna(), ["period", "geo", "counterpart"]]
    missing = pairs.merge(held, how="left", indicator=True)
    missing = missing[missing["_merge"] == "left_only"]
    said = (
        (missing["geo"] + " to " + missing["counterpart"]).groupby(missing["period"]).agg(", ".join)
    )
    senders = missing[["period", "geo"]].drop_duplicates()
    sending = (full["flow"] == "exports").to_numpy() & full["geo"].isin(
        senders["geo"].unique()
    ).to_numpy(dtype=bool)  # the senders' rows only, before any text is made of codes
    everything = full[sending].astype({"geo": "str", "counterpart": "str", "period": "str"})
    world = everything[everything["counterpart"] == ""].groupby(["period", "geo"])["value"].sum()
    partners = everything[everything["counterpart"] != ""].groupby(["period", "geo"])["value"].sum()
    residual = (world - partners.reindex(world.index, fill_value=0.0)).clip(lower=0.0)
    room = senders.join(residual.rename("room"), on=["period", "geo"])
    extra = room.groupby("period")["room"].sum(min_count=1)
    known, total = table["intra"].fillna(0.0).to_numpy(), table["total"].to_numpy()
    upper = known + extra.reindex(periods).to_numpy(dtype="float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        low = np.where(open_years, known / total * 100, np.nan)
        high = np.where(open_years, np.fmin(upper / total * 100, 100.0), np.nan)
    names = np.where(open_years, said.reindex(periods).fillna("").to_numpy(dtype=object), "")
    return low, high, names


def _group_sums(trade: pd.DataFrame, belong: pd.DataFrame, flows: tuple[str, ...]) -> pd.DataFrame:
    """By period, the members' trade of *flows* with each other (intra, n_intra, e_intra and
    f_intra: its sum, how many values, how many estimated and filled) and with the World
    (total, n_total, e_total, f_total), how many belonged (size), and whether every flow
    was there (complete: each ordered pair of members and each member with the World)."""
    plain = trade[trade["flow"].isin(flows).to_numpy()].astype(
        {"geo": "str", "counterpart": "str", "period": "str", "flow": "str"}
    )
    for flag in ("estimated", "filled"):
        if flag not in plain.columns:
            plain = plain.assign(**{flag: False})
    size = belong.groupby("period").size().rename("size")
    mine = plain.merge(belong, on=["period", "geo"])  # the World reporter is no member
    inside = mine.merge(belong.rename(columns={"geo": "counterpart"}), on=["period", "counterpart"])
    inside = inside[inside["geo"] != inside["counterpart"]]
    world = mine[mine["counterpart"] == ""]
    how = {"value": ["sum", "count"], "estimated": "sum", "filled": "sum"}
    table = (
        inside.groupby("period")
        .agg(how)
        .set_axis(["intra", "n_intra", "e_intra", "f_intra"], axis=1)
        .join(
            world.groupby("period")
            .agg(how)
            .set_axis(["total", "n_total", "e_total", "f_total"], axis=1),
            how="outer",
        )
        .join(size, how="left")
    )
    counts = ["n_intra", "e_intra", "f_intra", "n_total", "e_total", "f_total"]
    table[counts] = table[counts].fillna(0)
    n = len(flows)
    table["complete"] = (table["n_intra"] == table["size"] * (table["size"] - 1) * n) & (
        table["n_total"] == table["size"] * n
    )
    return table


def trade_shares(
    sums: pd.DataFrame,
    world: pd.DataFrame,
    known: pd.DataFrame,
    *,
    whole: np.ndarray,
    bounded: np.ndarray,
) -> pd.DataFrame:
    """Shares of trade in percent, by row: export_share, import_share and turnover_share of
    *sums* (exports and imports with the partners) over *world* (with the World) where
    *whole* (every flow reported), and their low bounds export_share_low and
    import_share_low of *known* (the reported flows, a missing one at 0) where *bounded*;
    NaN elsewhere."""
    with np.errstate(invalid="ignore", divide="ignore"):
        full = {
            "export_share": sums["exports"] / world["exports"] * 100,
            "import_share": sums["imports"] / world["imports"] * 100,
            "turnover_share": (sums["exports"] + sums["imports"])
            / (world["exports"] + world["imports"])
            * 100,
        }
        low = {
            "export_share_low": known["exports"] / world["exports"] * 100,
            "import_share_low": known["imports"] / world["imports"] * 100,
        }
    out = {c: np.where(whole, v.to_numpy(dtype="float64"), np.nan) for c, v in full.items()}
    out |= {c: np.where(bounded, v.to_numpy(dtype="float64"), np.nan) for c, v in low.items()}
    return pd.DataFrame(out, index=sums.index)


def share_with_group(
    cat: Catalogue,
    geo: str,
    group: Sequence[str] | str,
    trade: pd.DataFrame | None = None,
    *,
    groups: pd.DataFrame | None = None,
    as_of: str | None = None,
) -> pd.DataFrame:
    """*geo*'s trade with a group as a share of its trade with the World, by year, in
    percent: period, export_share, import_share, turnover_share, members (the group's members
    that year other than *geo*), missing (those *geo* reports no flow with, named), note; the
    years the group had a member other than *geo* only.

    *group* is a group's name (its members by year from the groups file, as for the group
    indices) or a list of economies. A year where *geo* reports no flow with a member is NaN
    with the member named: a missing flow is never taken as 0, except in the low bounds
    export_share_low and import_share_low (what the reported flows alone reach; NaN where
    *geo*'s trade with the World is missing).

    Examples
    --------
    >>> import integration_indicators as ii
    >>> table = share_with_group(ii.load(), "BLR", "EAEU").set_index("period")
    >>> round(float(table.loc["2020", "export_share"]), 1), int(table.loc["2020", "members"])
    (48.0, 4)
    """
    cat = at(cat, as_of)
    frame = trade_frame(cat) if trade is None else _named(trade)
    mine = frame[(frame["geo"].astype("str") == geo).to_numpy()].astype(
        {"geo": "str", "counterpart": "str", "period": "str", "flow": "str"}
    )
    periods = sorted(set(mine["period"]))
    belong = membership(group, periods, groups).astype("str")
    partners = belong[belong["geo"] != geo].rename(columns={"geo": "counterpart"})
    world = mine[mine["counterpart"] == ""].pivot_table(
        index="period", columns="flow", values="value", aggfunc="sum"
    )
    pairs = partners.merge(
        mine[mine["counterpart"] != ""], on=["period", "counterpart"], how="left"
    )
    flows = pairs.pivot_table(
        index=["period", "counterpart"], columns="flow", values="value", aggfunc="sum"
    )
    flows = flows.reindex(columns=["exports", "imports"])
    expected = partners.set_index(["period", "counterpart"]).index
    flows = flows.reindex(expected)
    gap = flows.isna().any(axis=1)
    missing = gap[gap].reset_index().groupby("period")["counterpart"].agg(", ".join)
    sums = flows.groupby(level="period").sum(min_count=1)
    size = partners.groupby("period").size()
    table = pd.DataFrame(index=pd.Index(periods, name="period"))
    table["members"] = size.reindex(table.index).fillna(0).astype("int64")
    table["missing"] = missing.reindex(table.index).fillna("")
    world = world.reindex(index=table.index, columns=["exports", "imports"])
    sums = sums.reindex(index=table.index, columns=["exports", "imports"])
    ok = (table["missing"] == "").to_numpy() & (table["members"] > 0).to_numpy()
    known = flows.fillna(0).groupby(level="period").sum().reindex(table.index)
    shares = trade_shares(sums, world, known, whole=ok, bounded=(table["members"] > 0).to_numpy())
    table[list(shares.columns)] = shares.to_numpy()
    note = np.where(
        table["missing"] != "",
        "no flow reported with a member (named in missing); the _low columns take it as 0",
        "",
    )
    note = np.where(
        (note == "") & np.isnan(table["turnover_share"].to_numpy()),
        "the trade with the World is missing for the year",
        note,
    )
    table["note"] = note
    table = table[(table["members"] > 0).to_numpy()]  # the years the group was one
    columns = ["export_share", "import_share", "turnover_share", "export_share_low"]
    columns += ["import_share_low", "members", "missing", "note"]
    return table.reset_index().loc[:, ["period", *columns]]


def dependence_on_largest(
    cat: Catalogue,
    members: Sequence[str] | str,
    trade: pd.DataFrame | None = None,
    *,
    groups: pd.DataFrame | None = None,
    as_of: str | None = None,
) -> pd.DataFrame:
    """Each member's dependence on the group's largest member (by GDP in current US$) by
    year: period, geo, largest, dependence (its turnover with the largest over its turnover
    with the World, in percent), estimated_inputs, note. Arguments as ``intra_group_share``."""
    cat, trade, belong = _group_inputs(cat, members, trade, groups, as_of)
    gdp = cat.official_rows(["macro.gdp"]).astype({"period": "str", "geo": "str"})
    gdp = gdp.merge(belong, on=["period", "geo"])
    by_period = gdp.sort_values("value").groupby("period")["geo"].last().rename("largest")
    largest = by_period.astype("str").reset_index()  # period, largest: a column, not the index
    shares = partner_share_panel(trade)
    turnover = shares[shares["flow"] == "turnover"]
    turnover = turnover.astype({"geo": "str", "counterpart": "str", "period": "str"})
    turnover = turnover.merge(belong, on=["period", "geo"])
    dependence = turnover.merge(largest, on="period")
    dependence = dependence[dependence["counterpart"] == dependence["largest"]]
    dependence = dependence.loc[
        :, ["period", "geo", "largest", "share", "estimated_inputs", "note"]
    ].rename(columns={"share": "dependence"})
    return dependence.sort_values(["geo", "period"]).reset_index(drop=True)


def group_introversion(
    cat: Catalogue,
    members: Sequence[str] | str,
    trade: pd.DataFrame | None = None,
    *,
    groups: pd.DataFrame | None = None,
    as_of: str | None = None,
    fill: str = "strict",
    cif_fob: float | None = None,
) -> pd.DataFrame:
    """A group's intra-regional trade intensity and regional trade introversion by year.

    On total trade (exports plus imports, each as the members report them): T_ii the
    members' trade with each other, T_i their trade with the World, T_w the world's trade
    (the World reporter's exports plus imports, ``WLD``). Then (Iapadre 2006, as ESCAP's
    ARTNeT and ADB's ARCII compute them) the intra-regional share S = T_ii / T_i, the
    group's share of world trade W = T_i / T_w, the intra-regional trade intensity
    I = S / W, the extra-regional intensity E = (1 - S) / (1 - W) and the regional trade
    introversion index H = (I - E) / (I + E), between -1 and 1, 0 where the group trades
    within as much as its weight in world trade predicts. Columns: period, intra_share and
    world_share (%), intensity, extra_intensity, introversion, members, estimated_inputs,
    filled_inputs, note. A year without every member's flows with every other member and the
    World, or without the world's trade, is NaN with a note. Arguments as
    ``intra_group_share`` (``fill="mirror"`` fills both flows between members).
    """
    _, trade, belong = _group_inputs(cat, members, trade, groups, as_of, fill=fill, cif_fob=cif_fob)
    codes = TradeCodes(trade)
    world_trade = codes.world_total("exports") + codes.world_total("imports")
    world_estimated = codes.world_total("exports", "estimated") + codes.world_total(
        "imports", "estimated"
    )
    table = _group_sums(trade, belong, ("exports", "imports"))
    at_period = pd.Series(world_trade, index=np.asarray(codes.periods, dtype=str))
    est_period = pd.Series(world_estimated, index=np.asarray(codes.periods, dtype=str))
    t_w = at_period.reindex(table.index).to_numpy(dtype="float64")
    complete = table["complete"].to_numpy()
    s = (table["intra"] / table["total"]).to_numpy(dtype="float64")
    w = (table["total"] / t_w).to_numpy(dtype="float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        intensity = s / w
        extra = (1 - s) / (1 - w)
        introversion = (intensity - extra) / (intensity + extra)
    ok = complete & ~np.isnan(t_w)
    note = np.select(
        [~complete, np.isnan(t_w)],
        [
            "a member's trade with the World or with another member is missing for the year",
            "the world's trade is missing for the year (import the IMF's World workbook, DOTS_221)",
        ],
        "",
    )
    estimated = table["e_intra"] + table["e_total"] + est_period.reindex(table.index).fillna(0)
    return pd.DataFrame(
        {
            "period": table.index.astype("str"),
            "intra_share": np.where(complete, s * 100, np.nan),
            "world_share": np.where(ok, w * 100, np.nan),
            "intensity": np.where(ok, intensity, np.nan),
            "extra_intensity": np.where(ok, extra, np.nan),
            "introversion": np.where(ok, introversion, np.nan),
            "members": table["size"].fillna(0).astype("int64").to_numpy(),
            "estimated_inputs": estimated.astype("int64").to_numpy(),
            "filled_inputs": table["f_intra"].astype("int64").to_numpy(),
            "note": note,
        }
    )


def _group_inputs(
    cat: Catalogue,
    members: Sequence[str] | str,
    trade: pd.DataFrame | None,
    groups: pd.DataFrame | None,
    as_of: str | None,
    *,
    fill: str = "strict",
    cif_fob: float | None = None,
) -> tuple[Catalogue, pd.DataFrame, pd.DataFrame]:
    """The catalogue (as of *as_of*), its trade frame (or *trade*; with ``fill="mirror"``
    its missing bilateral flows filled from the partners' reports, ``fill_mirror``) and the
    members of each of its periods. A list of members must name one or more economies (codes
    of ISO 3166 or of the trade frame's reporters)."""
    cat = at(cat, as_of)
    frame = trade_frame(cat) if trade is None else _named(trade)
    if not isinstance(members, str):
        from integration_indicators.model.economies import economy_codes

        reporters = set(frame["geo"].astype("str").unique())
        unknown = [m for m in members if m not in economy_codes() and m not in reporters]
        if unknown or not members:
            said = (
                f"{', '.join(map(repr, unknown))} are not economy codes"
                if unknown
                else ("no member is named")
            )
            raise GroupError(
                f"a group of members: {said}; write ISO 3166 alpha-3 codes, e.g. "
                "['ARM', 'BLR', 'KAZ', 'KGZ', 'RUS'], or a group's name"
            )
    trade = _rows_of(frame, members, groups)
    if fill == "mirror":
        if cif_fob is None:
            raise IndicatorError(
                'fill="mirror" needs cif_fob=, the CIF/FOB factor that converts a partner\'s '
                "imports (CIF) into exports (FOB); the library holds no sourced factor: state "
                "yours, e.g. cif_fob=1.0 for no conversion"
            )
        trade = fill_mirror(trade, cif_fob)
    elif fill not in ("strict", "zero"):
        raise IndicatorError(
            f'fill={fill!r}: write fill="strict" (missing flows give NaN), fill="mirror" '
            '(from the partner\'s report, flagged) or fill="zero" (at 0, flagged)'
        )
    periods = trade["period"].astype("str").unique()
    belong = membership(members, periods, groups)
    if fill == "zero":
        trade = fill_zero(trade, belong)
    return cat, trade, belong


def fill_zero(trade: pd.DataFrame, belong: pd.DataFrame) -> pd.DataFrame:
    """*trade* with each flow between two members of a year (*belong*: period, geo) that its
    reporter does not report added at 0 and flagged ``filled`` (ADB's ARCII treats a missing
    flow so: ``fill="zero"`` reproduces it, for comparison); the World totals are never
    filled. Columns as ``fill_mirror``'s.

    Examples
    --------
    >>> t = pd.DataFrame({"geo": ["AAA"], "counterpart": ["BBB"], "flow": ["exports"],
    ...                   "period": ["2020"], "value": [10.0]})
    >>> belong = pd.DataFrame({"period": ["2020", "2020"], "geo": ["AAA", "BBB"]})
    >>> added = fill_zero(t, belong).query("filled")
    >>> sorted(added[["geo", "counterpart", "flow"]].agg(" ".join, axis=1))
    ['AAA BBB imports', 'BBB AAA exports', 'BBB AAA imports']
    >>> added["value"].tolist()
    [0.0, 0.0, 0.0]
    """
    columns = [*TRADE_COLUMNS, "estimated", "filled"]
    plain = _named(trade).astype(
        {"geo": "str", "counterpart": "str", "period": "str", "flow": "str"}
    )
    if "estimated" not in plain:
        plain = plain.assign(estimated=False)
    base = plain.assign(estimated=plain["estimated"].astype(bool), filled=False)
    pairs = belong.astype("str").merge(
        belong.astype("str").rename(columns={"geo": "counterpart"}), on="period"
    )
    pairs = pairs[(pairs["geo"] != pairs["counterpart"]).to_numpy()]
    wanted = pd.concat([pairs.assign(flow=f) for f in ("exports", "imports")], ignore_index=True)
    keys = ["period", "geo", "counterpart", "flow"]
    seen = wanted.merge(base.loc[:, keys].drop_duplicates(), on=keys, how="left", indicator=True)
    added = seen.loc[(seen["_merge"] == "left_only").to_numpy(), keys].assign(
        value=0.0, estimated=False, filled=True
    )
    return pd.concat([base.loc[:, columns], added.loc[:, columns]], ignore_index=True)


def _rows_of(
    trade: pd.DataFrame, members: Sequence[str] | str, groups: pd.DataFrame | None
) -> pd.DataFrame:
    """The rows of *trade* a group's indices read: its members' (in any year) with each
    other and with the World, and the World's own totals; selected on the categories, before
    any text is made of them."""
    if isinstance(members, str):
        from integration_indicators.analysis.groups import check_group, read_groups

        table = groups if groups is not None else read_groups()
        check_group(table, members)
        everyone = set(table.loc[table["group"] == members, "geo"].astype("str"))
    else:
        everyone = {str(m) for m in members}
    geo, counterpart = trade["geo"], trade["counterpart"]
    keep = (geo.isin(everyone).to_numpy() & counterpart.isin([*everyone, ""]).to_numpy()) | (
        (geo == WORLD).to_numpy() & (counterpart == "").to_numpy()
    )
    return trade[keep]


def group_indices(
    cat: Catalogue,
    members: Sequence[str] | str,
    trade: pd.DataFrame | None = None,
    *,
    groups: pd.DataFrame | None = None,
    as_of: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Deprecated: the tables of ``intra_group_share`` and ``dependence_on_largest`` as a
    pair (every index function now returns one tidy table, period first)."""
    import warnings

    warnings.warn(
        "group_indices is deprecated: call intra_group_share and dependence_on_largest "
        "(removed in 0.2.0)",
        DeprecationWarning,
        stacklevel=2,
    )
    return (
        intra_group_share(cat, members, trade, groups=groups, as_of=as_of),
        dependence_on_largest(cat, members, trade, groups=groups, as_of=as_of),
    )


@renamed(partner="counterpart", world="world_imports")
def pair_table(
    cat: Catalogue,
    geo: str,
    counterpart: str,
    world_imports: pd.Series | None = None,
    *,
    trade: pd.DataFrame | None = None,
    as_of: str | None = None,
) -> pd.DataFrame:
    """The indices of a pair by year, one column each (NaN where the data cannot give one;
    ``partner=`` and ``world=``: deprecated names).

    Columns: period, export_share, import_share, turnover_share (counterpart's share of
    geo's trade, %), trade_intensity (the world's imports from the catalogue's World
    reporter, or *world_imports*), mirror_ratio (counterpart's imports from geo over geo's
    exports to it), gdp_per_head_ratio, gdp_per_head_ratio_ppp, estimates (the trade columns
    whose value rests on a figure the IMF marks as its estimate). *trade* is the catalogue's
    trade frame where the caller has it (``trade_frame``; with *as_of*, the catalogue's as it
    stood is used).
    """
    cat, partner = at(cat, as_of), counterpart
    trade = trade_frame(cat) if trade is None or as_of is not None else _named(trade)
    trade = trade[
        (
            trade["geo"].isin([geo, partner])
            | trade["counterpart"].isin([geo, partner])
            | ((trade["geo"] == WORLD) & (trade["counterpart"] == ""))
        )
    ]
    shares = partner_share_panel(trade)
    mine = shares[(shares["geo"] == geo) & (shares["counterpart"] == partner)]
    table = mine.pivot_table(
        index="period", columns="flow", values="share", aggfunc="first", observed=True
    )
    table = table.reindex(columns=["exports", "imports", "turnover"]).add_suffix("_share")
    table.columns = ["export_share", "import_share", "turnover_share"]
    flags = mine.pivot_table(
        index="period", columns="flow", values="estimated_inputs", aggfunc="first", observed=True
    )
    flags = flags.reindex(columns=["exports", "imports", "turnover"])
    flags.columns = list(table.columns)
    tii = trade_intensity_panel(trade, world_imports)
    tii = tii[(tii["geo"] == geo) & (tii["counterpart"] == partner)].set_index("period")
    table["trade_intensity"] = tii["intensity"]
    flags["trade_intensity"] = tii["estimated_inputs"]
    gap = mirror_gap_panel(trade)
    gap = gap[(gap["geo"] == geo) & (gap["counterpart"] == partner)].set_index("period")
    table["mirror_ratio"] = gap["ratio"]
    flags["mirror_ratio"] = gap["estimated_inputs"]
    for column, ppp in (("gdp_per_head_ratio", False), ("gdp_per_head_ratio_ppp", True)):
        try:
            ratio = gdp_per_head_ratio(cat, geo=geo, counterpart=partner, ppp=ppp).values
        except NoRowsError:  # no such series: the column stays empty (an ambiguity surfaces)
            ratio = pd.Series(dtype="float64")
        table = table.join(ratio.rename(column), how="outer")
    table.index = table.index.astype("str")
    flags.index = flags.index.astype("str")
    table["estimates"] = _estimate_names(flags.reindex(table.index))
    return table.sort_index().rename_axis("period").reset_index()


def _estimate_names(flags: pd.DataFrame) -> np.ndarray:
    """Per row of *flags* (counts of estimated inputs by column), the names of the columns
    whose value rests on an estimate, comma-separated ("" where none)."""
    marked = flags.fillna(0).to_numpy() > 0
    text = np.full(len(flags), "", dtype=object)
    for j, name in enumerate(flags.columns):  # a handful of columns, each over every row
        text = text + np.where(marked[:, j], f"{name}, ", "")
    return np.asarray(pd.Series(text, dtype="str").str.removesuffix(", "), dtype=object)
