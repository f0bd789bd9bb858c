"""The interval a figure claims, from its digits as written, its scale word and its hedge.

The rules (the verdict engine's spec; the docs' "Checking press claims" has the table of
worked examples):

- precision p: half a unit of the last digit written, the scale word applied ("29": 0.5;
  "$8.4 billion": 0.05e9; "145 million": 0.5e6), and never more than 5% of |v|, so that a
  one-digit figure does not claim +-25% ("2 million": p = 0.1 million, [1.9, 2.1] million).
  Trailing zeros are not significant only in whole numbers of four or more digits written
  without a scale word ("4,172,000": p = 500); "10%", "29 times" and "150" keep p = 0.5.
- exact: [v - p, v + p]; approximate: [v - w, v + w] with w = max(p, 0.05 |v|); range:
  [lower - p, upper + p]; sign: (0, inf) for a lower bound of 0, (-inf, 0) for an upper bound
  of 0 (open at 0: an official 0 is neither).
- one-sided hedges, as people mean them, on the magnitude m = |v| (the sign kept: "a
  deficit of almost $20 billion" is [-20.05, -18] billion):

  - approximators (``near``: "almost", "nearly", "approaching", "just under"; "just over",
    "slightly more than") claim a little under or over: at_most [m - 10% m, m + p], at_least
    [m - p, m + 10% m] (``NEAR_SHARE``);
  - bounds ("less than", "under", "up to", "at most"; "more than", "over", "at least",
    "exceeds") are literally one-sided, but a checker reads "more than X" as not far more:
    at_least [m - p, 1.5 m], at_most [m / 1.5, m + p] (``BOUND_FACTOR``).

  Beyond that interval a claim is overstated or understated, literally true or not: the
  literal interval (``literal_lower``, ``literal_upper``: the hedge's side unbounded) lets the
  reasons say "literally true, but ...".
- On a signed indicator no interval crosses 0 to the other side of its value: a deficit is
  never satisfied by a surplus; on an indicator that cannot be negative (``sign:
  nonnegative``) no bound is below 0.

Everything is vectorised over the observations table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Scale words that may open a unit as written ("billion USD").
SCALE_WORDS = ("thousand", "million", "billion", "trillion")

#: Share of |v| an approximate figure ("about", "some") spans at least.
APPROXIMATE_SHARE = 0.05

#: Largest share of |v| the precision of the digits written may span.
PRECISION_CAP_SHARE = 0.05

#: Digits a whole number needs (without a scale word) before its trailing zeros count as
#: rounding ("4,172,000": yes; "150": no).
ROUNDED_DIGITS = 4

#: Sign conventions under which a value's sign carries meaning (indicators.yaml ``sign``).
SIGNED = ("balance", "change")

#: How far an approximator ("nearly X", "just over X") reaches from X, as a share of |X|.
NEAR_SHARE = 0.10

#: How far a bound ("more than X", "less than X") is read to reach: up to X times this, or
#: down to X divided by it.
BOUND_FACTOR = 1.5

_NUMBER = r"^-?(?P<int>[0-9]+)(?:\.(?P<frac>[0-9]+))?(?:[eE](?P<exp>[-+]?[0-9]+))?$"


def precision(written: pd.Series, scaled: pd.Series) -> np.ndarray:
    """Half a unit of the last significant digit of each number as written, in its own unit.

    *scaled* says where the unit as written opens with a scale word (then trailing zeros of
    a whole number count as written); trailing zeros are rounding only in whole numbers of
    ``ROUNDED_DIGITS`` or more digits. The 5% cap is ``claimed_intervals``'.

    Examples
    --------
    >>> precision(pd.Series(["8.4", "4172000", "29", "10", "150", "2"]),
    ...           pd.Series([True, False, False, False, False, True])).tolist()
    [0.05, 500.0, 0.5, 0.5, 0.5, 0.5]
    """
    parts = written.astype("str").str.extract(_NUMBER)
    decimals = parts["frac"].str.len().fillna(0).to_numpy(dtype="float64")
    exponent = pd.to_numeric(parts["exp"], errors="coerce").fillna(0).to_numpy(dtype="float64")
    digits = parts["int"].fillna("")
    stripped = digits.str.rstrip("0")
    zeros = (digits.str.len() - stripped.str.len()).to_numpy(dtype="float64")
    zeros = np.where((stripped == "").to_numpy(), 0.0, zeros)  # "0" has no significant zeros
    whole = (decimals == 0) & (digits.str.len() >= ROUNDED_DIGITS).to_numpy()
    trailing = np.where(whole & ~scaled.to_numpy(dtype=bool), zeros, 0.0)
    with np.errstate(over="ignore"):  # "1e999" is refused by the number rule, not here
        result = 0.5 * 10.0 ** (exponent - decimals + trailing)
    return np.where(parts["int"].isna().to_numpy(), np.nan, result)


def _numbers_by_distinct(written: pd.Series) -> np.ndarray:
    """The numbers of texts (NaN for empty ones), parsed once per distinct text."""
    codes, uniques = pd.factorize(written.astype("str"))
    parsed = pd.to_numeric(pd.Series(uniques, dtype="str").replace("", np.nan))
    return parsed.to_numpy(dtype="float64")[codes]


def _precision_by_distinct(written: pd.Series, scaled: pd.Series) -> np.ndarray:
    """``precision`` computed once per distinct (text, scaled) and mapped back by codes."""
    text_codes, texts = pd.factorize(written.astype("str"))
    codes = text_codes * 2 + scaled.to_numpy(dtype=bool)
    distinct, inverse = np.unique(codes, return_inverse=True)
    text = pd.Series(texts, dtype="str").iloc[distinct // 2].reset_index(drop=True)
    return precision(text, pd.Series(distinct % 2 == 1))[inverse]


def claimed_intervals(
    obs: pd.DataFrame, signs: pd.Series | None = None, hedges: np.ndarray | None = None
) -> pd.DataFrame:
    """Claimed lower and upper bounds and value of each observation, in its canonical unit.

    *obs* is ``Catalogue.observations()`` (or rows of it); *signs* maps indicator ids to
    their sign convention (``Catalogue.indicators["sign"]`` by id; none: no indicator is
    signed); *hedges* says of each row whether its one-sided hedge approximates (``near``)
    or bounds (``bound``): by default read from ``figure`` and ``quote`` where *obs* has
    them (``figure_fields.hedge_kinds``), else every one-sided hedge is a bound. Returns
    columns ``claimed_value`` (the value, the middle of a range, NaN for a sign),
    ``claimed_lower``, ``claimed_upper``, ``literal_lower``, ``literal_upper`` (what the
    words say, a bound's side unbounded) and ``precision`` on the same index.

    Examples
    --------
    >>> rows = pd.DataFrame({
    ...     "indicator": ["g", "g", "b", "x"], "qualifier": ["at_most", "exact", "at_least",
    ...     "exact"], "value": [-2.0, 2e6, -750e6, 2e6], "lower": [None, None, -750e6, None],
    ...     "upper": [-2.0, None, None, None], "value_as_written": ["-2", "2", "-750", "2"],
    ...     "lower_as_written": ["", "", "-750", ""], "upper_as_written": ["-2", "", "", ""],
    ...     "unit_as_written": ["percent", "million person", "million USD", "million person"]})
    >>> c = claimed_intervals(rows, pd.Series({"g": "change", "b": "balance", "x": ""}),
    ...                       np.array(["near", "", "bound", ""]))
    >>> c[["claimed_lower", "claimed_upper"]].round(2).values.tolist()
    [[-2.1, -1.8], [1900000.0, 2100000.0], [-1125000000.0, -749500000.0], [1900000.0, 2100000.0]]
    >>> c[["literal_lower", "literal_upper"]].iloc[2].tolist()
    [-inf, -749500000.0]
    """
    unit_codes, units = pd.factorize(obs["unit_as_written"].fillna("").astype("str"))
    first_word = pd.Series(units, dtype="str").str.split(" ").str[0].str.lower()
    scaled = pd.Series(first_word.isin(SCALE_WORDS).to_numpy()[unit_codes], index=obs.index)
    written = {c: obs[f"{c}_as_written"].fillna("") for c in ("value", "lower", "upper")}
    numbers = {c: _numbers_by_distinct(written[c]) for c in written}
    canonical = {c: obs[c].to_numpy(dtype="float64") for c in ("value", "lower", "upper")}
    with np.errstate(invalid="ignore", divide="ignore"):
        factors = [np.abs(canonical[c] / numbers[c]) for c in ("value", "lower", "upper")]
    factor = np.where(
        np.isfinite(factors[0]),
        factors[0],
        np.where(np.isfinite(factors[1]), factors[1], factors[2]),
    )
    p = {}
    for c, text in written.items():  # half the last digit, at most 5% of the number
        digit = _precision_by_distinct(text, scaled) * factor
        size = np.abs(canonical[c])
        p[c] = np.where(size > 0, np.fmin(digit, PRECISION_CAP_SHARE * size), digit)
    v, lo, hi = canonical["value"], canonical["lower"], canonical["upper"]
    q = obs["qualifier"].to_numpy()
    convention = np.full(len(obs), "", dtype=object)
    if signs is not None:
        convention = obs["indicator"].astype("str").map(signs).fillna("").astype("str").to_numpy()
    signed = np.isin(convention, SIGNED)
    if hedges is None:
        from integration_indicators.model.figure_fields import hedge_kinds

        has_text = "figure" in obs.columns and "quote" in obs.columns
        hedges = (
            hedge_kinds(obs["figure"], obs["quote"]) if has_text else np.full(len(obs), "bound")
        )
    near = np.asarray(hedges) == "near"
    width = np.where(
        q == "approximate", np.fmax(p["value"], APPROXIMATE_SHARE * np.abs(v)), p["value"]
    )
    # one-sided hedges on the magnitude m, then given the value's sign
    m, pv = np.abs(v), p["value"]
    at_most, at_least = q == "at_most", q == "at_least"
    m_lo = np.select(
        [at_most & near, at_most, at_least], [m - NEAR_SHARE * m, m / BOUND_FACTOR, m - pv], np.nan
    )
    m_hi = np.select(
        [at_least & near, at_least, at_most], [m + NEAR_SHARE * m, m * BOUND_FACTOR, m + pv], np.nan
    )
    literal_lo = np.where(at_least, m - pv, np.where(signed, 0.0, -np.inf))
    literal_hi = np.where(at_most, m + pv, np.inf)
    flip = v < 0
    one_sided = at_most | at_least
    lower = np.select(
        [
            np.isin(q, ("exact", "approximate")),
            one_sided & flip,
            one_sided,
            q == "range",
            (q == "sign") & (lo == 0),
            (q == "sign") & (hi == 0),
        ],
        [v - width, -m_hi, m_lo, lo - p["lower"], 0.0, -np.inf],
        np.nan,
    )
    upper = np.select(
        [
            np.isin(q, ("exact", "approximate")),
            one_sided & flip,
            one_sided,
            q == "range",
            (q == "sign") & (lo == 0),
            (q == "sign") & (hi == 0),
        ],
        [v + width, -m_lo, m_hi, hi + p["upper"], np.inf, 0.0],
        np.nan,
    )
    with np.errstate(invalid="ignore"):
        literal_lower = np.where(one_sided, np.where(flip, -literal_hi, literal_lo), lower)
        literal_upper = np.where(one_sided, np.where(flip, -literal_lo, literal_hi), upper)
    # a signed figure's interval stays on its side of 0 (a deficit is never a surplus)
    middle = np.where(q == "range", np.where(np.isnan(v), (lo + hi) / 2, v), v)
    below = signed & (middle < 0)
    above = signed & (middle > 0)
    upper = np.where(below, np.fmin(upper, 0.0), upper)
    lower = np.where(above, np.fmax(lower, 0.0), lower)
    never_negative = convention == "nonnegative"
    lower = np.where(never_negative, np.fmax(lower, 0.0), lower)
    literal_lower = np.where(never_negative, np.fmax(literal_lower, 0.0), literal_lower)
    return pd.DataFrame(
        {
            "claimed_value": middle,
            "claimed_lower": lower,
            "claimed_upper": upper,
            "literal_lower": literal_lower,
            "literal_upper": literal_upper,
            "precision": np.where(q == "range", np.fmax(p["lower"], p["upper"]), p["value"]),
        },
        index=obs.index,
    )


#: The worked examples of the guide "Check a press figure": (figure as written, qualifier,
#: hedge kind, sign convention, value, lower, upper as written, unit as written).
WORKED_EXAMPLES = (
    ("$8.4 billion (a deficit)", "exact", "", "balance", "-8.4", "", "", "billion USD"),
    ("2 million", "exact", "", "", "2", "", "", "million person"),
    ("4,172,000", "exact", "", "", "4172000", "", "", "person"),
    ("some 350,000", "approximate", "", "", "350000", "", "", "person"),
    ("almost 80 percent", "at_most", "near", "", "80", "", "80", "percent"),
    ("nearly 40 million", "at_most", "near", "nonnegative", "40", "", "40", "million person"),
    (
        "just over $35.5 billion",
        "at_least",
        "near",
        "nonnegative",
        "35.5",
        "35.5",
        "",
        "billion USD",
    ),
    (
        "more than $35.5 billion",
        "at_least",
        "bound",
        "nonnegative",
        "35.5",
        "35.5",
        "",
        "billion USD",
    ),
    ("less than 3%", "at_most", "bound", "", "3", "", "3", "percent"),
    ("shrank by almost 2%", "at_most", "near", "change", "-2", "", "-2", "percent"),
    (
        "a deficit of more than $750 million",
        "at_least",
        "bound",
        "balance",
        "-750",
        "-750",
        "",
        "million USD",
    ),
    ("between 200,000 and half a million", "range", "", "", "", "200000", "500000", "person"),
    ("registered a surplus", "sign", "", "balance", "", "0", "", "USD"),
)


def worked_examples_table() -> str:
    """The guide's table of worked examples, computed by :func:`claimed_intervals` (a test
    checks that the guide holds exactly this table)."""
    rows = pd.DataFrame(
        WORKED_EXAMPLES, columns=["figure", "qualifier", "hedge", "sign", "v", "lo", "hi", "unit"]
    )
    numbers = {c: pd.to_numeric(rows[c].replace("", np.nan)) for c in ("v", "lo", "hi")}
    scale = (
        rows["unit"]
        .str.split(" ")
        .str[0]
        .map({"thousand": 1e3, "million": 1e6, "billion": 1e9})
        .fillna(1.0)
    )
    obs = pd.DataFrame(
        {
            "indicator": rows.index.astype("str"),
            "qualifier": rows["qualifier"],
            "value": numbers["v"] * scale,
            "lower": numbers["lo"] * scale,
            "upper": numbers["hi"] * scale,
            "value_as_written": rows["v"].str.lstrip("-"),
            "lower_as_written": rows["lo"].str.lstrip("-"),
            "upper_as_written": rows["hi"].str.lstrip("-"),
            "unit_as_written": rows["unit"],
        }
    )
    signs = pd.Series(rows["sign"].to_numpy(), index=obs["indicator"])
    found = claimed_intervals(obs, signs, rows["hedge"].to_numpy())

    def said(x: float, unit_scale: float) -> str:
        if np.isinf(x):
            return "inf" if x > 0 else "-inf"
        return f"{x / unit_scale + 0.0:,.10g}"  # + 0.0: no "-0"

    lines = [
        "| figure as written | qualifier, hedge, sign | claimed interval | literally |",
        "| --- | --- | --- | --- |",
    ]
    for i, row in enumerate(rows.to_dict("records")):  # a dozen examples
        k = float(scale.iloc[i])
        word = {1e3: " thousand", 1e6: " million", 1e9: " billion"}.get(k, "")
        what = ", ".join(x for x in (row["qualifier"], row["hedge"], row["sign"]) if x)
        claimed = (
            f"[{said(found['claimed_lower'].iloc[i], k)}, "
            f"{said(found['claimed_upper'].iloc[i], k)}]{word}"
        )
        literal = (
            f"[{said(found['literal_lower'].iloc[i], k)}, "
            f"{said(found['literal_upper'].iloc[i], k)}]{word}"
        )
        if row["qualifier"] == "sign":  # open at 0
            claimed = literal = claimed.replace("[0,", "(0,").replace("inf]", "inf)")
        lines.append(
            f'| "{row["figure"]}" | {what} | {claimed} | '
            f"{literal if literal != claimed else 'the same'} |"
        )
    return "\n".join(lines) + "\n"
