"""Stage 5, the reasons: a sentence per row saying why its verdict is what it is,
rendered from the constants of ``model.verdicts`` and the diagnostics (a period slip, a
factor of a thousand, a sign flip)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from integration_indicators.analysis.crosscheck.codes import labelled_codes, row_codes
from integration_indicators.analysis.crosscheck.releases import release_used
from integration_indicators.analysis.crosscheck.verdicts import (
    RATE_UNITS,
    inside_interval,
    open_at_zero,
)
from integration_indicators.analysis.series import categorical
from integration_indicators.model.claimed import BOUND_FACTOR, NEAR_SHARE
from integration_indicators.model.verdicts import (
    CLOSE_RATE_SENTENCE,
    SENTENCES,
)

#: Factors whose slip would explain a claim (thousand, million, billion, and back), in words.
SLIPS = {
    1e3: "a thousand",
    1e6: "a million",
    1e9: "a billion",
    1e-3: "a thousandth",
    1e-6: "a millionth",
    1e-9: "a billionth",
}


def said_per_key(keys: np.ndarray, texts: dict[int, str]) -> pd.Categorical:
    """Each row's text of its combination in *texts* ("" where it has none)."""
    lookup = np.full(int(keys.max(initial=0)) + 2, -1, dtype="int64")
    for position, key in enumerate(texts):  # a few combinations, not rows
        lookup[key] = position
    return labelled_codes(lookup[np.where(keys >= 0, keys, -1)], list(texts.values()))


def reasons_of(
    rows: pd.DataFrame,
    answers: pd.DataFrame,
    neighbour: np.ndarray,
    has_series: np.ndarray,
    no_source: np.ndarray,
) -> pd.Categorical:
    """The reasons of each verdict in words, written once per distinct combination of what
    they say and mapped back by codes (the numbers are in their own columns)."""
    o = rows["official_value"].to_numpy(dtype="float64")
    c_lo, c_hi = open_at_zero(rows)
    # hints of a slip only where the claimed interval is bounded and excludes 0: on one
    # reaching 0, every smaller alternative "matches"
    bounded = np.isfinite(c_lo) & np.isfinite(c_hi) & ((c_lo > 0) | (c_hi < 0))
    missed = rows["verdict"].isin(("overstated", "understated", "close")).to_numpy()
    checkable = missed & bounded
    literal = rows["verdict"].isin(("overstated", "understated")).to_numpy() & inside_interval(
        o,
        rows["literal_lower"].to_numpy(dtype="float64"),
        rows["literal_upper"].to_numpy(dtype="float64"),
    )
    slip = np.full(len(rows), -1, dtype="int64")
    for position, factor in enumerate(SLIPS):
        hit = checkable & inside_interval(o * factor, c_lo, c_hi) & (o != 0) & (slip < 0)
        slip[hit] = position
    period_codes, periods = pd.factorize(answers["official_period"].astype("str"))
    near = np.where(checkable & (neighbour >= 0), neighbour, -1)
    near_period = np.append(period_codes, -1)[near]  # -1: none
    frame = pd.DataFrame(
        {
            "verdict": rows["verdict"],
            "basis": rows["basis"],
            "named": rows["named"].to_numpy(dtype=bool),
            "missing": np.isnan(o) & has_series,
            "no_lag": ~np.isin(
                rows["key"].to_numpy(),
                answers.loc[answers["available_from"].notna(), "key"].to_numpy(),
            ),
            "no_series": ~has_series & ~no_source & (rows["unit_failure"] == "").to_numpy(),
            "no_source": no_source,
            "unit_failure": rows["unit_failure"],
            "precedence": rows["precedence"],
            "rule": rows["rule"].cat.codes.to_numpy(),
            "comparability": rows["comparability"],
            "difference": rows["difference"],
            "span_note": rows["span_note"],
            "geo": rows["geo"],
            "counterpart": rows["counterpart"],
            "conversion": rows["conversion"],
            "rate_failure": rows["rate_failure"],
            "growth_currency": rows["growth_currency"],
            "statement": rows["statement"],
            "near": labelled_codes(near_period, periods),
            "slip": labelled_codes(slip, list(SLIPS.values())),
            "flip": checkable & inside_interval(-o, c_lo, c_hi) & (o != 0),
            "opposite": (((o > 0) & (c_hi <= 0)) | ((o < 0) & (c_lo >= 0)))
            & (rows["verdict"] != "not-comparable").to_numpy(),
            "shorter": rows["shorter"].to_numpy(dtype=bool),
            "published_after": rows["published_after"],
            "fall": rows["sign_words"],
            "rate": rows["unit"].isin(RATE_UNITS).to_numpy(),
            "release": release_used(rows),
            "before_releases": rows["before_releases"].to_numpy(dtype=bool),
            "stale": rows["stale_release"],
            "revised": rows["revised_verdict"],
            "no_release_of_day": rows["no_release_of_day"].to_numpy(dtype=bool),
            "reporter": rows["reporter"],
            "on_estimate": rows["on_estimate"].to_numpy(dtype=bool),
            "mirror": missed
            & ~inside_interval(o, c_lo, c_hi)
            & inside_interval(rows["mirror_value"].to_numpy(dtype="float64"), c_lo, c_hi),
            "literal": literal,
        }
    )
    codes = row_codes(frame, list(frame.columns))
    first = np.unique(codes, return_index=True)[1]
    chosen = {str(c): frame[c].iloc[first].tolist() for c in frame.columns}  # a few thousand
    texts = np.asarray(
        [
            _reason_text(dict(zip(chosen, values, strict=True)))
            for values in zip(*chosen.values(), strict=True)
        ],
        dtype=str,
    )
    unique_texts, text_codes = np.unique(texts, return_inverse=True)
    return categorical(text_codes[codes], unique_texts)


