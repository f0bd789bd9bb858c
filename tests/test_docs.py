"""The documentation site and the citations."""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import subprocess
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import numpy as np
import pandas as pd
import pytest

import integration_indicators as ii
from integration_indicators.cli import main
from integration_indicators.publish.docs import build_site
from integration_indicators.publish.numbers import for_people


@pytest.fixture(scope="module", autouse=True)
def review_date() -> Iterator[None]:
    """The date the site's ClaimReviews carry is the build's (SOURCE_DATE_EPOCH where set):
    fixed here, so that two builds agree whatever the clock says."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1796083200")  # 2026-12-01
        yield


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("docs") / "site", ii.load())


def _text(path: Path) -> str:
    """A page's HTML with character references resolved (text from data is written as
    references: ``escape.md_text``), white space folded."""
    return re.sub(r"\s+", " ", html.unescape(path.read_text(encoding="utf-8")))


def test_every_indicator_with_rows_and_every_source_has_a_page(site: Path) -> None:
    """An indicator the catalogue holds no row of (two of the bundled definitions, a press
    indicator never quoted) has no empty page: the home page names it once."""
    cat = ii.load()
    held = set(cat.observations()["indicator"]) | set(cat.superseded()["indicator"])
    for indicator in cat.indicators["id"]:
        path = site / "indicators" / f"{indicator}.html"
        assert path.is_file() is (indicator in held), indicator
    home = _text(site / "index.html")
    unused = sorted(set(cat.indicators["id"]) - held)
    assert unused == ["finance.fdi.inflows", "macro.inflation"]
    assert "Defined in the catalogue but without rows, so without a page:" in home
    assert all(f"({ident})" in home for ident in unused)
    for source in cat.sources["id"]:
        assert (site / "sources" / f"{source}.html").is_file(), source
    for page in (
        "index.html",
        "metrics.html",
        "conventions.html",
        "api.html",
        "guides/check-a-press-figure.html",
        "guides/add-your-own-data.html",
        "guides/bring-claims-as-printed.html",
    ):
        assert (site / page).is_file(), page


def test_every_observation_is_on_its_indicator_page_or_its_download(site: Path) -> None:
    """Press figures are on the page with their quote; official rows in its CSV download."""
    obs = ii.load().observations()
    pages = {i: _text(site / "indicators" / f"{i}.html") for i in set(obs["indicator"])}
    downloads = {
        i: set(pd.read_csv(site / "indicators" / f"{i}.csv", dtype="str")["id"])
        for i in set(obs.loc[obs["status"] == "official", "indicator"])
    }
    for row in obs.itertuples():
        if row.status == "official":
            assert row.id in downloads[str(row.indicator)], row.id
            continue
        page = pages[str(row.indicator)]
        assert f'id="obs-{row.id}"' in page, row.id
        assert re.sub(r"\s+", " ", str(row.quote)).strip() in page, row.id


def test_every_link_resolves(site: Path) -> None:
    anchors: dict[Path, set[str]] = {}
    checked = 0
    for page in site.rglob("*.html"):
        if page.name == "404.html":  # served by a web server at any depth: links from the root
            continue
        text = page.read_text(encoding="utf-8")
        for link in re.findall(r'(?:href|src)="([^"]+)"', text):
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("#", "mailto:", "javascript:", "//")):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.exists(), f"{page.relative_to(site)} links to missing {link}"
            if parts.fragment.startswith("obs-") or parts.fragment.startswith("metric-"):
                if target not in anchors:
                    anchors[target] = set(
                        re.findall(r'id="([^"]+)"', target.read_text(encoding="utf-8"))
                    )
                assert parts.fragment in anchors[target], f"{page.name}: {link}"
            checked += 1
    assert checked > 1000


def test_pages_cite_in_bibtex_and_csl_and_date_the_official_figures(site: Path) -> None:
    claim = (site / "claims" / "sochi19-economy-size-ratio.html").read_text(encoding="utf-8")
    indicator = (site / "indicators" / "macro.economy_size_ratio.html").read_text("utf-8")
    for page in (claim, indicator):
        shown = html.unescape(re.sub(r"<[^>]+>", "", page))
        assert "@misc{sochi-meeting-2019-12," in shown
        csl = shown.split("as CSL-JSON (Zotero, pandoc):", 1)[1]
        items, _ = json.JSONDecoder().raw_decode(csl.strip())
        assert "sochi-meeting-2019-12" in {item["id"] for item in items}
    economy = html.unescape(
        re.sub(r"<[^>]+>", "", (site / "economies" / "BLR.html").read_text(encoding="utf-8"))
    )
    assert "@misc{sochi-meeting-2019-12," in economy  # "Cite this" on economy pages too
    for listing in ("claims.html", "metrics.html"):  # and on the claims list and metrics
        said = html.unescape(re.sub(r"<[^>]+>", "", (site / listing).read_text("utf-8")))
        assert "@misc{sochi-meeting-2019-12," in said.rsplit("Cite this", 1)[1], listing
    assert '"id": "belarus-weekly-2024-02-02"' in economy
    heads = re.findall(
        r"<th[^>]*>([^<]+)</th>",
        (site / "indicators" / "macro.gdp.html").read_text(encoding="utf-8"),
    )
    assert "published" in heads
    assert "2026-07-01" in _text(site / "indicators" / "macro.gdp.html")  # the latest release


def test_official_tables_count_the_imfs_estimates(site: Path) -> None:
    page = (site / "indicators" / "trade.goods.exports.html").read_text(encoding="utf-8")
    rows = re.findall(
        r"<tr>\s*<td>([^<]*)</td>\s*<td>([^<]*)</td>\s*<td>[^<]*</td>\s*"
        r"<td>[^<]*</td>\s*<td>([^<]*)</td>",
        page,
    )
    counted = {(who, partner): n for who, partner, n in rows}
    # Kazakhstan's 1993 exports to Armenia, Belarus and Kyrgyzstan are "e" in DOTS_103
    assert counted[("Kazakhstan (KAZ)", "BLR")] == "1"
    assert counted[("Belarus (BLR)", "RUS")] == "none"
    world = (site / "economies" / "WLD.html").read_text(encoding="utf-8")
    assert "World" in world and "imf-dots-221" in world


def test_indicator_pages_have_charts_and_metrics_link_back(site: Path) -> None:
    page = _text(site / "indicators" / "macro.gdp.html")
    assert '<figure class="ii-chart" id="chart-macro.gdp-chart"' in page
    assert 'href="macro.gdp-chart.csv" download' in page
    assert "Russia/Belarus economy size, GDP in current US$" in page
    assert "metrics.html#metric-1" in page
    metrics = _text(site / "metrics.html")
    assert 'id="metric-1"' in metrics and "sochi-meeting-2019-12" in metrics


def test_source_pages_mark_inferred_fields_and_give_citations(site: Path) -> None:
    page = _text(site / "sources" / "sochi-meeting-2019-12.html")
    assert "2019-12 (inferred: see the note)" in page
    shown = re.sub(r"<[^>]+>", "", page)  # code blocks are highlighted: spans between tokens
    assert "@misc{sochi-meeting-2019-12," in shown
    assert '"circa": true' in html.unescape(shown)


def test_the_build_is_reproducible(site: Path, tmp_path: Path) -> None:
    again = build_site(tmp_path / "again", ii.load())

    def digests(root: Path) -> dict[str, str]:
        return {
            str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*"))
            if p.is_file()
        }

    assert digests(again) == digests(site)


def test_a_user_catalogue_gets_its_pages(
    catalogue_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a relative output directory, as in `docs build -o site`
    assert main(["docs", "build", "--catalogue", str(catalogue_dir), "-o", "s"]) == 0
    assert (tmp_path / "s" / "indicators" / "trade.balance.html").is_file()
    said = _text(tmp_path / "s" / "metrics.html")
    assert "Not computed for this catalogue (its headline.yaml declares them; these need" in said
    assert "which this catalogue does not hold" in said


def test_a_site_of_another_catalogue_carries_its_own_title_and_metrics(tmp_path: Path) -> None:
    """A catalogue of Georgia, Uzbekistan and Poland (test rows, not data): its title and
    description on every page, its own headline metric computed, its data package titled."""
    folder = tmp_path / "three"
    assert main(["init", str(folder)]) == 0
    (folder / "catalogue.yaml").write_text(
        "title: Georgia, Uzbekistan and Poland\ndescription: Test rows of three economies.\n",
        encoding="utf-8",
    )
    (folder / "sources.yaml").write_text(
        "- id: test-population\n  title: Population (test rows)\n  producer: A statistics office"
        "\n  kind: official_statistics\n  authors: []\n  date_published: '2024-01-01'\n"
        "  date_accessed: ''\n  url_main: ''\n  license: CC0-1.0\n  document: ''\n"
        "  inferred: []\n  note: ''\n",
        encoding="utf-8",
    )
    header = (folder / "observations.csv").read_text(encoding="utf-8").strip()
    rows = [
        f"test-{geo.lower()}-{year},population.total,{geo},,{year},2024-01-01,{value},,,person,"
        f"exact,official,,,,,test-population,"
        for geo, base in (("GEO", 3.7e6), ("UZB", 34e6), ("POL", 37.9e6))
        for year, value in ((2021, base), (2022, base * 1.01))
    ]
    (folder / "observations.csv").write_text("\n".join([header, *rows]) + "\n", "utf-8")
    (folder / "headline.yaml").write_text(
        "- name: Poland/Georgia population\n"
        "  compute: ratio(population.total[POL], population.total[GEO])\n",
        encoding="utf-8",
    )
    assert main(["docs", "build", "--catalogue", str(folder), "-o", str(tmp_path / "s")]) == 0
    home = _text(tmp_path / "s" / "index.html")
    assert "<title>integration-indicators" not in home
    assert "Georgia, Uzbekistan and Poland</title>" in home
    assert "Test rows of three economies." in home
    assert re.search(r"<h1[^>]*>Georgia, Uzbekistan and Poland", home)
    assert "for Belarus and Russia" not in home  # the bundled catalogue's description
    assert "1 source, 38 indicators, 6 observations" in home
    assert "37 further indicators are defined in the catalogue but hold no rows" in home
    assert not (tmp_path / "s" / "indicators" / "integration.programmes.count.html").exists()
    assert "Union State" not in home  # no page, no name: the case study stays out
    metrics = _text(tmp_path / "s" / "metrics.html")
    assert "Poland/Georgia population" in metrics and "Not computed" not in metrics
    assert "10.2 times" in metrics  # 37.9 / 3.7, the ratio of each year
    assert (
        main(
            [
                "export",
                "--catalogue",
                str(folder),
                "--format",
                "datapackage",
                "-o",
                str(tmp_path / "pkg"),
            ]
        )
        == 0
    )
    descriptor = json.loads((tmp_path / "pkg" / "datapackage.json").read_text("utf-8"))
    assert descriptor["title"] == "Georgia, Uzbekistan and Poland"
    assert descriptor["licenses"] == [{"name": "CC0-1.0"}]


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _dom(url: str, tmp_path: Path) -> str:
    assert CHROMIUM is not None
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
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
def test_headless_chromium_shows_table_chart_and_navigation(site: Path, tmp_path: Path) -> None:
    home = _dom((site / "index.html").as_uri(), tmp_path)
    links = re.findall(r'href="(indicators/trade\.balance\.html)"', home)
    assert links, "the home page links to the indicator pages"
    page = _dom((site / links[0]).resolve().as_uri(), tmp_path)
    assert "<table" in page and 'id="obs-jt23-balance-2019"' in page
    assert 'class="ii-chart-view vega-embed' in page and 'class="marks"' in page
    assert "Bilateral trade balance" in page
    assert 'href="../sources/jamestown-2023-04-24.html"' in page


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
def test_headless_chromium_shows_a_claim_page_with_chart_and_verdict(
    site: Path, tmp_path: Path
) -> None:
    claims = _dom((site / "claims.html").as_uri(), tmp_path)
    assert 'href="claims/sochi19-economy-size-ratio.html"' in claims
    page = _dom((site / "claims" / "sochi19-economy-size-ratio.html").as_uri(), tmp_path)
    # the title in words, with the verdict of record: what was knowable in 2019
    assert (
        "Relative size of two economies of Russian Federation with Belarus, 2019-12: 29 "
        "times, close" in html.unescape(page)
    )
    assert 'class="ii-chart-view vega-embed' in page and 'class="marks"' in page
    assert "official 2018 (as published in the release of 2025-12-17): 27.6 times" in page
    assert "official 2019 (as published in the release of 2025-12-17): 26.3 times" in page
    caption = re.search(r"<figcaption>(.*?)</figcaption>", page, flags=re.DOTALL)
    assert caption and "claimed interval" in caption.group(1)
    assert "last official period published" in caption.group(1)


def _figures(site: Path) -> Iterator[tuple[Path, dict[str, object], str]]:
    """Every chart of the site: its page, its specification and its caption as shown."""
    pattern = re.compile(
        r'<script type="application/json" class="ii-chart-spec">(.*?)</script>.*?'
        r"<figcaption>(.*?) <a href",
        flags=re.DOTALL,
    )
    for page in sorted(site.rglob("*.html")):
        for spec, caption in pattern.findall(page.read_text(encoding="utf-8")):
            yield page, json.loads(spec), html.unescape(caption)


def test_every_caption_describes_the_marks_its_chart_draws(site: Path) -> None:
    from integration_indicators.publish.charts import MARK_WORDS

    charts = 0
    for page, spec, caption in _figures(site):
        layers: list[dict[str, Any]] = spec["layer"]  # type: ignore[assignment]
        said = "; ".join(str(layer["description"]) for layer in layers)
        assert caption == said[:1].upper() + said[1:] + ".", page
        for layer in layers:
            word = str(layer["description"]).split(":")[0]
            assert MARK_WORDS[word] == layer["mark"]["type"], (page, word)
            assert layer["data"]["values"], (page, word)  # a layer drawn is a layer with rows
        charts += 1
    assert charts >= 40


#: The pages the browser test opens, and the widths: a desktop and a phone.
BROWSED = (
    "index.html",
    "claims.html",
    "claims/sochi19-economy-size-ratio.html",
    "indicators/migration.emigration.cumulative.html",
    "indicators/trade.balance.html",
)

_PROBE = """<!doctype html><html><body><pre id="out">pending</pre>
<iframe id="page" style="width:WIDTHpx;height:1200px;border:0" src="URL"></iframe>
<script>
var frame = document.getElementById("page");
frame.addEventListener("load", function () { setTimeout(function () {
  var d = frame.contentDocument, w = frame.contentWindow, out = {charts: []};
  out.overflow = d.scrollingElement.scrollWidth - w.innerWidth;
  d.querySelectorAll("figure.ii-chart").forEach(function (figure) {
    var marks = figure.querySelectorAll(
      "g.mark-symbol path, g.mark-rect path, g.mark-line path, g.mark-rule line, g.mark-area path");
    var link = figure.querySelector("figcaption a[download]");
    var target = figure.querySelector("g.mark-symbol path, g.mark-rect path");
    var tip = "";
    if (target) {
      var box = target.getBoundingClientRect();
      ["pointerover", "pointermove"].forEach(function (type) {
        target.dispatchEvent(new w.PointerEvent(type, {bubbles: true,
          clientX: box.x + box.width / 2, clientY: box.y + box.height / 2}));
      });
      var element = d.getElementById("vg-tooltip-element");
      tip = element ? element.textContent : "";
    }
    out.charts.push({marks: marks.length, tooltip: tip,
      csv: link ? link.getAttribute("href") : null,
      menu: Array.from(figure.querySelectorAll(".vega-actions a")).map(
        function (a) { return a.textContent; })});
  });
  document.getElementById("out").textContent = JSON.stringify(out);
}, 3000); });
</script></body></html>"""


_SORT_PROBE = """<!doctype html><html><body><pre id="out">pending</pre>
<iframe id="page" style="width:1400px;height:900px;border:0" src="URL"></iframe>
<script>
var frame = document.getElementById("page");
frame.addEventListener("load", function () { setTimeout(function () {
  var d = frame.contentDocument, tables = Array.from(d.querySelectorAll("article table"));
  var table = tables.sort(function (a, b) { return b.rows.length - a.rows.length; })[0];
  var heads = Array.from(table.tHead.rows[0].cells).map(function (c) { return c.textContent; });
  var at = heads.indexOf("verdict");
  var column = function () { return Array.from(table.tBodies[0].rows).map(
    function (r) { return r.cells[at].textContent.trim(); }); };
  var before = column();
  table.tHead.rows[0].cells[at].dispatchEvent(
    new frame.contentWindow.MouseEvent("click", {bubbles: true}));
  document.getElementById("out").textContent = JSON.stringify({before: before,
    after: column(), sort: table.tHead.rows[0].cells[at].getAttribute("aria-sort")});
}, 2000); });
</script></body></html>"""


def _probed(probe: str, path: Path, profile: Path) -> dict[str, Any]:
    """What a probe page (a site page in a frame, looked at by a script) found, from the DOM
    headless Chromium leaves once the page's scripts have run."""
    assert CHROMIUM is not None
    path.write_text(probe, encoding="utf-8")
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
            f"--user-data-dir={profile}",
            "--virtual-time-budget=15000",
            "--dump-dom",
            path.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    found = re.search(r'<pre id="out">(.*?)</pre>', result.stdout, flags=re.DOTALL)
    assert found and found.group(1) != "pending", probe[-200:]
    seen: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return seen


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
def test_headless_chromium_sorts_the_claims_list_by_a_click(site: Path, tmp_path: Path) -> None:
    probe = _SORT_PROBE.replace("URL", (site / "claims.html").as_uri())
    seen = _probed(probe, tmp_path / "sort.html", tmp_path / "profile")
    assert seen["sort"] == "ascending"
    assert seen["before"] != sorted(seen["before"])  # listed by claim first, not by verdict
    assert seen["after"] == sorted(seen["before"])


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
@pytest.mark.parametrize("width", [1400, 390])
def test_headless_chromium_draws_interactive_charts_that_fit(
    site: Path, tmp_path: Path, width: int
) -> None:
    """Each page opened from file:// in a frame of the given width: every chart drawn with
    marks, a value on hover, the SVG and PNG menu and its CSV beside it; nothing wider
    than the window."""
    for name in BROWSED:
        probe = _PROBE.replace("WIDTH", str(width)).replace("URL", (site / name).as_uri())
        seen = _probed(probe, tmp_path / f"probe-{width}.html", tmp_path / "profile")
        assert seen["overflow"] <= 0, (name, width, seen["overflow"])
        expected = (site / name).read_text(encoding="utf-8").count('class="ii-chart"')
        assert len(seen["charts"]) == expected, name
        for chart in seen["charts"]:
            assert chart["marks"] > 0, (name, chart)
            assert chart["menu"] == ["Save as SVG", "Save as PNG"], (name, chart)
            assert (site / name).parent.joinpath(chart["csv"]).is_file(), (name, chart)
            assert re.search(r"value.*\d", chart["tooltip"]), (name, chart)
        if name.startswith(("claims/", "indicators/")):
            assert seen["charts"], name


