"""Downloading WDI series through the World Bank's Indicators API (v2) into files
``import wdi`` reads: one JSON document per series, every page of the answer joined into
one (``read_wdi_api`` refuses a single page of several).

Only ``https://api.worldbank.org`` is asked; each answer is read within the library's JSON
limit; a failed request is retried with exponential backoff; when the API cannot be
reached the error says so in one line and nothing is written. A file is written whole
(``write_bytes_atomic``) and never over a file that is already there. The opener and the
sleep are parameters, so tests replay recorded answers and never use the network.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from integration_indicators.errors import FetchError

#: The API's address; nothing else is ever asked.
API = "https://api.worldbank.org/v2"

#: Records asked for per page (the API's documented maximum is 32,500).
PER_PAGE = 20000

#: Attempts per request, and the first wait between them (doubled after each).
ATTEMPTS = 3
BACKOFF_SECONDS = 1.0

_CODE = re.compile(r"[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)+")
_GEO = re.compile(r"[A-Z]{3}")


#: Opens an address as ``urllib.request.urlopen`` does (a context manager with ``read``).
Opener = Callable[..., Any]


def series_url(code: str, geos: Iterable[str] | None, page: int) -> str:
    """The API's address of one page of series *code* for *geos* (ISO 3166 alpha-3; all
    economies where None).

    >>> series_url("NY.GDP.MKTP.CD", ["BLR", "RUS"], 1)
    'https://api.worldbank.org/v2/country/BLR;RUS/indicator/NY.GDP.MKTP.CD?format=json&per_page=20000&page=1'
    """
    where = ";".join(geos) if geos else "all"
    query = urllib.parse.urlencode({"format": "json", "per_page": PER_PAGE, "page": page})
    return f"{API}/country/{where}/indicator/{code}?{query}"


def get_bytes(
    request: str | urllib.request.Request,
    opener: Opener,
    sleep: Callable[[float], None],
    *,
    limit: int,
    service: str,
    instead: str,
) -> bytes:
    """One answer's bytes (at most *limit*), retried on failure with backoff; a
    ``FetchError`` naming the address and the reason after the last attempt, saying what
    to do *instead* (download the file by hand)."""
    url = request.full_url if isinstance(request, urllib.request.Request) else request
    reason = ""
    for attempt in range(ATTEMPTS):
        if attempt:
            sleep(BACKOFF_SECONDS * 2 ** (attempt - 1))
        try:
            with opener(request, timeout=60) as answer:
                body = bytes(answer.read(limit + 1))
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = str(getattr(exc, "reason", exc))
            continue
        if len(body) > limit:
            raise FetchError(f"{url}: the answer is larger than {limit} bytes")
        return body
    raise FetchError(
        f"cannot reach {service} ({reason}) after {ATTEMPTS} attempts: {url}; check the "
        f"connection, or {instead}"
    )


def _get(url: str, opener: Opener, sleep: Callable[[float], None]) -> object:
    """One page, decoded (see ``get_bytes``)."""
    from integration_indicators.io.limits import LIMITS

    body = get_bytes(
        url,
        opener,
        sleep,
        limit=LIMITS.max_json_bytes,
        service="the World Bank's API",
        instead="download the series and import it with import wdi",
    )
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise FetchError(f"{url}: the answer is not JSON ({exc})") from None


def fetch_wdi(
    codes: Iterable[str],
    folder: str | Path,
    *,
    geos: Iterable[str] | None = None,
    opener: Opener | None = None,
    sleep: Callable[[float], None] | None = None,
) -> list[Path]:
    """Download each WDI series of *codes* (for *geos*, or every economy) into *folder* as
    ``wdi-<code>.json``, every page joined into one answer; returns the files written.

    Raises ``FetchError`` (nothing written for that series) for a code or economy that is
    not one, an API that cannot be reached, an answer that is not a series, or a file that
    is already there. *opener* and *sleep* default to ``urllib.request.urlopen`` and
    ``time.sleep``, looked up when called.
    """
    from integration_indicators.io.outputs import write_bytes_atomic

    opener = opener or urllib.request.urlopen
    sleep = sleep or time.sleep
    codes, places = list(codes), None if geos is None else list(geos)
    wrong = [c for c in codes if not _CODE.fullmatch(c)] + [
        g for g in places or [] if not _GEO.fullmatch(g)
    ]
    if wrong:
        raise FetchError(f"not a WDI code or an ISO 3166 alpha-3 code: {', '.join(wrong)}")
    if not codes:
        raise FetchError("name at least one WDI series, e.g. NY.GDP.MKTP.CD")
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for code in codes:
        target = out / f"wdi-{code.lower()}.json"
        if target.exists() or target.is_symlink():
            raise FetchError(f"{target} is already there: fetch into another directory")
        document = _series(code, places, opener, sleep)
        write_bytes_atomic(target, json.dumps(document, ensure_ascii=False).encode("utf-8"))
        written.append(target)
    return written


def _series(
    code: str, geos: list[str] | None, opener: Opener, sleep: Callable[[float], None]
) -> list[object]:
    """Every page of one series joined: the first page's header (marked one page of one)
    and all the records."""
    first = _get(series_url(code, geos, 1), opener, sleep)
    if not (
        isinstance(first, list)
        and len(first) == 2
        and isinstance(first[0], dict)
        and isinstance(first[1], list)
    ):
        said = (
            first[0].get("message")
            if isinstance(first, list) and first and isinstance(first[0], dict)
            else None
        )
        raise FetchError(f"{code}: the API answered with no series" + (f": {said}" if said else ""))
    header, records = dict(first[0]), list(first[1])
    pages = int(header.get("pages") or 1)
    for page in range(2, pages + 1):
        more = _get(series_url(code, geos, page), opener, sleep)
        if not (isinstance(more, list) and len(more) == 2 and isinstance(more[1], list)):
            raise FetchError(f"{code}: page {page} of {pages} is not a page of the series")
        records += more[1]
    header.update(page=1, pages=1, per_page=len(records), total=len(records))
    return [header, records]