#: Why a claim whose hedge holds literally is still over- or understated.
LITERALLY_TRUE = (
    f'literally true, but a checker reads "nearly" or "just over" as within '
    f'{NEAR_SHARE:.0%} of the figure and "less than" or "more than" as within '
    f"{BOUND_FACTOR:g} times it, and the official figure is beyond that"
)


def _verdict_sentence(r: dict[str, object]) -> str:
    """The first sentence of the reasons: what the verdict says, of sizes where the claim
    and the official figure share a sign."""
    if r["shorter"]:
        return (
            "the claim is a flow over a shorter period than the official one: it is never "
            "judged against the whole period"
        )
    if r["fall"] and r["verdict"] in ("overstated", "understated"):
        verb = "overstates" if r["verdict"] == "overstated" else "understates"
        return f"the claim {verb} the {r['fall']}, beyond the margin for close"
    if r["verdict"] == "close" and r["rate"]:
        return CLOSE_RATE_SENTENCE
    return SENTENCES.get(str(r["verdict"]), "")


def _reason_text(r: dict[str, object]) -> str:
    """The reasons of one combination, in words."""
    if r["no_source"]:
        return "no rule of crosschecks.yaml and no official series of this indicator answer it"
    said = [_verdict_sentence(r)]
    if r["literal"]:
        said.append(LITERALLY_TRUE)
    said += _basis_words(r)
    if r["growth_currency"]:
        said.append(
            f"growth computed in {r['growth_currency']}, the currency its source reports "
            "in, from the official levels in US dollars converted at each period's "
            "official average rate"
        )
    if r["rate_failure"]:
        said.append(f"the claim is in another currency than its indicator and {r['rate_failure']}")
    elif r["conversion"]:
        said.append(str(r["conversion"]))
    if r["missing"] and r["basis"] == "knowable":
        said.append(
            "no release lag is declared for the dataset in releases.yaml, so what was published "
            "by the claim's date is not known"
            if r["no_lag"]
            else "no official period of the dataset was published by the claim's date"
        )
    elif r["missing"]:
        said.append("no official figure covers the claim's period")
    if r["no_series"]:
        said.append("the rule's official series are missing from this catalogue")
    if (
        r["reporter"]
        and not r["statement"]
        and r["verdict"] not in ("unverifiable", "not-comparable")
    ):
        said.append(f"the official figure is as {r['reporter']} reports it")
    if r["on_estimate"] and r["verdict"] != "unverifiable":
        said.append(
            'the official figure rests on a value its source marks as an estimate (the IMF\'s "e")'
        )
    said += [str(r[k]) for k in ("unit_failure", "precedence") if r[k]]
    if r["comparability"] != "comparable" and r["difference"] and not r["statement"]:
        said.append(_for_pair(str(r["difference"]), str(r["geo"]), str(r["counterpart"] or "")))
    if r["span_note"]:
        said.append(str(r["span_note"]))
    return "; ".join(p.rstrip(". ") for p in said + _diagnostics(r) if p)