_STEER_PROBE = """<!doctype html><html><body><pre id="out">pending</pre>
<iframe id="page" style="width:1400px;height:1200px;border:0" src="URL"></iframe>
<script>
var frame = document.getElementById("page");
frame.addEventListener("load", function () { setTimeout(function () {
  var d = frame.contentDocument, out = {};
  var figure = d.getElementById("chart-macro.gdp-chart");
  out.state = JSON.parse(figure.getAttribute("data-state"));
  out.ticks = Array.from(figure.querySelectorAll("input[type=checkbox]")).map(
    function (t) { return [t.getAttribute("data-series"), t.checked]; });
  out.scale = figure.querySelector("select.ii-chart-scale").value;
  out.from = figure.querySelector("input.ii-chart-from").value;
  out.rows = Array.from(figure.querySelectorAll("table.ii-chart-table tbody tr")).map(
    function (tr) { return [tr.cells[0].textContent, tr.cells[1].textContent]; });
  out.legend = Array.from(figure.querySelectorAll("g.role-legend-label text")).map(
    function (t) { return t.textContent; });
  var china = figure.querySelector("input[data-series='China (official)']");
  china.click();
  setTimeout(function () {
    out.hash = frame.contentWindow.location.hash;
    out.after = JSON.parse(figure.getAttribute("data-state")).hide;
    document.getElementById("out").textContent = JSON.stringify(out);
  }, 1500);
}, 3000); });
</script></body></html>"""


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
def test_a_reader_steers_a_chart_and_the_address_keeps_it(site: Path, tmp_path: Path) -> None:
    """Opened from a link whose address holds a chart's state (Germany hidden, 2000-2020,
    linear, the table shown): the controls show that state, the table and the legend hold
    only what is shown, and a click on a series box writes the new state into the address."""
    state = {
        "hide": ["Germany (official)"],
        "from": 2000,
        "to": 2020,
        "scale": "linear",
        "table": True,
    }
    url = (
        (site / "indicators" / "macro.gdp.html").as_uri()
        + "#"
        + urllib.parse.urlencode({"chart-macro.gdp-chart": json.dumps(state)})
    )
    seen = _probed(_STEER_PROBE.replace("URL", url), tmp_path / "steer.html", tmp_path / "p")
    assert seen["state"] == state
    assert ["Germany (official)", False] in seen["ticks"]
    assert ["China (official)", True] in seen["ticks"]
    assert seen["scale"] == "linear" and seen["from"] == "2000"
    assert seen["rows"] and all(r[0] != "Germany (official)" for r in seen["rows"])
    assert {r[1] for r in seen["rows"]} <= {str(y) for y in range(2000, 2021)}
    assert "Germany (official)" not in seen["legend"] and "China (official)" in seen["legend"]
    assert seen["after"] == ["Germany (official)", "China (official)"]
    written = urllib.parse.parse_qs(seen["hash"].removeprefix("#"))["chart-macro.gdp-chart"]
    assert json.loads(written[0]) == state | {"hide": seen["after"]}


