"""The crosscheck's verdicts, defined once: their order for a reader, the words people read,
the first sentence of the reasons (thresholds rendered from their constants), the close
band's constants, and the ClaimReview ratings and which reviews a publisher may post. The
crosscheck, the site, the command line and ClaimReview all read them from here.
"""

from __future__ import annotations

#: Distance between claim and official value, as a share of |O|, still called close.
CLOSE_SHARE = 0.05

#: The least distance still called close for rates and shares (claims in percent or
#: percentage points), in percentage points.
CLOSE_POINTS = 1.0

#: Every verdict, in the order a reader meets them (misstatements first).
VERDICTS = (
    "overstated",
    "understated",
    "close",
    "consistent",
    "not-comparable",
    "unverifiable",
    "no-official-source",
)

#: Each verdict in words for people (claim cards).
WORDS = {
    "consistent": "Consistent: the official figure is within what the claim says.",
    "close": "Close: near the official figure, a little outside what the claim says.",
    "overstated": "Overstated: the claim is above the official figure.",
    "understated": "Understated: the claim is below the official figure.",
    "not-comparable": "Not comparable: the official data measure something else.",
    "unverifiable": "Unverifiable: no official figure answers the claim for its period.",
    "no-official-source": "No official source: no official series here speaks to the claim.",
}

#: The first sentence of a verdict's reasons (where no more particular one applies).
SENTENCES = {
    "consistent": "the official figure lies in the claimed interval",
    "close": f"the official figure is within {CLOSE_SHARE:.0%} of the claimed interval",
    "overstated": "the claimed interval lies above the official figure by more than that",
    "understated": "the claimed interval lies below the official figure by more than that",
    "not-comparable": "the measures are not comparable",
    "unverifiable": "no official figure to compare",
}

#: The first sentence of a close verdict on a rate or share.
CLOSE_RATE_SENTENCE = (
    "the official figure is within the margin for close of the claimed interval (for a rate "
    f"or share: {CLOSE_POINTS:g} percentage point, or {CLOSE_SHARE:.0%} where that is more)"
)

#: ClaimReview's rating of each verdict, on a scale from ``WORST`` to ``BEST``.
RATINGS = {
    "consistent": 5,
    "close": 4,
    "not-comparable": 3,
    "overstated": 2,
    "understated": 2,
    "unverifiable": 3,
    "no-official-source": 3,
}
BEST, WORST = 5, 1

#: Verdicts that are reviews a publisher can post; the others only when asked for.
PUBLISHED = ("consistent", "close", "overstated", "understated", "not-comparable")


def rank(verdict: str) -> int:
    """A verdict's place in ``VERDICTS`` (unknown ones last).

    >>> rank("overstated"), rank("no-official-source"), rank("?")
    (0, 6, 7)
    """
    return VERDICTS.index(verdict) if verdict in VERDICTS else len(VERDICTS)
