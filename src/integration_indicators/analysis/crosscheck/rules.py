"""Stage 1, the rules: which rule of ``crosschecks.yaml`` answers each kind of claim,
and the rules a catalogue without its own file falls back to."""

from __future__ import annotations

import pandas as pd

from integration_indicators.catalogue import Catalogue

#: Said once (``table.attrs["notes"]``, and by the command line) for a catalogue without rules.
NO_RULES = (
    "this catalogue has no crosschecks.yaml: only claims whose indicator has official rows of "
    "its own are checked, the others are no-official-source (integration-indicators init "
    "writes the library's rules into a new catalogue, to edit)"
)


_KEY = ["rule", "geo", "counterpart"]


def rules_of(cat: Catalogue, claims: pd.DataFrame, obs: pd.DataFrame) -> pd.DataFrame:
    """The declared rules, plus a default ``as_is`` rule for each claim indicator that has
    official observations of its own and no declared rule."""
    from integration_indicators.validation.tables import Rule, columns

    declared = cat.rules
    if declared.empty:
        declared = pd.DataFrame(columns=list(columns(Rule)), dtype="str")
    official = obs.loc[obs["status"] == "official", "indicator"].unique()
    claimed = set(claims["indicator"].unique())
    bare = sorted(claimed - set(declared["claim"]) & set(official))
    defaults = pd.DataFrame(
        {
            "id": [f"default-{i}" for i in bare],
            "claim": bare,
            "operation": "as_is",
            "first": bare,
            "first_geo": "geo",
            "first_counterpart": "counterpart",
            "second": "",
            "second_geo": "",
            "second_counterpart": "",
            "datasets": "",
            "comparability": "comparable",
            "difference": "",
            "role": "primary",
            "note": "default: the indicator's own official observations",
        },
        dtype="str",
    )
    rules = pd.concat([declared, defaults], ignore_index=True).fillna("")
    rules["role"] = rules["role"].replace("", "primary")
    return rules