def test_search_index_and_shim_ship_with_the_site(site: Path) -> None:
    """Material's offline plugin inlines the search index as a script; the iframe-worker
    shim it needs on file:// is the package's copy, never a script from the network."""
    index = (site / "search" / "search_index.js").read_text(encoding="utf-8")
    assert "surplus" in index and "sochi19-economy-size-ratio" in index
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<script src="assets/javascripts/iframe-worker-shim.js"' in home
    assert "unpkg.com" not in home and "https://" not in "".join(
        re.findall(r'<script src="([^"]+)"', home)
    )
    assert (site / "assets" / "javascripts" / "iframe-worker-LICENSE.txt").is_file()


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
def test_headless_chromium_searches_from_the_file_system(site: Path, tmp_path: Path) -> None:
    """A query in the address bar (?q=) runs in the browser, offline, from file://."""
    assert CHROMIUM is not None
    url = (site / "index.html").as_uri() + "?q=surplus"
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
            f"--user-data-dir={tmp_path / 'profile'}",
            "--virtual-time-budget=15000",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    found = re.search(r'md-search-result__meta">(\d+) matching documents?<', result.stdout)
    assert found and int(found.group(1)) >= 3
    links = re.findall(r'<a href="([^"]+)" class="md-search-result__link"', result.stdout)
    assert any(link.endswith("claims/jt23-balance-2022.html") for link in links)


