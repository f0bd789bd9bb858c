"""One verdict vocabulary (issue 37): every verdict the catalogue knows has its place, its
words, its ClaimReview rating, and the sentences that name a threshold render it from its
constant; the crosscheck, the site and ClaimReview read them from ``model.verdicts``."""

from __future__ import annotations

from typing import get_args

import integration_indicators as ii
from integration_indicators.model import verdicts
from integration_indicators.model.vocabulary import Verdict
from integration_indicators.publish.claimreview import claim_reviews


def test_every_verdict_has_its_place_words_and_rating() -> None:
    known = set(get_args(Verdict))
    assert set(verdicts.VERDICTS) == known == set(verdicts.WORDS) == set(verdicts.RATINGS)
    assert set(verdicts.PUBLISHED) < known
    assert all(verdicts.WORST <= r <= verdicts.BEST for r in verdicts.RATINGS.values())
    assert [verdicts.rank(v) for v in verdicts.VERDICTS] == list(range(len(known)))


def test_sentences_render_their_thresholds_from_the_constants() -> None:
    assert f"{verdicts.CLOSE_SHARE:.0%}" == "5%" and verdicts.CLOSE_POINTS == 1.0
    assert "within 5% of the claimed interval" in verdicts.SENTENCES["close"]
    assert "1 percentage point, or 5% where that is more" in verdicts.CLOSE_RATE_SENTENCE


def test_the_crosscheck_and_claimreview_speak_the_same_words() -> None:
    cat = ii.load()
    table = cat.crosscheck()
    record = table[table["of_record"]]
    assert set(record["verdict"].astype("str")) <= set(verdicts.VERDICTS)
    close = record[record["verdict"] == "close"]
    firsts = close["reasons"].astype("str").str.split("; ").str[0]
    assert set(firsts) <= {verdicts.SENTENCES["close"], verdicts.CLOSE_RATE_SENTENCE}
    for review in claim_reviews(table, cat.sources):
        rating = review["reviewRating"]
        assert isinstance(rating, dict)
        assert rating["ratingValue"] == verdicts.RATINGS[str(rating["alternateName"])]
