"""`fetch wdi` (issue 39, point 4): the World Bank API's answers replayed from recordings
(the tests never use the network): pages joined into one file `import wdi` reads, retries
with backoff, one clear line offline, nothing written over a file already there."""

from __future__ import annotations

import io
import json
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import integration_indicators as ii
from integration_indicators.cli import main
from integration_indicators.importers.fetch import fetch_wdi, series_url
from integration_indicators.importers.wdi import read_wdi

RECORDED = Path(__file__).parent / "data" / "wdi-api" / "ny.gdp.mktp.cd.json"


def _recorded_pages(pages: int) -> dict[str, bytes]:
    """The recorded answer cut into *pages* pages, each as the API writes one."""
    header, records = json.loads(RECORDED.read_text(encoding="utf-8"))
    size = -(-len(records) // pages)
    answers = {}
    for page in range(1, pages + 1):
        part = records[(page - 1) * size : page * size]
        head = header | {"page": page, "pages": pages, "per_page": size, "total": len(records)}
        answers[series_url("NY.GDP.MKTP.CD", ["BLR", "RUS"], page)] = json.dumps(
            [head, part]
        ).encode()
    return answers


def _opener(answers: dict[str, bytes], failures: list[str] | None = None):  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def opener(url: str, timeout: float) -> io.BytesIO:
        asked.append(url)
        if failures:
            raise urllib.error.URLError(failures.pop(0))
        return io.BytesIO(answers[url])

    opener.asked = asked  # type: ignore[attr-defined]
    return opener


def test_the_pages_of_a_series_are_joined_into_one_file_import_reads(tmp_path: Path) -> None:
    opener = _opener(_recorded_pages(3))
    (path,) = fetch_wdi(
        ["NY.GDP.MKTP.CD"], tmp_path, geos=["BLR", "RUS"], opener=opener, sleep=lambda s: None
    )
    assert path.name == "wdi-ny.gdp.mktp.cd.json" and len(opener.asked) == 3
    header, records = json.loads(path.read_text(encoding="utf-8"))
    assert (header["page"], header["pages"], header["total"]) == (1, 1, 7) and len(records) == 7
    result = read_wdi(path)
    assert len(result.observations) == 5 and set(result.observations["as_of"]) == {"2026-07-01"}


def test_a_failed_request_is_retried_with_backoff_then_said_in_one_line(tmp_path: Path) -> None:
    waits: list[float] = []
    opener = _opener(_recorded_pages(1), failures=["timed out"])
    fetch_wdi(["NY.GDP.MKTP.CD"], tmp_path, geos=["BLR", "RUS"], opener=opener, sleep=waits.append)
    assert waits == [1.0]  # one failure, one wait, then the answer
    offline = _opener({}, failures=["no route to host"] * 3)
    waits.clear()
    with pytest.raises(ii.FetchError, match="cannot reach the World Bank's API") as caught:
        fetch_wdi(["SP.POP.TOTL"], tmp_path / "new", opener=offline, sleep=waits.append)
    assert "no route to host" in str(caught.value) and waits == [1.0, 2.0]
    assert not list((tmp_path / "new").glob("*.json"))  # nothing written


def test_a_file_already_there_is_never_written_over(tmp_path: Path) -> None:
    there = tmp_path / "wdi-ny.gdp.mktp.cd.json"
    there.write_text("mine", encoding="utf-8")
    with pytest.raises(ii.FetchError, match="already there"):
        fetch_wdi(
            ["NY.GDP.MKTP.CD"],
            tmp_path,
            geos=["BLR", "RUS"],
            opener=_opener(_recorded_pages(1)),
            sleep=lambda s: None,
        )
    assert there.read_text(encoding="utf-8") == "mine"


def test_codes_are_checked_before_anything_is_asked(tmp_path: Path) -> None:
    opener = _opener({})
    with pytest.raises(ii.FetchError, match="not a WDI code or an ISO 3166 alpha-3 code"):
        fetch_wdi(["NY.GDP.MKTP.CD"], tmp_path, geos=["blr"], opener=opener)
    with pytest.raises(ii.FetchError):
        fetch_wdi(["../etc"], tmp_path, opener=opener)
    assert opener.asked == []


def test_the_command_fetches_and_says_what_to_do_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(urllib.request, "urlopen", _opener(_recorded_pages(2)))
    monkeypatch.setattr(time, "sleep", lambda s: None)
    argv = ["fetch", "wdi", "NY.GDP.MKTP.CD", "--geo", "BLR,RUS", "-o", str(tmp_path)]
    assert main(argv) == 0
    said = capsys.readouterr()
    assert "wrote " in said.out and "import wdi" in said.err
    offline = _opener({}, failures=["offline"] * 3)
    monkeypatch.setattr(urllib.request, "urlopen", offline)
    assert main([*argv[:-1], str(tmp_path / "other")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: cannot reach the World Bank's API") and err.count("\n") == 1