def test_cite_bibtex_and_csl_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite", "--format", "bibtex"]) == 0
    bibtex = capsys.readouterr().out
    entries = re.findall(r"^@(\w+)\{([^,\s]+),$", bibtex, flags=re.MULTILINE)
    sources = len(ii.load().sources)
    assert len(entries) == sources and len({key for _, key in entries}) == sources
    assert bibtex.count("{") == bibtex.count("}")
    assert "author = {{Maria Yeryoma}}" in bibtex
    assert (
        main(["cite", "--format", "csl-json", "--source", "could-russia-lose-belarus-2021-02"]) == 0
    )
    (item,) = json.loads(capsys.readouterr().out)
    assert item == {
        "id": "could-russia-lose-belarus-2021-02",
        "type": "article",
        "title": "Could Russia Lose Belarus?",
        "author": [{"literal": "Christina Kitova"}],
        "issued": {"date-parts": [[2021, 2]], "circa": True},
    }
    assert main(["cite", "--source", "nowhere"]) == 1


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (-8.4e9, "USD", "-$8.4 billion"),
        (8.330648e9, "USD", "$8.33 billion"),
        (9.5e6, "person", "9.5 million people"),
        (9.13e6, "person", "9.13 million people"),
        (350_000.0, "person", "350 thousand people"),
        (150.0, "count", "150"),
        (26.2864, "dimensionless", "26.3 times"),
        (41.53, "percent", "41.5%"),
        (3.069, "BYN/USD", "3.07 BYN per US$"),
        (0.92391, "EUR/USD", "0.924 EUR per US$"),
        (-1.25, "percentage_point", "-1.25 percentage points"),
        (4.5e10, "EUR", "45 billion EUR"),
        (float("inf"), "USD", "inf"),
        (float("nan"), "USD", ""),
    ],
)
def test_numbers_for_people(value: float, unit: str, text: str) -> None:
    from integration_indicators.publish.docs import human, human_column

    assert human(value, unit) == text
    assert human_column(np.array([value]), np.array([unit]))[0] == text


