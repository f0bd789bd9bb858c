"""Closed vocabularies of the catalogue: qualifiers, statuses, measures, kinds, categories."""

from __future__ import annotations

from typing import Literal, get_args

Qualifier = Literal["exact", "approximate", "at_most", "at_least", "range", "sign"]
#: ``stated``: a figure an official body stated (a statistics office, a government, a
#: ministry, an ambassador, the EEC) as the press reported it: official, but no dataset; the
#: crosscheck answers with it where no dataset holds the period (its ``geo`` is the economy
#: whose statistics it is on).
Status = Literal["reported", "estimated", "claimed", "announced", "planned", "official", "stated"]
Measure = Literal["flow", "stock", "ratio", "share", "count"]
SourceKind = Literal["news", "analysis", "official_statistics"]
#: How an indicator's counterpart is constrained: ``required`` (a bilateral flow),
#: ``union-state`` (geo BLR and counterpart RUS only), or "" (as its counterpart meaning says).
Pairing = Literal["", "required", "union-state"]
#: The sign convention of an indicator's values: ``balance`` (a deficit is negative, a surplus
#: positive), ``change`` (a fall is negative, a rise positive), or "" (none).
SignConvention = Literal["", "balance", "change", "nonnegative"]
Category = Literal[
    "trade", "finance", "migration", "labour", "population", "macro", "integration", "fx"
]

#: How a crosscheck rule computes the official quantity that answers a claim.
Operation = Literal["as_is", "growth", "ratio", "difference", "total", "growth_of_total"]
#: Whether an official quantity measures what the claim measures.
Comparability = Literal["comparable", "partial", "not-comparable"]
#: A rule's role: the comparison that gives the verdict, or one shown beside it for context.
Role = Literal["primary", "context"]
#: Which official period a claim is judged against: the period it states (or, where it
#: states none, the period it was made in), or the latest one published by its as_of date.
Basis = Literal["same-period", "knowable"]
#: The verdict on a claim.
Verdict = Literal[
    "consistent",
    "close",
    "overstated",
    "understated",
    "not-comparable",
    "unverifiable",
    "no-official-source",
]

#: A bilateral flow as its partner reports it: geo's exports to a partner are the partner's
#: imports from geo (a rule made of these alone has a mirror: the partner's report).
MIRROR_FLOWS = {
    "trade.goods.exports": "trade.goods.imports",
    "trade.goods.imports": "trade.goods.exports",
}

#: Statuses of figures about what is to come (a plan, an announcement): the only ones that may
#: be stated long before their period ends.
FORWARD_STATUSES = ("announced", "planned")

#: Days a reported, estimated, claimed or official figure may be stated before its period
#: ends ("turnover this year is about $45 billion", said in the last weeks of the year):
#: a figure stated earlier than that is a forecast or a typo in its period or as_of.
STATED_BEFORE_END_DAYS = 92

#: Every qualifier, status, ... as a tuple, for membership checks.
QUALIFIERS: tuple[str, ...] = get_args(Qualifier)
STATUSES: tuple[str, ...] = get_args(Status)
MEASURES: tuple[str, ...] = get_args(Measure)
SOURCE_KINDS: tuple[str, ...] = get_args(SourceKind)
CATEGORIES: tuple[str, ...] = get_args(Category)
PAIRINGS: tuple[str, ...] = get_args(Pairing)
OPERATIONS: tuple[str, ...] = get_args(Operation)
COMPARABILITIES: tuple[str, ...] = get_args(Comparability)
ROLES: tuple[str, ...] = get_args(Role)
BASES: tuple[str, ...] = get_args(Basis)
VERDICTS: tuple[str, ...] = get_args(Verdict)

#: Where a rule's operand is taken: the claim's geo or counterpart ("" for no counterpart).
OPERAND_PLACES = ("geo", "counterpart")
SIGN_CONVENTIONS: tuple[str, ...] = get_args(SignConvention)

#: The parties of the Union State's own indicators (``pair: union-state``).
UNION_STATE = ("BLR", "RUS")

#: Source fields that may be listed in a source's ``inferred``.
INFERABLE_SOURCE_FIELDS = (
    "title",
    "authors",
    "producer",
    "kind",
    "date_published",
    "date_accessed",
    "url_main",
    "license",
)

#: Columns whose values, together, identify one observation.
OBSERVATION_KEY = ("indicator", "geo", "counterpart", "period", "source", "status")
