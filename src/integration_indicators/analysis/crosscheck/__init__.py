"""Every press claim checked against official statistics, by rules declared in data.

A rule of ``crosschecks.yaml`` says which official quantity answers a kind of claim (an
official indicator as it is or its growth from the previous period, or a ratio, difference,
total or growth of a total of official series; a ``ratio`` whose second operand has an
empty counterpart is the partner's share of the World total, and a dimensionless ratio
answers a claim in percent);
a claim whose indicator has official observations of its own for the same geo and
counterpart is compared with them without a rule. The official quantity is computed once per
rule and (geo, counterpart) with the metrics of ``integration_indicators.metrics`` (units,
bounds, lineage), and every claim is matched to it in one vectorised pass:

- a claim that names its reference period (its period differs from its as_of) is judged
  against the official period that covers it (basis ``same-period``);
- a claim that names none is judged against the latest official period published by its
  as_of date, by the release lags of ``releases.yaml`` (basis ``knowable``), and against the
  period it was made in (basis ``same-period``), both rows side by side.

The verdict compares the claimed interval C (``integration_indicators.claimed``) with the
official value O: ``consistent`` where they overlap; ``close`` where the distance between them
is at most 5% of |O| (for rates and shares, claims in percent or percentage points, at most
max(1 percentage point, 5% of |O|)); ``overstated`` or ``understated`` beyond;
``not-comparable`` where the rule says the measures differ; ``unverifiable`` where no official
figure exists for the period needed, or the claim is a flow over a shorter period than the
official one (a half-year against a year); ``no-official-source`` where no rule and no
official series answer the claim.

Labels speak of size: where O is negative and C lies at or below 0 (a fall, a deficit), a
claim whose magnitude is smaller than |O| is ``understated`` ("understates the fall") and a
larger one ``overstated``; elsewhere a claim above O is ``overstated``. Where claim and
official figure have opposite signs the reasons say so (the sign-flip diagnostic).
Diagnostics (a period slip, a factor of 10^3/10^6/10^9, a sign flip) are given only for
claims bounded on both sides: on a one-sided interval every alternative would "match".

``of_record`` marks one row per claim: its primary rule, on the knowable basis where the
claim has one, else on the same period.

The package is a pipeline of stages (``pipeline.crosscheck``), each a module with one job:
``rules``, ``answers`` (official answers), ``matching``, ``verdicts`` and ``reasons``, with
``releases`` (as-of), ``spans``, ``mirrors`` and ``statements`` beside them. What is
imported here is the package's API; the stages' own names are for each other.
"""

from __future__ import annotations

from integration_indicators.analysis.crosscheck.answers import answer_series, official_answers
from integration_indicators.analysis.crosscheck.matching import growth_currencies
from integration_indicators.analysis.crosscheck.pipeline import crosscheck
from integration_indicators.analysis.crosscheck.reasons import LITERALLY_TRUE, SLIPS
from integration_indicators.analysis.crosscheck.rules import NO_RULES, rules_of
from integration_indicators.analysis.crosscheck.statements import from_statements
from integration_indicators.analysis.crosscheck.verdicts import RATE_UNITS, verdicts_of_record

__all__ = [
    "LITERALLY_TRUE",
    "NO_RULES",
    "RATE_UNITS",
    "SLIPS",
    "answer_series",
    "crosscheck",
    "from_statements",
    "growth_currencies",
    "official_answers",
    "rules_of",
    "verdicts_of_record",
]


def __getattr__(name: str) -> tuple[str, ...]:
    """``CROSSCHECK_COLUMNS`` of earlier releases, read from the model (deprecated)."""
    if name != "CROSSCHECK_COLUMNS":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import warnings

    from integration_indicators.validation.tables import Crosscheck, columns

    warnings.warn(
        "CROSSCHECK_COLUMNS is deprecated: use integration_indicators.validation.tables."
        "columns(Crosscheck) (removed in 0.2.0)",
        DeprecationWarning,
        stacklevel=2,
    )
    return columns(Crosscheck)