def test_one_formatter_says_a_figure_the_same_on_every_part_of_the_site(site: Path) -> None:
    """The official 2019 balance as the claims list, the claim card, the chart's tooltip data
    and the ClaimReview say it: one string from one formatter."""
    from integration_indicators.publish.numbers import for_people

    checked = ii.load().crosscheck()
    row = checked[(checked["claim"] == "jt23-balance-2019") & checked["of_record"]].iloc[0]
    said = for_people(float(row["official_value"]), "USD")
    assert re.fullmatch(r"-\$\d\.\d\d billion", said)  # e.g. -$8.33 billion
    listing = html.unescape((site / "claims.html").read_text(encoding="utf-8"))
    page = html.unescape((site / "claims" / "jt23-balance-2019.html").read_text("utf-8"))
    card = page.split("Claim card", 1)[1].split("</div>", 3)
    assert said in listing and said in "".join(card)
    review = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    assert review and said in json.loads(review.group(1).replace("<\\/", "</"))["reviewBody"]
    spec = next(spec for p, spec, _ in _figures(site) if p.name == "jt23-balance-2019.html")
    texts = {
        row.get("text")
        for layer in spec["layer"]  # type: ignore[attr-defined]
        for row in layer["data"]["values"]
    }
    assert said in texts


def test_a_source_without_a_title_is_named_by_who_published_it(site: Path) -> None:
    """No "Untitled: <id>", no empty dataset fields on an article's page, and every heading
    has its permalink."""
    page = _text(site / "sources" / "jamestown-2023-04-24.html")
    assert "The Jamestown Foundation, 2023-04-24 (no title printed)" in page
    assert "Untitled" not in page
    assert "repository" not in page.split("Figures taken from this source")[0]
    assert 'class="headerlink"' in (site / "guides" / "check-a-press-figure.html").read_text(
        encoding="utf-8"
    )


