"""Lineage of derived values: the observations they rest on and the operations applied.

Modelled on OWID's catalog: an ``Origin`` per observation used, and a processing log of
``Step`` records (``operation``, ``target``, ``parents``), passed along explicitly by
every metric rather than switched on by an environment variable.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Origin:
    """One catalogue observation a value rests on."""

    #: Observation id in the catalogue.
    observation: str
    #: Source id of the observation.
    source: str
    #: Indicator id.
    indicator: str
    #: Reference period of the observation.
    period: str
    #: Status (reported, official, ...).
    status: str
    #: The verbatim quote (None for official statistics).
    quote: str | None
    #: For official statistics, the release the value was published in (its vintage,
    #: ``as_of``); None where the catalogue does not say.
    vintage: str | None = None
    #: True where the source marks the value as its own estimate (the IMF's "e").
    estimated: bool = False

    def __str__(self) -> str:
        quoted = f': "{self.quote}"' if self.quote else ""
        released = f", published {self.vintage}" if self.vintage else ""
        estimate = ", an estimate" if self.estimated else ""
        return (
            f"{self.observation} ({self.source}, {self.period}, {self.status}{released}"
            f"{estimate}){quoted}"
        )


@dataclass(frozen=True, slots=True)
class Step:
    """One operation of a processing log: *target* computed from *parents*."""

    #: What was done, e.g. ``ratio`` or ``growth_rate``.
    operation: str
    #: Name of the result.
    target: str
    #: Names of the inputs.
    parents: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.operation}({', '.join(self.parents)})"
