"""Importer of the IMF's International Trade in Goods (IMTS) as its SDMX 3.0 API serves it.

The IMF's current portal replaces the DOTS workbooks (which end in 2020) with the dataflow
``IMF.STA:IMTS``; its API (``api.imf.org/external/sdmx/3.0``, ``fetch imf``) answers a data
query with an SDMX-ML 3.0 *StructureSpecificData* message: one ``Series`` element per
reporter (``COUNTRY``), ``INDICATOR``, partner (``COUNTERPART_COUNTRY``) and ``FREQUENCY``,
one ``Obs`` per period (``TIME_PERIOD``, ``OBS_VALUE``). ``read_imf_sdmx`` turns one into
catalogue observations as the DOTS workbooks' are: exports FOB (``XG_FOB_USD``) as
``trade.goods.exports`` and imports CIF (``MG_CIF_USD``) as ``trade.goods.imports``, the
reporter as geo, the partner as counterpart.

- Values are kept as written, in US dollars (the series' ``UNIT`` is ``USD``: the United
  States' exports of 2023 are ``2019551635133``); the ``SCALE`` attribute (``6``) is the
  scale the IMF shows them in, not a factor of the value.
- Partners whose code is not an economy's (ISO 3166 alpha-3, as ``economies`` accepts)
  are the IMF's groups and are set apart and named; the World is one of them unless
  *world* gives the code the file's codelist uses for it (its rows then have the empty
  counterpart, as the DOTS workbooks' World).
- Periods: ``2023`` (annual), ``2023-Q1`` (the months ``2023-01/2023-03``), ``2023-M01``
  or ``2023-01`` (a month).
- The message's ``Prepared`` date is the rows' vintage unless one is given: what the API
  served that day.

The message is read bounded (``MAX_MESSAGE_BYTES``) and refused before parsing where it
declares a document type or entities (an SDMX message has neither; an entity is how XML
expands a few bytes into gigabytes or reads a local file).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from integration_indicators.errors import Problem, ValidationError
from integration_indicators.importers.dots_workbooks import SHEETS
from integration_indicators.importers.imports import (
    ImportResult,
    Provenance,
    SourceRecord,
    observation_frame,
)
from integration_indicators.io.safe_read import read_bytes

#: IMTS indicators -> the catalogue's indicator and the short flow name of ids, those of the
#: DOTS workbooks' sheets of the same flows. The others (imports FOB ``MG_FOB_USD``, the
#: balance ``TBG_USD``) are set apart and named.
INDICATORS = {"XG_FOB_USD": SHEETS["Exports, FOB"], "MG_CIF_USD": SHEETS["Imports, CIF"]}

#: Largest message read.
MAX_MESSAGE_BYTES = 256 * 1024 * 1024

#: The dataset the rows belong to (sources' ``dataset``).
DATASET = "International Trade in Goods (IMTS)"

_DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_ANNUAL = re.compile(r"^[0-9]{4}$")
_QUARTER = re.compile(r"^([0-9]{4})-Q([1-4])$")
_MONTH = re.compile(r"^([0-9]{4})-M?(0[1-9]|1[0-2])$")
_NUMBER = re.compile(r"^-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$")


def _local(tag: str) -> str:
    """An element's name without its namespace."""
    return tag.rsplit("}", 1)[-1]


def _refused(file: str, *, rule: str, message: str, value: str | None = None) -> ValidationError:
    return ValidationError([Problem(file, None, None, value, rule, message)], file)


def _periods(text: pd.Series) -> pd.Series:
    """SDMX periods in the catalogue's ISO 8601 form ("" where not one of the forms read)."""
    out = pd.Series("", index=text.index, dtype="str")
    annual = text.str.fullmatch(_ANNUAL.pattern)
    out[annual] = text[annual]
    quarter = text.str.extract(_QUARTER)
    has_q = quarter[0].notna()
    q = quarter.loc[has_q, 1].astype("int64")
    out[has_q] = (
        quarter.loc[has_q, 0]
        + "-"
        + (3 * q - 2).astype("str").str.zfill(2)
        + "/"
        + quarter.loc[has_q, 0]
        + "-"
        + (3 * q).astype("str").str.zfill(2)
    )
    month = text.str.extract(_MONTH)
    has_m = month[0].notna()
    out[has_m] = month.loc[has_m, 0] + "-" + month.loc[has_m, 1]
    return out


def _rows(root: object) -> pd.DataFrame:
    """One row per observation of the message's series: their keys and the Obs' text."""
    records = [
        (
            series.get("COUNTRY", ""),
            series.get("INDICATOR", ""),
            series.get("COUNTERPART_COUNTRY", ""),
            series.get("FREQUENCY", ""),
            obs.get("TIME_PERIOD", ""),
            obs.get("OBS_VALUE", ""),
        )
        for series in root.iter()  # type: ignore[attr-defined]
        if _local(series.tag) == "Series"
        for obs in series
        if _local(obs.tag) == "Obs"
    ]
    columns = ["country", "indicator", "counterpart", "frequency", "time", "value"]
    return pd.DataFrame(records, columns=columns, dtype="str")


