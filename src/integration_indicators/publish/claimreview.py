"""The crosscheck table as schema.org ClaimReview JSON-LD, for fact-check aggregators.

One ClaimReview per claim, from its verdict of record (``crosscheck.verdicts_of_record``:
its primary rule on the knowable basis where the claim names no period, else the period it
names): ``claimReviewed`` is the quote,
``itemReviewed`` the claim with its author (who stated it; the publication where the source
says it in its own voice) and where it appeared, ``reviewRating.alternateName`` the verdict,
and ``reviewBody`` the official figures and the reasons in words.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

#: Who reviews: this library (it names no person).
REVIEWER = {"@type": "Organization", "name": "integration-indicators"}


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


def claim_reviews(table: pd.DataFrame, sources: pd.DataFrame) -> list[dict[str, object]]:
    """A ClaimReview (as a dict) per claim of a ``crosscheck`` table."""
    from integration_indicators.analysis.crosscheck import verdicts_of_record

    chosen = verdicts_of_record(table)
    info = sources.set_index("id")
    bases = dict(iter(table.groupby(["claim", "rule"], sort=False, observed=True)))
    reviews: list[dict[str, object]] = []
    for row in chosen.to_dict("records"):
        source = info.loc[row["source"]] if row["source"] in info.index else None
        publication = (
            (_text(source["producer"]) or _text(source["title"])) if source is not None else ""
        )
        author = _text(row["attributed_to"]) or publication
        same = bases[(row["claim"], row["rule"])]
        figures = "; ".join(
            f"{b}: official {_text(p) or 'none'} = {v:.6g} {row['unit']}" if not np.isnan(v)
            else f"{b}: no official figure"
            for b, p, v in zip(same["basis"], same["official_period"], same["official_value"],
                               strict=True)
        )  # fmt: skip
        reviews.append({
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "claimReviewed": _text(row["quote"]) or _text(row["figure"]),
            "itemReviewed": {
                "@type": "Claim",
                "author": {"@type": "Person" if _text(row["attributed_to"]) else "Organization",
                           "name": author},
                "datePublished": _text(row["as_of"]),
                "appearance": {"@type": "CreativeWork",
                               "name": _text(source["title"]) if source is not None else "",
                               "publisher": publication},
            },
            "author": REVIEWER,
            "reviewRating": {"@type": "Rating", "alternateName": row["verdict"]},
            "reviewBody": f"Figure: {_text(row['figure'])}. {figures}. {_text(row['reasons'])}",
        })  # fmt: skip
    return reviews


def render_claim_reviews(table: pd.DataFrame, sources: pd.DataFrame) -> str:
    """The ClaimReviews of *table* as one JSON-LD document (a list)."""
    return json.dumps(claim_reviews(table, sources), ensure_ascii=False, indent=1) + "\n"