def test_a_claim_page_says_how_to_cite_the_check_and_its_sources(site: Path) -> None:
    page = _text(site / "claims" / "sochi19-economy-size-ratio.html")
    table = ii.load().crosscheck()
    record = table[(table["claim"] == "sochi19-economy-size-ratio") & table["of_record"]].iloc[0]
    assert '"29 times" (sochi19-economy-size-ratio; sochi-meeting-2019-12), checked against' in page
    assert f"({record['official_period']}, release of {record['official_vintage']}): close" in page
    code = re.sub(r"<[^>]+>", "", page)  # the BibTeX block without its highlighting
    for source in ["sochi-meeting-2019-12", *str(record["official_sources"]).split(", ")]:
        assert f"@misc{{{source}," in code  # the BibTeX entry of every source it rests on


def test_a_claim_page_leads_with_its_card_and_embeds_its_claimreview(site: Path) -> None:
    raw = (site / "claims" / "sochi19-economy-size-ratio.html").read_text(encoding="utf-8")
    page = _text(site / "claims" / "sochi19-economy-size-ratio.html")
    table = ii.load().crosscheck()
    record = table[(table["claim"] == "sochi19-economy-size-ratio") & table["of_record"]].iloc[0]
    article = page[page.index("<article") :]  # the page's content, not its navigation
    card = article.index("Claim card")
    assert card < article.index("about the claim") and card < article.index("Cite this")
    assert "The claim." in page and "What the official data say." in page
    assert f"in {record['official_period']}, release of {record['official_vintage']}" in page
    assert "Close: near the official figure" in page  # the verdict of record, in words
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', raw, re.S)
    assert len(found) == 1
    review = json.loads(found[0])
    assert review["@type"] == "ClaimReview"
    assert review["reviewRating"]["alternateName"] == record["verdict"] == "close"
    assert review["datePublished"] == "2026-12-01"


