"""Stage 4, the verdicts: the claimed interval against the official value (consistent,
close within the band of ``model.verdicts``, overstated, understated) and the verdict of
record of each claim."""

from __future__ import annotations

import numpy as np
import pandas as pd

from integration_indicators.analysis.crosscheck.codes import labelled_codes, mapped_per_category
from integration_indicators.model.verdicts import (
    CLOSE_POINTS,
    CLOSE_SHARE,
)

#: Units of rates and shares (the percentage-point band applies).
RATE_UNITS = ("percent", "percentage_point")


def open_at_zero(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Claimed bounds with a sign claim's bound at 0 made open (the smallest step past 0)."""
    sign = rows["qualifier"].to_numpy() == "sign"
    lower = rows["claimed_lower"].to_numpy(dtype="float64")
    upper = rows["claimed_upper"].to_numpy(dtype="float64")
    tiny = np.finfo("float64").tiny
    return np.where(sign & (lower == 0), tiny, lower), np.where(sign & (upper == 0), -tiny, upper)


def _close_band(rows: pd.DataFrame, official: np.ndarray) -> np.ndarray:
    """Largest distance still called close: 5% of |O|, for rates and shares at least one
    percentage point (in the claim's unit)."""
    from integration_indicators.model.units import conversion_factor

    band = CLOSE_SHARE * np.abs(official)
    units = rows["unit"]
    for unit in units.cat.categories:  # a few distinct units
        if unit in RATE_UNITS:
            point = CLOSE_POINTS * conversion_factor("percentage_point", str(unit))
            band = np.where((units == unit).to_numpy(), np.fmax(band, point), band)
    return np.asarray(band, dtype="float64")


def judge_intervals(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Verdict and gap in percent, per row (labels by magnitude below 0: see the module)."""
    c_lo, c_hi = open_at_zero(rows)
    o = rows["official_value"].to_numpy(dtype="float64")
    o_lo = np.fmin(rows["official_lower"].to_numpy(dtype="float64"), o)
    o_hi = np.fmax(rows["official_upper"].to_numpy(dtype="float64"), o)
    with np.errstate(invalid="ignore", divide="ignore"):
        above, below = c_lo - o_hi, o_lo - c_hi
        distance = np.fmax(np.fmax(above, below), 0.0)
        gap = (rows["claimed_value"].to_numpy() - o) / np.abs(o) * 100.0
        negative = (o < 0) & (c_hi <= 0)  # a fall or a deficit on both sides: sizes compared
    larger = np.where(negative, below > 0, above > 0)
    verdict = np.select(
        [
            (rows["comparability"] == "not-comparable").to_numpy(),
            (rows["rate_failure"] != "").to_numpy(),
            np.isnan(o),
            rows["shorter"].to_numpy(dtype=bool),
            distance == 0,
            distance <= _close_band(rows, o),
            larger,
        ],
        [
            "not-comparable",
            "unverifiable",
            "unverifiable",
            "unverifiable",
            "consistent",
            "close",
            "overstated",
        ],
        "understated",
    )
    return verdict, gap


def inside_interval(value: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return (value >= lower) & (value <= upper)


#: What a claim's size is of, by sign convention, below and above 0 (``sign_words``).
_SIZE_WORDS = ("fall", "rise", "deficit", "surplus", "size")


def sign_words(rows: pd.DataFrame, signs: pd.Series) -> pd.Categorical:
    """What a claim's size is of, where claim and official figure share a sign: "fall",
    "rise", "deficit", "surplus", or "size" for a negative figure of another indicator."""
    o = rows["official_value"].to_numpy(dtype="float64")
    c_lo = rows["claimed_lower"].to_numpy(dtype="float64")
    c_hi = rows["claimed_upper"].to_numpy(dtype="float64")
    sign = mapped_per_category(rows["indicator"], signs)
    with np.errstate(invalid="ignore"):
        negative, positive = (o < 0) & (c_hi <= 0), (o > 0) & (c_lo >= 0)
    change, balance = sign == "change", sign == "balance"
    below = np.select([change, balance], [0, 2], 4)
    above = np.select([change, balance], [1, 3], -1)
    return labelled_codes(np.where(negative, below, np.where(positive, above, -1)), _SIZE_WORDS)


def of_record_mask(table: pd.DataFrame) -> np.ndarray:
    """True on one row per claim: its primary rule's verdict (a context rule's where it has
    none) on the knowable basis where the claim has one, else on the same period (the first
    such rule, in the table's order)."""
    primary = (table["role"] != "context").to_numpy()
    knowable = (table["basis"] == "knowable").to_numpy()
    claim_codes = table["obs_row"].to_numpy()
    rank = np.where(primary, 0, 2) + np.where(knowable, 0, 1)
    order = np.lexsort((np.arange(len(table)), rank, claim_codes))
    first = np.ones(len(order), dtype=bool)
    first[1:] = claim_codes[order][1:] != claim_codes[order][:-1]
    chosen = np.zeros(len(table), dtype=bool)
    chosen[order[first]] = True
    return chosen


def verdicts_of_record(table: pd.DataFrame) -> pd.DataFrame:
    """One row per claim: its primary rule's verdict on the knowable basis where the claim
    names no period (what its author could have known), else on the period it names (the
    ``of_record`` rows of a ``crosscheck`` table)."""
    if "of_record" in table.columns:
        return table[table["of_record"].to_numpy(dtype=bool)].reset_index(drop=True)
    primary = table[table["role"] != "context"]
    order = np.where(primary["basis"] == "knowable", 0, 1)
    chosen = primary.assign(_order=order).sort_values(["claim", "_order"], kind="stable")
    return chosen.drop_duplicates("claim").drop(columns="_order").reset_index(drop=True)
