"""Text from data is never markup: a payload in every free-text field of every table of a
catalogue, built into a site, runs nowhere (checked in the HTML of every page and, where
Chromium is installed, in the browser); CSVs written for people neutralise formulas."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import integration_indicators as ii
from integration_indicators.cli import main
from integration_indicators.publish.escape import (
    code_block,
    md_text,
    neutralise_formulas,
    restore_formulas,
)
from integration_indicators.publish.export import read_observations

from .conftest import read_rows, write_rows

#: What a payload does when it runs: mark the document (the mark's value is written as a
#: sum, so that the payload's text never holds it and only a run can set it).
RUN = "document.documentElement.setAttribute('data-xss','r'+'an')"

#: Payloads of each class the audit found: a script element, an attribute breaking out of
#: its quotes, an SVG handler, a title closed early, a Markdown link to script with an
#: attribute list, a fence closed early, and Markdown blocks (an admonition) after blank
#: lines.
PAYLOAD = (
    f'<script>{RUN}</script> "><img src=x onerror="{RUN}"> <svg onload="{RUN}"> '
    f'</title><script>{RUN}</script> [click](javascript:{RUN}){{: onmouseover="{RUN}"}} '
    f'\n```\n</code></pre><script>{RUN}</script>\n\n!!! danger "Injected"\n    a block\n'
)


def _poison_yaml(path: Path, fields: tuple[str, ...]) -> None:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    for entry in entries:
        for field in fields:
            if field == "authors":
                entry[field] = [PAYLOAD, "Ann Author"]
            else:
                entry[field] = f"{entry.get(field) or 'x'} {PAYLOAD}"
    path.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), "utf-8")


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled press catalogue with the payload in every free-text field."""
    folder = tmp_path_factory.mktemp("poisoned") / "catalogue"
    shutil.copytree(
        ii.bundled_path(),
        folder,
        ignore=shutil.ignore_patterns(
            "__pycache__", "observations-*.csv", "sources-*.yaml", "group-statements.csv"
        ),
    )
    (folder / "catalogue.yaml").write_text(
        yaml.safe_dump({"title": f"Desk {PAYLOAD}", "description": f"About {PAYLOAD}"}), "utf-8"
    )
    _poison_yaml(folder / "sources.yaml", ("title", "authors", "producer", "note", "license"))
    _poison_yaml(folder / "indicators.yaml", ("name", "definition", "note", "geo", "counterpart"))
    _poison_yaml(folder / "headline.yaml", ("name", "caveat", "about"))
    rows = read_rows(folder)
    for row in rows:
        for field in ("quote", "attributed_to", "cited_source", "note"):
            row[field] = f"{row[field]} {PAYLOAD}"
    write_rows(folder, rows)
    return folder


