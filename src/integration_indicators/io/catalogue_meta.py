"""What a catalogue says about itself (``catalogue.yaml``): the title and description its
site and data package carry. Optional: without it a catalogue is named by its directory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from integration_indicators.io.catalogue_files import METADATA_FILE

#: The fields of ``catalogue.yaml``.
FIELDS = ("title", "description")


@dataclass(frozen=True)
class CatalogueMeta:
    """A catalogue's title and description, as it declares them or by default."""

    title: str
    description: str
    #: Whether the catalogue declared them (a ``catalogue.yaml``), not the defaults.
    declared: bool


def catalogue_meta(location: str) -> CatalogueMeta:
    """The title and description of the catalogue at *location*; ``ValidationError``
    naming every problem of its ``catalogue.yaml``.

    Examples
    --------
    >>> meta = catalogue_meta("/nowhere/georgia-trade")
    >>> meta.title, meta.declared
    ('Sourced indicators: georgia-trade', False)
    """
    from integration_indicators.errors import ValidationError
    from integration_indicators.io.yaml_tables import read_yaml_mapping

    where = Path(location) if location else None
    default = CatalogueMeta(
        f"Sourced indicators: {where.name if where else 'a catalogue'}",
        "Figures held with their sources, verbatim quotes, periods, hedges and units, and "
        "the official statistics that check them.",
        declared=False,
    )
    if where is None or not (where / METADATA_FILE).exists():
        return default
    found, problems = read_yaml_mapping(where / METADATA_FILE, METADATA_FILE, FIELDS)
    if problems:
        raise ValidationError(problems, location)
    return CatalogueMeta(
        found.get("title", "").strip() or default.title,
        found.get("description", "").strip() or default.description,
        declared=True,
    )
