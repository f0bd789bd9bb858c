"""An indicator for a WDI series the catalogue does not map, made from the World Bank's own
metadata: its name, its definition (the download's ``Metadata_Indicator_*.csv``, SOURCE_NOTE)
and a unit read from its name ("(current US$)", "(% of GDP)", "(annual %)", "(constant 2015
US$)", "per capita"). Marked as made from metadata, for a person to review; a name whose unit
cannot be read is an error naming the series and what to declare, never a guess.
"""

from __future__ import annotations

import re

from integration_indicators.errors import Problem, ValidationError

#: Units read from the end of a WDI series name: (pattern, unit, measure, sign).
NAME_UNITS = (
    (r"\((?:BoP, )?current US\$\)", "USD", "flow", ""),
    (r"\(constant [0-9]{4} US\$\)", "USD", "flow", ""),
    (r"\((?:PPP, )?current international \$\)", "intl_dollar", "flow", ""),
    (r"\(annual %\)", "percent", "ratio", "change"),
    (r"\(% of [^()]*\)", "percent", "share", ""),
)

#: Categories by the first part of a WDI code (the World Bank's topic prefixes).
CODE_CATEGORIES = {
    "ny": "macro",
    "ne": "macro",
    "nv": "macro",
    "fp": "macro",
    "bn": "macro",
    "gc": "macro",
    "tx": "trade",
    "tm": "trade",
    "tg": "trade",
    "bx": "finance",
    "bm": "finance",
    "dt": "finance",
    "fr": "finance",
    "fm": "finance",
    "sp": "population",
    "sm": "migration",
    "sl": "labour",
    "pa": "fx",
}

_INDICATOR_ID = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+")


def indicator_from_metadata(code: str, name: str, definition: str, file: str) -> dict[str, str]:
    """The indicators.yaml entry of WDI series *code* (lowercase), from its *name* and
    *definition*; ``ValidationError`` (``wdi-unit``) where the unit or the topic cannot be
    read from them.

    >>> made = indicator_from_metadata("ne.gdi.totl.zs", "Gross capital formation (% of GDP)",
    ...                                "Gross capital formation ...", "API.csv")
    >>> made["id"], made["unit"], made["measure"], made["category"]
    ('wdi.ne.gdi.totl.zs', 'percent', 'share', 'macro')
    """
    found = next(
        (
            (unit, measure, sign)
            for pattern, unit, measure, sign in NAME_UNITS
            if re.search(pattern + r"\s*$", name)
        ),
        None,
    )
    category = CODE_CATEGORIES.get(code.split(".", maxsplit=1)[0], "")
    identifier = "wdi." + code
    said = []
    if found is None:
        said.append(
            "its unit is not read from its name (one of: (current US$), (constant "
            "YYYY US$), (current international $), (annual %), (% of ...))"
        )
    if not category:
        said.append(
            f"its topic '{code.split('.', maxsplit=1)[0]}' is no category the catalogue knows"
        )
    if not _INDICATOR_ID.fullmatch(identifier):
        said.append(f"'{identifier}' is no indicator id")
    if said or found is None:
        raise ValidationError(
            [
                Problem(
                    file,
                    None,
                    "Indicator Code",
                    code,
                    "wdi-unit",
                    f"series {code} ({name}): {'; '.join(said)}: declare an "
                    "indicator for it in indicators-NAME.yaml and map it",
                )
            ],
            file,
        )
    unit, measure, sign = found
    if unit in ("USD", "intl_dollar") and re.search(r"\bper capita\b", name):
        unit, measure = f"{unit}/person", "ratio"
    return {
        "id": identifier,
        "name": name,
        "definition": definition.strip() or f"{name} (World Bank, {code.upper()}).",
        "unit": unit,
        "measure": measure,
        "category": category,
        "geo": "the economy",
        "counterpart": "",
        "sign": sign,
        "note": (
            f"Made from the World Bank's metadata of WDI {code.upper()} by import wdi, "
            "the unit read from the series' name: review it."
        ),
    }