def _prepared(root: object) -> str:
    """The message's Prepared date (ISO 8601 day), or ""."""
    for element in root.iter():  # type: ignore[attr-defined]
        if _local(element.tag) == "Prepared" and element.text:
            day = str(element.text).strip()[:10]
            return day if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", day) else ""
    return ""


def read_imf_sdmx(
    path: str | Path, *, world: str = "", provenance: Provenance | None = None
) -> ImportResult:
    """The observations of one IMTS data message of the IMF's SDMX 3.0 API (see the module).

    *world* is the partner code the message uses for the World (its rows get the empty
    counterpart); other partners that are not economies are set apart (``dropped``).

    Raises
    ------
    ValidationError
        For a file that is not an IMTS data message, with what is wrong; for values that
        are not numbers or periods of no form read, naming each series and period.
    """
    import xml.etree.ElementTree as ET

    from integration_indicators.model.economies import economy_codes

    file = Path(path)
    where = str(file)
    provenance = provenance or Provenance()
    data = read_bytes(file, "IMF SDMX message", MAX_MESSAGE_BYTES)
    if isinstance(data, Problem):
        raise ValidationError([data], where)
    if _DECLARATION.search(data):
        raise _refused(
            where, rule="xml-declaration", message="a document type or entity declaration"
        )
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise _refused(where, rule="not-xml", message=f"not XML: {exc}") from None
    if _local(root.tag) != "StructureSpecificData" or b"DSD_IMTS" not in data[:8192]:
        raise _refused(
            where,
            rule="not-imts",
            message="not an IMTS data message of the IMF's SDMX API (StructureSpecificData "
            "of IMF.STA:DSD_IMTS)",
            value=_local(root.tag),
        )
    rows = _rows(root)
    mapped = rows["indicator"].isin(list(INDICATORS))
    economies = economy_codes()
    is_world = (rows["counterpart"] == world) if world else pd.Series(False, index=rows.index)
    partner_ok = rows["counterpart"].isin(list(economies)) | is_world
    reporter_ok = rows["country"].isin(list(economies))
    dropped = sorted(
        set(rows.loc[~mapped, "indicator"])
        | set(rows.loc[mapped & ~partner_ok, "counterpart"])
        | set(rows.loc[mapped & ~reporter_ok, "country"])
    )
    kept = rows[mapped & partner_ok & reporter_ok].reset_index(drop=True)
    periods = _periods(kept["time"])
    numbers = kept["value"].str.fullmatch(_NUMBER.pattern)
    bad = (periods == "") | ~numbers
    if bad.any():
        problems = [
            Problem(
                where,
                None,
                "TIME_PERIOD" if period == "" else "OBS_VALUE",
                time if period == "" else value,
                "imf-sdmx-value",
                f"{country}-{partner} {indicator}: "
                + (
                    "a period of no form read (2023, 2023-Q1, 2023-M01)"
                    if period == ""
                    else "not a number"
                ),
            )
            for country, partner, indicator, time, value, period in zip(
                kept.loc[bad, "country"],
                kept.loc[bad, "counterpart"],
                kept.loc[bad, "indicator"],
                kept.loc[bad, "time"],
                kept.loc[bad, "value"],
                periods[bad],
                strict=True,
            )
        ]
        raise ValidationError(problems, where)
    flow = kept["indicator"].map({k: v[1] for k, v in INDICATORS.items()})
    counterpart = (
        kept["counterpart"].mask(kept["counterpart"] == world, "") if world else kept["counterpart"]
    )
    label = counterpart.str.lower().where(counterpart != "", "wld")
    stem = re.sub(r"[^a-z0-9]+", "-", file.stem.lower()).strip("-")
    source_id = (
        stem
        if stem.startswith("imf-imts")
        else "imf-" + (stem if stem.startswith("imts") else "imts-" + stem)
    )
    prepared = _prepared(root)  # the message's header, looked up once
    as_of = provenance.as_of or prepared
    observations = observation_frame(
        {
            "id": "imts-"
            + kept["country"].str.lower()
            + "-"
            + flow
            + "-"
            + label
            + "-"
            + periods.str.replace("/", "-"),
            "indicator": kept["indicator"].map({k: v[0] for k, v in INDICATORS.items()}),
            "geo": kept["country"],
            "counterpart": counterpart,
            "period": periods,
            "as_of": as_of,
            "value": kept["value"],
            "unit": "USD",
            "qualifier": "exact",
            "status": "official",
            "cited_source": "",
            "source": source_id,
        }
    )
    reporters = ", ".join(sorted(set(kept["country"]))) or "no reporter"
    source = SourceRecord(
        id=source_id,
        title=f"{DATASET}: {reporters}",
        producer="IMF",
        dataset=DATASET,
        date_accessed=prepared,
        repository=provenance.repository,
        commit=provenance.commit,
        path=provenance.path or file.name,
        note=(
            "Goods trade in US dollars as written (exports FOB, imports CIF), from a data "
            "message of the IMF's SDMX 3.0 API (dataflow IMF.STA:IMTS)"
            + (f", prepared {prepared}" if prepared else "")
            + "."
        ),
    )
    return ImportResult(observations, source, dropped=tuple(dropped))