def _for_pair(text: str, geo: str, counterpart: str) -> str:
    """A rule's words for one claim: ``{geo}`` and ``{counterpart}`` replaced by the names of
    its economies (plain replacement: nothing in the text is evaluated).

    >>> _for_pair("trade between {geo} and {counterpart}", "DEU", "RUS")
    'trade between Germany and Russian Federation'
    """
    from integration_indicators.model.economies import name_of

    said = text.replace("{geo}", name_of(geo) if geo else "the economy")
    return said.replace("{counterpart}", name_of(counterpart) if counterpart else "its partner")


def _basis_words(r: dict[str, object]) -> list[str]:
    """What a knowable row is judged on: a held release, or the release lag on today's
    figures; and the verdict against today's revised figure where it differs; for a period
    no dataset holds, the official statements it is judged on."""
    said = [str(r["statement"])] if r["statement"] else []
    if r["basis"] == "knowable" and r["release"]:
        said.append(
            f"the claim names no period: judged on the latest official period as "
            f"published in the release of {r['release']}, the latest held before the "
            "claim (releases between the held ones are not held: a later one may have "
            "been out by the claim's date)"
        )
    elif r["basis"] == "knowable":
        said.append(
            "the claim names no period: judged on the latest official period "
            "published by its date"
            + (
                "; no release held was out by the claim's "
                "date, so on today's figures and the release lag"
                if r["before_releases"]
                else ""
            )
        )
        if isinstance(r["stale"], str) and r["stale"]:
            release, period = str(r["stale"]).split(" ", 1)
            said.append(
                f"the latest release held from before the claim ({release}) ends in "
                f"{period}, while by the release lag a later period was out by then "
                "(the releases between the held ones are not held): judged on today's "
                "figures"
            )
    elif not r["named"]:
        said.append("the claim names no period: the period it was made in")
    elif r["release"]:
        said.append(
            f"judged on its period as published in the release of {r['release']}, the "
            "latest held before the claim"
        )
    elif r["no_release_of_day"]:
        said.append(
            "no release held from before the claim holds its period: judged on today's figure"
        )
    if r["revised"]:
        said.append(
            f"{r['verdict']} with what was published then; {r['revised']} against "
            "today's revised figure"
        )
    return said


def _diagnostics(r: dict[str, object]) -> list[str]:
    """What would explain a miss, and what the reader should know about the figures' dates."""
    said = []
    if r["near"]:
        said.append(f"the official figure of {r['near']} matches the claim: a period slip?")
    if r["mirror"]:
        said.append(
            "the partner's report of the same flows matches the claim: reporter sides mixed?"
        )
    if r["slip"]:
        said.append(
            f"the official figure times {r['slip']} would match the claim: a slip of scale words?"
        )
    if r["published_after"]:
        said.append(
            f"the official figure was published after the claim (from "
            f"{r['published_after']}): the claim rested on an earlier "
            "estimate"
        )
    if r["flip"]:
        said.append("the claim matches the official figure with its sign flipped")
    elif r["opposite"]:
        said.append("the claim and the official figure have opposite signs")
    return said
