"""The crosscheck table as schema.org ClaimReview JSON-LD that a publisher can post.

One ClaimReview per claim, from its verdict of record (the ``of_record`` row: its primary
rule on the knowable basis where the claim names no period, else the period it names):
``url`` the review's page, ``datePublished`` the review's date, ``claimReviewed`` the quote,
``itemReviewed`` the claim with its author (who stated it; where the source says it in its
own voice, its authors, else its producer; none where the source names nobody) and where it
appeared, ``author`` the reviewing
organisation, ``reviewRating`` a number on the scale of ``RATINGS`` (5 consistent, 4 close,
3 no judgement of truth, 2 overstated or understated; worst 1, best 5) with the verdict as
``alternateName``, and ``reviewBody`` the official figures, as readers write numbers, and the
reasons in words. Claims with no official figure get no review unless asked for.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from integration_indicators.model.verdicts import BEST, PUBLISHED, RATINGS, WORST
from integration_indicators.publish.numbers import for_people

#: Who reviews by default: this library (it names no person); ``--publisher`` names yours.
REVIEWER = "integration-indicators"

# The rating scale (``model.verdicts.RATINGS``: schema.org ``ratingValue`` between
# ``worstRating`` and ``bestRating``): how far the claim holds against the official figure
# of record. 3 is "no judgement of truth": not comparable, or (with ``--all`` only) nothing
# to compare with.


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


def claim_reviews(
    table: pd.DataFrame,
    sources: pd.DataFrame,
    *,
    base_url: str = "",
    publisher: str = REVIEWER,
    date_published: str | None = None,
    include_all: bool = False,
) -> list[dict[str, object]]:
    """A ClaimReview (as a dict) per claim of a ``crosscheck`` table, from its verdict of
    record.

    ``url`` is *base_url* + the site's claim page (``claims/ID.html``); ``author`` is the
    reviewing organisation *publisher*; ``datePublished`` is *date_published* (default:
    today, or ``SOURCE_DATE_EPOCH`` where set); ``itemReviewed.author`` is who made the claim
    (``attributed_to``, else the source's producer, never the article's title).
    ``unverifiable`` and ``no-official-source`` claims get no review unless *include_all*.
    """
    chosen = table[table["of_record"]] if "of_record" in table.columns else table
    info = sources.set_index("id")
    bases = dict(iter(table.groupby(["claim", "rule"], sort=False, observed=True)))
    date = date_published or _today()
    reviews: list[dict[str, object]] = []
    for row in chosen.to_dict("records"):
        verdict = str(row["verdict"])
        if verdict not in PUBLISHED and not include_all:
            continue
        source = info.loc[row["source"]] if row["source"] in info.index else None
        producer = _text(source["producer"]) if source is not None else ""
        writers = _text(source["authors"]) if source is not None else ""
        claimant = _claimant(_text(row["attributed_to"]), writers, producer)
        same = bases[(row["claim"], row["rule"])]
        figures = "; ".join(
            f"{b}: official {_text(p)} {for_people(v, str(row['unit']))}"
            if not np.isnan(v)
            else f"{b}: no official figure"
            for b, p, v in zip(
                same["basis"], same["official_period"], same["official_value"], strict=True
            )
        )
        review: dict[str, object] = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": f"{base_url}claims/{row['claim']}.html",
            "datePublished": date,
            "claimReviewed": _text(row["quote"]) or _text(row["figure"]),
            "itemReviewed": {
                "@type": "Claim",
                **({"author": claimant} if claimant else {}),
                "datePublished": _text(row["as_of"]),
                "appearance": {
                    "@type": "CreativeWork",
                    **(
                        {"name": _text(source["title"])}
                        if source is not None and _text(source["title"])
                        else {}
                    ),
                    **(
                        {"publisher": {"@type": "Organization", "name": producer}}
                        if producer
                        else {}
                    ),
                },
            },
            "author": {"@type": "Organization", "name": publisher},
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": RATINGS[verdict],
                "bestRating": BEST,
                "worstRating": WORST,
                "alternateName": verdict,
            },
            "reviewBody": f"Figure: {_text(row['figure'])}. {figures}. {_text(row['reasons'])}",
        }
        reviews.append(review)
    return reviews


def _claimant(person: str, writers: str, producer: str) -> dict[str, object]:
    """Who made the claim: the person or body the row attributes it to, else the article's
    authors (the claim is in its own voice), else its producer; {} where no source says."""
    if person:
        return {"@type": "Person", "name": person}
    if writers:
        names = [n for n in writers.split("; ") if n]
        return {"@type": "Person", "name": ", ".join(names)}
    return {"@type": "Organization", "name": producer} if producer else {}


def _today() -> str:
    import datetime as dt
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()
    return dt.date.today().isoformat()


def render_claim_reviews(table: pd.DataFrame, sources: pd.DataFrame, **options: object) -> str:
    """The ClaimReviews of *table* as one JSON-LD document (a list); *options* as
    ``claim_reviews`` takes them."""
    reviews = claim_reviews(table, sources, **options)  # type: ignore[arg-type]
    return json.dumps(reviews, ensure_ascii=False, indent=1) + "\n"