@pytest.fixture(scope="module")
def poisoned_site(poisoned: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    assert main(["docs", "build", "--catalogue", str(poisoned), "-o", str(out)]) == 0
    return out


class _Elements(HTMLParser):
    """Every element of a page, with its attributes, and the text of its scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[tuple[str, str]] = []  # (type, text)
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))
        self._in_script = tag == "script"
        if tag == "script":
            self.scripts.append((dict(attrs).get("type") or "", ""))

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False if tag == "script" else self._in_script

    def handle_data(self, data: str) -> None:
        if self._in_script:
            kind, text = self.scripts[-1]
            self.scripts[-1] = (kind, text + data)


def test_the_payload_reaches_the_pages_as_text(poisoned_site: Path) -> None:
    page = (poisoned_site / "sources" / "belarus-weekly-2024-02-02.html").read_text("utf-8")
    assert "&lt;script&gt;document.documentElement.setAttribute(" in page  # shown, inert
    claims = (poisoned_site / "claims.html").read_text("utf-8")
    assert "onerror=" in claims and "<img" not in claims  # the text is there, not the tag


def test_no_page_holds_an_element_or_handler_from_data(poisoned_site: Path) -> None:
    pages = sorted(poisoned_site.rglob("*.html"))
    assert len(pages) > 40
    for path in pages:
        parsed = _Elements()
        parsed.feed(path.read_text(encoding="utf-8"))
        for tag, attrs in parsed.elements:
            handlers = [name for name, _ in attrs if name.startswith("on")]
            assert not handlers, f"{path}: <{tag}> has {handlers}"
            assert tag not in ("img", "svg") or not any(v == "x" for _, v in attrs), path
            href = dict(attrs).get("href") or ""
            assert not href.lower().startswith("javascript:"), f"{path}: {href}"
        for kind, script in parsed.scripts:
            if kind in ("application/json", "application/ld+json"):  # data, whole
                json.loads(script)
            else:
                assert "data-xss" not in script, f"{path}: a script from data"
        text = path.read_text(encoding="utf-8")
        assert 'class="admonition danger"' not in text, f"{path}: a Markdown block from data"


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
def test_headless_chromium_runs_nothing_from_data(poisoned_site: Path, tmp_path: Path) -> None:
    """Every kind of page, with its navigation (which lists every claim, economy, indicator
    and source title), its charts and its search index, opened as a reader opens it."""
    assert CHROMIUM is not None
    kinds = [
        "index.html",
        "claims.html",
        "metrics.html",
        "economies/index.html",
        "sources/index.html",
    ]
    for folder in ("claims", "indicators", "sources", "economies"):
        kinds.append(
            str(sorted((poisoned_site / folder).glob("*.html"))[0].relative_to(poisoned_site))
        )
    for page in kinds:
        result = subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--allow-file-access-from-files",
                f"--user-data-dir={tmp_path / 'profile'}",
                "--virtual-time-budget=5000",
                "--dump-dom",
                (poisoned_site / page).as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        dom = result.stdout
        assert "<html" in dom, page
        assert not re.search(r"<html[^>]*data-xss=", dom), f"a payload ran on {page}"
        assert "setAttribute" in dom, f"{page} shows the payload as text"


def test_markdown_text_is_one_inert_line() -> None:
    said = str(md_text("a\n\n# b | c {: x} [l](u) `c` *e* \\ <i>"))
    assert "\n" not in said and "<" not in said and "|" not in said
    assert not re.search(r"[\[\]()`*{}\\#]", re.sub(r"&#?\w+;", "", said))
    assert str(md_text("1) x")) == "1&#41; x" and str(md_text("+ x")) == "&#43; x"
    assert str(md_text(None)) == "" and str(md_text(float("nan"))) == ""


def test_a_code_block_cannot_be_closed_by_its_text() -> None:
    block = str(code_block("```\n</code></pre><script>x</script>\n\ny", "json"))
    assert block.count("</code></pre>") == 1 and "<script>" not in block
    assert "\n\ny" in block  # the text's lines and blank lines, as they are


EDGES = [
    "=1+2",
    "+1+2",
    "-2+3",
    "@SUM(A1)",
    "\tx",
    "\rx",
    "'=x",
    "''@x",
    "-8.4",
    "+5",
    "1e5",
    "-",
    "ok",
    "",
    "'plain",
]


def test_formulas_are_neutralised_and_restored() -> None:
    frame = pd.DataFrame({"text": EDGES, "number": range(len(EDGES))})
    out = neutralise_formulas(frame)
    expected = [
        "'=1+2",
        "'+1+2",
        "'-2+3",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "''=x",
        "'''@x",
        "-8.4",
        "+5",
        "1e5",
        "'-",
        "ok",
        "",
        "'plain",
    ]
    assert out["text"].tolist() == expected
    assert out["number"].tolist() == list(range(len(EDGES)))
    assert restore_formulas(out)["text"].tolist() == EDGES


@given(
    cells=st.lists(
        st.one_of(st.none(), st.sampled_from(EDGES), st.text(alphabet="=+-@'\t\r.1eE x")),
        max_size=30,
    ),
    categorical=st.booleans(),
)
@settings(max_examples=200)
def test_each_cell_is_neutralised_as_alone_whatever_repeats(
    cells: list[str | None], categorical: bool
) -> None:
    """Distinct values are tested once and mapped back to their cells: every cell, repeated,
    missing or in a categorical column, comes out as it does tested alone."""
    frame = pd.DataFrame({"text": pd.Series(cells, dtype="category" if categorical else object)})
    alone = [
        None
        if cell is None
        else neutralise_formulas(pd.DataFrame({"text": [cell]}))["text"].iloc[0]
        for cell in cells
    ]
    out = neutralise_formulas(frame)["text"].tolist()
    assert [None if pd.isna(c) else c for c in out] == alone
    assert all(
        cell is None
        or re.match(r"[=+\-@\t\r]", cell.lstrip("'")) is None
        or result != cell
        or re.fullmatch(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", cell)
        for cell, result in zip(cells, alone, strict=True)
    )


def test_csv_exports_and_downloads_neutralise_formulas(
    poisoned: Path, poisoned_site: Path, tmp_path: Path
) -> None:
    rows = read_rows(poisoned)
    rows[0]["quote"] = '=HYPERLINK("http://x","y") ' + rows[0]["quote"]
    rows[0]["attributed_to"] = "@SUM(A1)"
    folder = tmp_path / "cat"
    shutil.copytree(poisoned, folder)
    write_rows(folder, rows)
    out = tmp_path / "obs.csv"
    assert main(["export", "--catalogue", str(folder), "--format", "csv", "-o", str(out)]) == 0
    cells = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    first = next(c for c in cells if c["id"] == rows[0]["id"])
    assert first["quote"].startswith("'=HYPERLINK") and first["attributed_to"] == "'@SUM(A1)"
    back = read_observations(out)
    assert back.set_index("id").at[rows[0]["id"], "quote"] == rows[0]["quote"]
    for download in poisoned_site.rglob("*.csv"):
        for line in csv.reader(io.StringIO(download.read_text("utf-8"))):
            assert not any(re.match(r"[=@]", cell) for cell in line), download
