"""Downloading the IMF's International Trade in Goods (IMTS) through its SDMX 3.0 API into
files ``import imf-sdmx`` reads: one StructureSpecificData message (XML) per query.

Only ``https://api.imf.org/external/sdmx/3.0`` is asked, for the dataflow ``IMF.STA/IMTS``;
the query's key is the reporter, the indicators, the partners and the frequency, as the
API's data path takes them (``USA.XG_FOB_USD.G001+G998.A``). Retries, backoff, the one-line
error offline and the whole-file write are those of ``fetch`` (``get_bytes``); a file is
never written over. The opener and the sleep are parameters, so tests replay recorded
answers and never use the network.
"""

from __future__ import annotations

import re
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path

from integration_indicators.errors import FetchError
from integration_indicators.importers.fetch import Opener, get_bytes

#: The API's data address of the IMTS dataflow; nothing else is ever asked.
API = "https://api.imf.org/external/sdmx/3.0/data/dataflow/IMF.STA/IMTS/+"

_COUNTRY = re.compile(r"[A-Z]{3}")
_INDICATOR = re.compile(r"[A-Z][A-Z0-9_]{1,30}")
_PARTNER = re.compile(r"[A-Z][A-Z0-9]{1,9}")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
FREQUENCIES = ("A", "Q", "M")


def imts_url(
    country: str,
    indicators: Sequence[str],
    partners: Sequence[str],
    frequency: str,
    *,
    start: str = "",
    end: str = "",
) -> str:
    """The API's address of one IMTS data query (observations from *start* to *end*, ISO
    days, where given).

    >>> imts_url("USA", ["XG_FOB_USD"], ["G001", "G998"], "A", start="2023-01-01",
    ...          end="2026-01-01")  # doctest: +NORMALIZE_WHITESPACE
    'https://api.imf.org/external/sdmx/3.0/data/dataflow/IMF.STA/IMTS/+/USA.XG_FOB_USD.G001+G998.A?c%5BTIME_PERIOD%5D=ge:2023-01-01+le:2026-01-01&dimensionAtObservation=TIME_PERIOD&detail=full&includeHistory=false'
    """
    key = f"{country}.{'+'.join(indicators)}.{'+'.join(partners)}.{frequency}"
    query = ""
    bounds = ([f"ge:{start}"] if start else []) + ([f"le:{end}"] if end else [])
    if bounds:
        query = urllib.parse.quote("c[TIME_PERIOD]") + "=" + "+".join(bounds) + "&"
    query += "dimensionAtObservation=TIME_PERIOD&detail=full&includeHistory=false"
    return f"{API}/{key}?{query}"


def fetch_imf(
    country: str,
    indicators: Sequence[str],
    partners: Sequence[str],
    folder: str | Path,
    *,
    frequency: str = "A",
    start: str = "",
    end: str = "",
    opener: Opener | None = None,
    sleep: Callable[[float], None] | None = None,
) -> Path:
    """Download one IMTS query into *folder* as ``imf-imts-<key>.xml``; returns the file.

    Raises ``FetchError`` (nothing written) for a code, frequency or day that is not one,
    an API that cannot be reached, an answer that is not an IMTS data message, or a file
    that is already there. *opener* and *sleep* default to ``urllib.request.urlopen`` and
    ``time.sleep``, looked up when called.
    """
    from integration_indicators.importers.imf_sdmx import MAX_MESSAGE_BYTES
    from integration_indicators.io.outputs import write_bytes_atomic

    opener = opener or urllib.request.urlopen
    sleep = sleep or time.sleep
    wrong = [i for i in indicators if not _INDICATOR.fullmatch(i)]
    wrong += [p for p in partners if not _PARTNER.fullmatch(p)]
    wrong += [d for d in (start, end) if d and not _DAY.fullmatch(d)]
    if not _COUNTRY.fullmatch(country):
        wrong.append(country)
    if frequency not in FREQUENCIES:
        wrong.append(frequency)
    if wrong or not indicators or not partners:
        raise FetchError(
            "name a reporter (ISO 3166 alpha-3), IMTS indicators (XG_FOB_USD, MG_CIF_USD), "
            "partner codes, a frequency (A, Q or M) and days as 2023-01-01"
            + (f"; not one: {', '.join(wrong)}" if wrong else "")
        )
    url = imts_url(country, indicators, partners, frequency, start=start, end=end)
    key = f"{country}-{'-'.join(indicators)}-{'-'.join(partners)}-{frequency}".lower()
    target = Path(folder) / f"imf-imts-{key.replace('_', '-')}.xml"
    if target.exists() or target.is_symlink():
        raise FetchError(f"{target} is already there: fetch into another directory")
    request = urllib.request.Request(url, headers={"Accept": "application/xml"})
    body = get_bytes(
        request,
        opener,
        sleep,
        limit=MAX_MESSAGE_BYTES,
        service="the IMF's SDMX API",
        instead="download the data from the IMF's portal and import it with import imf-sdmx",
    )
    if b"StructureSpecificData" not in body[:4096] or b"DSD_IMTS" not in body[:8192]:
        raise FetchError(f"{url}: the API answered with no IMTS data message")
    Path(folder).mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(target, body)
    return target