def test_every_economy_has_a_page_with_its_indicators_claims_and_partners(site: Path) -> None:
    catalogue = ii.load()
    geos = set(catalogue.observations()["geo"].astype("str")) - {""}
    pages = {p.stem for p in (site / "economies").glob("*.html")} - {"index"}
    assert pages == geos
    page = _text(site / "economies" / "BLR.html")
    assert "Belarus (BLR)" in page
    for indicator in ("trade.goods.exports", "macro.gdp"):
        assert f"indicators/{indicator}.html" in page
    record = catalogue.crosscheck()
    about = record[record["of_record"] & (record["geo"] == "BLR")]
    assert len(about) and all(str(claim) in page for claim in about["claim"])
    shares = ii.indices.partner_share_panel(ii.indices.trade_frame(catalogue))
    shares = shares.astype({"period": "str", "geo": "str", "flow": "str", "counterpart": "str"})
    exports = shares[(shares["geo"] == "BLR") & (shares["flow"] == "exports")].dropna()
    latest = exports[exports["period"] == exports["period"].max()]
    top = latest.sort_values("share", ascending=False).iloc[0]
    cells = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))  # the tables' text, cell by cell
    assert (
        f"exports {top['period']} {ii.economies.name_of(top['counterpart'])} {top['share']:.1f}%"
        in cells
    )
    assert "economies/index.html" in _text(site / "index.html")
    held = latest[latest["share"].notna()]
    assert f"{len(held)}, {held['share'].sum():.1f}%" in cells  # partners held, their share


def test_pages_name_sources_for_people_and_keep_ids_in_links(site: Path) -> None:
    """No source id where a name belongs: on claim pages, economy pages and indicator pages
    the visible text names sources by title (the id stays in the link, and in "Cite this",
    whose text names the BibTeX entries below it by their keys)."""
    ids = re.compile(r"\b(?:imf-dots-[\w.-]+|wb-wdi-[\w.-]+)")
    for name in (
        "claims/jt23-balance-2019.html",
        "economies/BLR.html",
        "indicators/macro.gdp.html",
        "indicators/trade.balance.html",
    ):
        raw = (site / name).read_text(encoding="utf-8")
        text = re.sub(r"<(script|pre|code)\b.*?</\1>", " ", raw, flags=re.DOTALL)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text)).split("Cite this")[0]
        assert not ids.findall(text), (name, ids.findall(text)[:3])
        assert ids.search(raw), name  # the links still hold the ids


def test_an_economy_page_opens_with_its_latest_official_figures(site: Path) -> None:
    """Belarus's GDP of its latest year in words, its source named for people (the link
    holds the id), and no series of a counterpart among them."""
    obs = ii.load().observations()
    gdp = obs[
        (obs["indicator"] == "macro.gdp") & (obs["geo"] == "BLR") & (obs["status"] == "official")
    ]
    last = gdp.sort_values("period").iloc[-1]
    page = _text(site / "economies" / "BLR.html")
    top = page.split('id="latest-official-figures"', 1)[1].split('id="indicators"', 1)[0]
    cells = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", top))
    words = for_people(float(last["value"]), "USD")
    assert f"GDP (current US$) {last['period']} {words} World Bank" in cells
    assert f"sources/{last['source']}.html" in top and f">{last['source']}<" not in top
    own = obs[
        (obs["geo"] == "BLR")
        & (obs["status"] == "official")
        & (obs["counterpart"].fillna("") == "")
        & obs["value"].notna()
        & obs["period"].astype("str").str.fullmatch(r"\d{4}")
    ]
    assert top.count("/indicators/") == own["indicator"].nunique()  # one row per series


def test_the_claims_list_leads_with_claim_who_and_verdict(site: Path) -> None:
    page = (site / "claims.html").read_text(encoding="utf-8")
    tables = re.findall(r"<table>(.*?)</table>", page, re.S)
    listing = next(t for t in tables if "<th>who</th>" in t)
    headers = re.findall(r"<th>(.*?)</th>", listing)
    assert headers[:4] == ["claim", "what it is about", "who", "verdict"]
    row = re.search(r"<tbody>\s*<tr>(.*?)</tr>", listing, re.S)
    assert row is not None
    first = re.findall(r"<td>(.*?)</td>", row[1])
    assert re.sub(r"<[^>]+>", "", first[0]) == "29 times"  # the figure, not an id that wraps
    assert html.unescape(first[1]).startswith("Relative size of two economies of Russian")
    assert "<code>" not in listing
    assert first[3].startswith("<strong>")
    # one row per claim: its verdict of record; the other bases folded below
    claims = re.findall(r"<tr>\s*<td><a href=\"(claims/[^\"]+|indicators/[^\"]+)\"", listing)
    assert len(claims) == len(set(claims)) == 27


def test_an_indicator_page_says_how_to_cite_its_sources(site: Path) -> None:
    page = re.sub(r"<[^>]+>", "", (site / "indicators" / "trade.balance.html").read_text("utf-8"))
    rows = ii.load().observations()
    behind = set(rows.loc[rows["indicator"] == "trade.balance", "source"].astype("str"))
    assert "Cite this" in page
    cited = set(re.findall(r"@\w+\{([^,]+),", page))
    assert cited and cited <= behind  # only the sources of the page's figures
    press = set(
        rows.loc[
            (rows["indicator"] == "trade.balance") & (rows["status"] != "official"), "source"
        ].astype("str")
    )
    assert press <= cited  # every press source, first


def test_no_number_a_reader_sees_is_in_scientific_notation(site: Path) -> None:
    """Every page's visible text and every chart's labels: "18,100 US$ per person", never
    "1.81e+04" (31 such numbers before); code blocks (the API's signatures) and the charts'
    numeric data are not text a reader reads as a figure."""
    science = re.compile(r"\b\d+(?:\.\d+)?e[+-]\d+\b")
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        visible = re.sub(r"<(script|style|pre|code)\b.*?</\1>", " ", html, flags=re.S)
        text = re.sub(r"<[^>]+>", " ", visible)
        assert not science.search(text), (page.name, science.search(text))
        for data in re.findall(
            r'<script type="application/json"[^>]*>(.*?)</script>', html, flags=re.S
        ):
            labels = [v for v in _strings(json.loads(data)) if science.search(v)]
            assert not labels, (page.name, labels[:3])


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


_ADD_PROBE = """<!doctype html><html><body><pre id="out">pending</pre>
<iframe id="page" style="width:1400px;height:1400px;border:0" src="URL"></iframe>
<script>
var frame = document.getElementById("page");
function look(figure) {
  return {
    state: JSON.parse(figure.getAttribute("data-state")),
    ticks: Array.from(figure.querySelectorAll("input[type=checkbox]")).map(
      function (t) { return t.getAttribute("data-series"); }),
    offered: Array.from(figure.querySelectorAll("select.ii-chart-add option")).map(
      function (o) { return o.value; }).filter(Boolean),
    legend: Array.from(figure.querySelectorAll("g.role-legend-label text")).map(
      function (t) { return t.textContent; }),
  };
}
frame.addEventListener("load", function () { setTimeout(function () {
  var figure = frame.contentDocument.querySelector("figure.ii-chart"), out = {};
  out.before = look(figure);
  var pick = figure.querySelector("select.ii-chart-add");
  pick.value = "PICK";
  pick.dispatchEvent(new Event("change"));
  setTimeout(function () {
    out.after = look(figure);
    out.hash = frame.contentWindow.location.hash;
    document.getElementById("out").textContent = JSON.stringify(out);
  }, 1500);
}, 3000); });
</script></body></html>"""


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
def test_a_reader_adds_an_economy_the_chart_did_not_draw(tmp_path: Path) -> None:
    """A chart of ten economies draws eight; the add list offers the other two. Picking one
    draws it (a box, a legend entry) and writes it into the address; the list then offers
    only the one left."""
    from integration_indicators.publish.charts import MAX_SERIES, figure_html, observations_chart
    from integration_indicators.publish.docs import CHART_SCRIPTS, _package_dir

    obs = ii.load().observations()
    belarus = obs[
        (obs["indicator"] == "macro.gdp") & (obs["status"] == "official") & (obs["geo"] == "BLR")
    ]
    codes = ["ARM", "AUT", "BEL", "BLR", "CHE", "DEU", "EST", "FIN", "GEO", "KAZ"]
    rows = pd.concat(
        [belarus.assign(geo=c, value=belarus["value"] * (k + 1)) for k, c in enumerate(codes)],
        ignore_index=True,
    )
    chart = observations_chart(rows, "USD")
    offered = chart.spec["usermeta"]["addable"]
    assert len(offered) == len(codes) - MAX_SERIES
    scripts = "".join(
        f'<script src="{(_package_dir("assets") / name).as_uri()}"></script>'
        for name in CHART_SCRIPTS
    )
    figure = figure_html(chart, tmp_path / "gdp-chart.csv", "gdp-chart.csv", "GDP")
    page = tmp_path / "page.html"
    page.write_text(
        f"<!doctype html><html><head>{scripts}</head><body>{figure}</body></html>", encoding="utf-8"
    )
    probe = _ADD_PROBE.replace("URL", page.as_uri()).replace("PICK", offered[1])
    seen = _probed(probe, tmp_path / "add.html", tmp_path / "p")
    before, after = seen["before"], seen["after"]
    assert before["offered"] == offered and not set(offered) & set(before["ticks"])
    assert len(before["ticks"]) == MAX_SERIES and not set(offered) & set(before["legend"])
    assert "add" not in before["state"]
    assert after["state"]["add"] == [offered[1]] and after["offered"] == [offered[0]]
    assert after["ticks"] == before["ticks"] + [offered[1]]
    assert offered[1] in after["legend"] and offered[0] not in after["legend"]
    written = urllib.parse.parse_qs(seen["hash"].removeprefix("#"))["chart-gdp-chart"]
    assert json.loads(written[0])["add"] == [offered[1]]
