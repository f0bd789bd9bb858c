"""The documentation site: indicator, source and metric pages generated from a catalogue.

Pages are rendered from Jinja templates shipped with the package, beside the hand-written
guides, and built with MkDocs (Material theme, mkdocstrings for the API reference) in strict
mode, so that a broken link fails the build. Charts are Vega-Lite specifications drawn in
the reader's browser by the vega-embed copy shipped with the package. The build is
reproducible: a fixed ``SOURCE_DATE_EPOCH``, fixed fonts and no timestamps give the same
bytes twice. The site is built in a staging directory and then takes the output's place.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from integration_indicators.catalogue import Catalogue
from integration_indicators.errors import IndicatorError
from integration_indicators.io.catalogue_meta import CatalogueMeta, catalogue_meta
from integration_indicators.model.verdicts import WORDS, rank
from integration_indicators.publish.charts import MAX_ADDABLE, MAX_SERIES
from integration_indicators.publish.citation import bibtex_entry, cite_block, csl_item, csl_json
from integration_indicators.publish.economy_pages import write_economy_pages
from integration_indicators.publish.group_pages import group_names, write_group_pages
from integration_indicators.publish.numbers import interval_column

#: Date stamped where a tool wants one (the sitemap), unless SOURCE_DATE_EPOCH is set.
FIXED_EPOCH = "1700000000"


def claim_about(names: Mapping[str, str], row: Mapping[Hashable, Any] | pd.Series) -> str:
    """What a claim's figure is about, in words: its indicator's name (*names*: by id),
    economy, counterpart and period ("Bilateral trade balance of Belarus with Russian
    Federation, 2019").

    >>> claim_about({"trade.balance": "Bilateral trade balance"}, {"indicator": "trade.balance",
    ...             "geo": "BLR", "counterpart": "RUS", "period": "2019"})
    'Bilateral trade balance of Belarus with Russian Federation, 2019'
    """
    from integration_indicators.model.economies import name_of

    indicator, geo = _plain_text(row["indicator"]), _plain_text(row["geo"])
    counterpart, period = _plain_text(row.get("counterpart")), _plain_text(row.get("period"))
    said = str(names.get(indicator, indicator))
    said += f" of {name_of(geo)}" if geo else ""
    said += f" with {name_of(counterpart)}" if counterpart else ""
    return said + (f", {period.replace('/', ' to ')}" if period else "")


def _indicator_names(catalogue: Catalogue) -> dict[str, str]:
    """Indicator id -> name, read once per catalogue."""
    return catalogue.computed(
        "indicator-names",
        lambda: dict(
            zip(
                catalogue.indicators["id"].astype("str"),
                catalogue.indicators["name"].astype("str"),
                strict=True,
            )
        ),
    )


def _who(sources: pd.DataFrame, row: Mapping[Hashable, Any] | pd.Series) -> str:
    """Who made a claim, by name: the person it is attributed to, else the source's producer
    or title, never its id alone."""
    if _plain_text(row.get("attributed_to")):
        return _plain_text(row.get("attributed_to"))
    source = _plain_text(row.get("source"))
    if source in sources.index:
        held = sources.loc[source]
        assert isinstance(held, pd.Series)  # ids are unique
        return _plain_text(held.get("producer")) or _source_title(held)
    return source


def _plain_text(value: object) -> str:
    """A cell as text, "" for a missing one (None, NaN, NA)."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)  # type: ignore[call-overload]


def _source_title(source: pd.Series) -> str:
    """The source's title, or where it prints none, who published it and when, said as such:
    "The Jamestown Foundation, 2023-04-24 (no title printed)"."""
    if str(source.get("title", "") or ""):
        dated = str(source.get("kind", "")) == "official_statistics" and str(
            source.get("date_published", "") or ""
        )  # one entry per release held: the release tells them apart
        return str(source["title"]) + (f", release of {source['date_published']}" if dated else "")
    producer = str(source.get("producer", "") or "")
    if not producer:  # the id says more than a bare date
        return f"{source['id']} (no title printed)"
    date = str(source.get("date_published", "") or "")
    return f"{producer}{', ' + date if date else ''} (no title printed)"


def _source_fields(source: pd.Series) -> list[tuple[str, str, bool]]:
    """The fields a source page lists: (name, text, inferred), every field but the id and
    the list of inferred ones, the note last; the fields only a copy of a published dataset
    has (the model's optional ones) where given, not as "(not given)" on every article's."""
    from integration_indicators.validation.tables import Source, columns, optional_fields

    inferred = set(str(source["inferred"]).split("; "))
    shown = sorted(
        (f for f in columns(Source) if f not in ("id", "inferred")), key=lambda f: f == "note"
    )
    return [
        (f, str(source.get(f, "")), f in inferred)
        for f in shown
        if f not in optional_fields(Source) or str(source.get(f, ""))
    ]


def _package_dir(name: str) -> Path:
    """A directory shipped with the package (or the repository's, in a source checkout)."""
    package = __package__ if name in ("templates", "assets") else "integration_indicators"
    installed = Path(str(resources.files(package).joinpath(name)))
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[3] / {"guides": "docs"}.get(name, name)


def _cell(text: object) -> str:
    """Text from data as one inert line of Markdown (``escape.md_text``)."""
    from integration_indicators.publish.escape import md_text

    return str(md_text(text))


def _bounds_column(
    lower: np.ndarray, upper: np.ndarray, value: np.ndarray, units: np.ndarray
) -> np.ndarray:
    """Bounds for people where they add to the value ("[200 thousand people, 500 thousand
    people]", an unbounded side "-inf" or "inf"), empty where the value is exact."""
    lower, upper, value = (np.asarray(a, dtype="float64") for a in (lower, upper, value))
    said = interval_column(
        np.where(np.isnan(lower), -np.inf, lower), np.where(np.isnan(upper), np.inf, upper), units
    )
    plain = (np.isnan(lower) & np.isnan(upper)) | ((lower == value) & (upper == value))
    return np.where(plain, "", said)


def _heading_id(anchor: object) -> Any:
    """An attribute list giving a heading its id (the library's own anchors only)."""
    from markupsafe import Markup

    if not re.fullmatch(r"[a-z0-9-]+", str(anchor)):
        raise ValueError(f"not an anchor: {anchor!r}")
    return Markup("{#" + str(anchor) + "}")


def _meta_title(text: object) -> Any:
    """A page's title in its front matter: HTML-escaped (the theme prints it as it is), as
    a JSON string (which YAML reads)."""
    from markupsafe import Markup

    from integration_indicators.publish.escape import title_text

    return Markup(json.dumps(title_text(text), ensure_ascii=False))


def _environment() -> Any:
    """The pages' Jinja environment: every printed value passes ``escape.md_text`` (the
    ``finalize`` hook) unless it was marked safe where it was made (charts, code blocks,
    the ClaimReview), so that no text from data is markup on a page."""
    import jinja2
    from markupsafe import Markup

    from integration_indicators.publish.escape import code_block, md_text

    def finalize(value: object) -> object:
        return value if isinstance(value, Markup) else md_text(value)

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_package_dir("templates"))),
        autoescape=True,
        finalize=finalize,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["cell"] = md_text
    env.filters["code"] = lambda text, language: code_block(str(text), language)
    env.filters["heading_id"] = _heading_id
    env.filters["meta_title"] = _meta_title
    return env


def _written(row: pd.Series) -> str:
    if pd.notna(row["figure"]):
        return str(row["figure"])
    return f"{row['value_as_written']} {row['unit_as_written']}"


def _observation_rows(obs: pd.DataFrame) -> list[dict[str, object]]:
    """The rows of an observation table, every column prepared at once (no row loop)."""
    if obs.empty:
        return []
    obs = obs.sort_values(["geo", "counterpart", "period_start", "id"], na_position="first")
    figure = obs["figure"].astype("object")
    written = figure.where(
        figure.notna(), obs["value_as_written"].astype("str") + " " + obs["unit_as_written"]
    )
    value = human_column(obs["value"].to_numpy(float), obs["unit"].astype("str").to_numpy())
    bounds = _bounds_column(
        obs["lower"].to_numpy(float),
        obs["upper"].to_numpy(float),
        obs["value"].to_numpy(float),
        obs["unit"].astype("str").to_numpy(),
    )
    frame = pd.DataFrame(
        {
            "id": obs["id"],
            "period": obs["period"],
            "geo": obs["geo"],
            "counterpart": obs["counterpart"].fillna(""),
            "written": written,
            "value": value,
            "bounds": bounds,
            "qualifier": obs["qualifier"],
            "status": obs["status"],
            "attributed_to": obs["attributed_to"],
            "quote": obs["quote"],
            "source": obs["source"],
            "cited_source": obs["cited_source"],
            "indicator": obs["indicator"],
        }
    )
    return frame.astype("object").where(frame.notna(), None).to_dict("records")  # type: ignore[return-value]


#: Rows beyond which an indicator's download is Parquet (fast to write and read) not CSV.
PARQUET_ROWS = 100_000


def _download(rows: pd.DataFrame, folder: Path, name: str) -> str:
    """Write every row of an indicator for download; returns the file name."""
    if len(rows) > PARQUET_ROWS:
        rows.to_parquet(folder / f"{name}.parquet", index=False, compression="zstd")
        return f"{name}.parquet"
    from integration_indicators.publish.export import render

    (folder / f"{name}.csv").write_text(render(rows, "csv"), encoding="utf-8")
    return f"{name}.csv"


#: Series beyond which a summary groups counterparts (a DOTS reporter has ~400 series).
MAX_SUMMARY_ROWS = 40


def _selection(count: int) -> dict[str, int] | None:
    """How many official series an indicator's chart draws and offers to add, where it
    holds more than it draws (None otherwise)."""
    if count <= MAX_SERIES:
        return None
    return {"drawn": MAX_SERIES, "addable": min(count - MAX_SERIES, MAX_ADDABLE)}


def _series_count(official: pd.DataFrame) -> int:
    """How many official series (geo and counterpart) an indicator holds."""
    if official.empty:
        return 0
    return int(official.groupby(["geo", official["counterpart"].fillna("")]).ngroups)


def _official_summaries(
    official: pd.DataFrame, page: str, released: dict[str, str] | None = None
) -> dict[str, list[dict[str, object]]]:
    """Official series of every value of the column *page* (each source, each indicator),
    in one grouping of the rows, not one per page: one row per geo and counterpart (per geo
    where a page has more than :data:`MAX_SUMMARY_ROWS` series) with periods, count, the
    latest value and when its source was published (the rows are in the downloads)."""
    if official.empty:
        return {}
    ordered = official.assign(  # the page's key under a name no aggregate has ("source")
        _page=official[page].astype("str"), counterpart=official["counterpart"].fillna("")
    ).sort_values(["_page", "geo", "counterpart", "period_start"])
    page = "_page"
    how = {
        "first": ("period", "min"),
        "last": ("period", "max"),
        "count": ("id", "size"),
        "latest": ("value", "last"),
        "unit": ("unit", "last"),
        "source": ("source", "last"),
        "partners": ("counterpart", "nunique"),
        "estimates": ("estimated", "sum"),
        "latest_estimated": ("estimated", "last"),
    }
    fine = ordered.groupby([page, "geo", "counterpart"], sort=True, observed=True).agg(**how)
    fine = fine.reset_index()
    series = fine.groupby(page, observed=True).size()
    many = set(series.index[series > MAX_SUMMARY_ROWS])  # summarised per geo
    parts = [fine[~fine[page].isin(many)]]
    if many:
        coarse = (
            ordered[ordered[page].isin(many)]
            .groupby([page, "geo"], sort=True, observed=True)
            .agg(**how)
        )
        coarse = coarse.reset_index()
        coarse["counterpart"] = coarse["partners"].astype("str") + " partners"
        coarse["latest"] = np.nan  # the latest value of many series is no one figure
        parts.append(coarse)
    summary = pd.concat(parts, ignore_index=True).sort_values([page, "geo", "counterpart"])
    summary["latest"] = human_column(summary["latest"].to_numpy(float), _local_units(summary))
    # values the source marks as its estimates (the IMF's "e"): counted, the latest marked
    marked = summary["latest_estimated"].fillna(False).to_numpy(dtype=bool)
    summary["latest"] = np.where(
        marked & (summary["latest"] != ""), summary["latest"] + " (estimate)", summary["latest"]
    )
    summary["estimates"] = summary["estimates"].fillna(0).astype("int64")
    summary = summary.drop(columns="latest_estimated")
    # the date the latest value's source was published (its release), where it says
    summary["published"] = summary["source"].astype("str").map(released or {}).fillna("")
    from integration_indicators.model.economies import name_of

    names = {g: name_of(str(g)) for g in summary["geo"].unique()}  # once per economy
    summary["name"] = summary["geo"].map(names)
    return {
        str(key): rows.drop(columns=page).astype("object").to_dict("records")  # type: ignore[misc]
        for key, rows in summary.groupby(page, sort=False, observed=True)
    }


def _local_units(summary: pd.DataFrame) -> np.ndarray:
    """The unit of each summary row with "LCU" resolved to the geo's currency in the year
    of its latest value (``BYN/USD``), once per (unit, geo, year); as it is where the
    currency is unknown."""
    from integration_indicators.errors import UnitError
    from integration_indicators.model.currencies import local_currency

    units = summary["unit"].astype("str").to_numpy()
    resolved = units.astype(object).copy()
    local = np.flatnonzero(["LCU" in u.replace("/", " ").split() for u in units])
    years = summary["last"].astype("str").str.slice(0, 4).to_numpy()
    found: dict[tuple[str, str], str] = {}
    for i in local:  # a few rows of a summary
        key = (str(summary["geo"].iloc[i]), str(years[i]))
        if key not in found:
            try:
                found[key] = local_currency(key[0], int(key[1]))
            except (UnitError, ValueError):
                found[key] = "LCU"
        resolved[i] = units[i].replace("LCU", found[key])
    return np.asarray(resolved, dtype=object)


def human_column(values: np.ndarray, units: np.ndarray) -> np.ndarray:
    """:func:`human` of a column (``numbers.for_people_column``)."""
    from integration_indicators.publish.numbers import for_people_column

    return for_people_column(values, units)


def _headline(catalogue: Catalogue, folder: Path) -> tuple[list[dict[str, object]], str]:
    from integration_indicators.analysis.headline import available_series
    from integration_indicators.publish.charts import figure_html, series_chart

    entries, missing = available_series(catalogue)
    metrics: list[dict[str, object]] = []
    for number, (name, series, caveat) in enumerate(entries, start=1):
        anchor = f"metric-{number}"
        chart = None
        if len(series) > 1:
            chart = figure_html(
                series_chart(series, name=name),
                folder / f"{anchor}.csv",
                f"metrics/{anchor}.csv",
                name,
            )
        origins = series.origins
        units = np.full(len(series), series.unit)
        values = series.values.to_numpy(float)
        texts = human_column(values, units)
        bounds = _bounds_column(
            series.lower.to_numpy(float), series.upper.to_numpy(float), values, units
        )
        metrics.append(
            {
                "name": name,
                "anchor": anchor,
                "unit": series.unit,
                "chart": chart,
                "caveat": caveat,
                "operations": "; ".join(str(s) for s in series.steps) or "as stated",
                "indicators": sorted({o.indicator for os in origins for o in os}),
                "rows": [
                    {
                        "period": period,
                        "value": ("~" if approx else "") + text,
                        "bounds": bound,
                        "sources": _source_links(sorted({o.source for o in os})),
                    }
                    for period, text, bound, approx, os in zip(
                        series.periods,
                        texts,
                        bounds,
                        series.approximate,
                        origins,
                        strict=True,
                    )
                ],
            }
        )
    from integration_indicators.analysis.headline import NO_METRICS

    said = (
        (
            "Not computed for this catalogue (its headline.yaml declares them; these need "
            "series it does not hold): " + "; ".join(missing) + "."
        )
        if missing
        else ""
    )
    if missing == [NO_METRICS]:
        said = NO_METRICS[:1].upper() + NO_METRICS[1:] + "."
    return metrics, said


def _source_links(ids: list[str]) -> Any:
    """Links to source pages, as Markdown marked safe (ids are slugs; escaped all the same)."""
    from markupsafe import Markup

    return Markup(", ".join(f"[{_cell(s)}](sources/{_cell(s)}.md)" for s in ids))


def human(value: float, unit: str) -> str:
    """A number for people (``numbers.for_people``): "-$8.4 billion", "9.5 million people".

    Examples
    --------
    >>> human(-8.4e9, "USD"), human(9.5e6, "person"), human(26.29, "dimensionless")
    ('-$8.4 billion', '9.5 million people', '26.3 times')
    """
    from integration_indicators.publish.numbers import for_people

    return for_people(value, unit)


#: Official series of (rule, geo, counterpart) computed during one build.
Answers = dict[tuple[str, str, str], pd.DataFrame]


def _answer(
    catalogue: Catalogue, memo: Answers, rule: str, geo: str, counterpart: str
) -> pd.DataFrame:
    """``crosscheck.answer_series``, computed once per (rule, geo, counterpart) of a build."""
    from integration_indicators.analysis.crosscheck import answer_series

    key = (rule, geo, counterpart)
    if key not in memo:
        memo[key] = answer_series(catalogue, rule, geo, counterpart)
    return memo[key]


def _claim_pages(
    env: Any, catalogue: Catalogue, folder: Path, table: pd.DataFrame, memo: Answers
) -> list[str]:
    """A page per claim with an official counterpart: quote, interval, verdict, chart."""
    from integration_indicators.publish.charts import claim_chart, figure_html

    folder.mkdir(parents=True, exist_ok=True)
    record = table[table["of_record"] & (table["verdict"] != "no-official-source")]
    rule_of = dict(zip(record["claim"].astype("str"), record["rule"].astype("str"), strict=True))
    same_rule = table["rule"].astype("str") == table["claim"].astype("str").map(rule_of)
    primary = table[same_rule.to_numpy()]  # the rule of record (primary, else context)
    written = []
    for claim_id, group in primary.groupby("claim", sort=True, observed=True):
        rows = group.where(group.notna(), None)
        ordered = rows.assign(_k=~rows["of_record"].astype(bool)).sort_values("_k", kind="stable")
        first = ordered.drop(columns="_k").iloc[0]  # the verdict of record comes first
        unit = str(first["unit"])
        official = _answer(
            catalogue, memo, str(first["rule"]), str(first["geo"]), str(first["counterpart"] or "")
        )
        knowable = rows[rows["basis"] == "knowable"]
        cutoff = None
        if len(knowable) and knowable["official_period"].iloc[0] is not None:
            from integration_indicators.model.periods import parse_periods

            period = pd.Series([str(knowable["official_period"].iloc[0])])
            cutoff = parse_periods(period)["end"].iloc[0]
        chart = None
        if len(official):
            drawn = claim_chart(official, first, unit, cutoff)
            chart = figure_html(
                drawn,
                folder / f"{claim_id}-chart.csv",
                f"{claim_id}-chart.csv",
                f"{first['figure']} against the official series",
            )
        listed = []
        for row in ordered.drop(columns="_k").to_dict("records"):  # of record first
            found = row["official_value"] is not None and pd.notna(row["official_value"])
            reasons = _sentences(str(row["reasons"]))
            release = (
                f" (as published in the release of {row['official_vintage']})"
                if row.get("official_vintage")
                else ""
            )
            words = (
                (
                    f"official {row['official_period']}{release}: "
                    f"{human(row['official_value'], unit)}"
                    + (f"; gap {row['gap_percent']:+.1f}%" if pd.notna(row["gap_percent"]) else "")
                    + f". {reasons}"
                )
                if found
                else reasons
            )
            basis = (
                "what was published by the claim's date"
                if row["basis"] == "knowable"
                else "the period it names"
                if row["period"] != row["as_of"]
                else "the period it was made in"
            )
            listed.append({"verdict": row["verdict"], "basis_text": basis, "words": words})
        low, high = float(first["claimed_lower"]), float(first["claimed_upper"])
        interval = str(interval_column(np.array([low]), np.array([high]), np.array([unit]))[0])
        if first["qualifier"] == "sign":  # open at 0: only the sign is claimed
            interval = "(0, inf): positive" if low == 0 else "(-inf, 0): negative"
        rule_text = f"{first['rule']} ({first['comparability']})"
        page = env.get_template("claim.md.j2").render(
            claim={
                k: ("" if v is None or (isinstance(v, float) and np.isnan(v)) else v)
                for k, v in first.to_dict().items()
            },
            about=claim_about(_indicator_names(catalogue), first),
            rows=listed,
            chart=chart,
            interval=interval,
            rule_text=rule_text,
            cite=_cite_claim(catalogue, first),
            card=_claim_card(catalogue, first),
            review=_review_json(table[table["claim"] == claim_id], catalogue.sources),
        )
        (folder / f"{claim_id}.md").write_text(page, encoding="utf-8")
        written.append(str(claim_id))
    return written


#: The verdict of record in words, as a claim card says it.
def _claim_card(catalogue: Catalogue, row: pd.Series) -> dict[str, str]:
    """The claim card of a claim page, from its verdict of record: the claim, what the
    official data say (figure, period, release, sources), the verdict and its first reason."""
    from integration_indicators.publish.escape import one_line
    from integration_indicators.publish.numbers import for_people

    held = catalogue.sources.fillna("").set_index("id", drop=False)
    who = one_line(row["attributed_to"]) or "the source, in its own voice"
    where = (
        _source_title(held.loc[row["source"]])
        if row["source"] in held.index
        else str(row["source"])
    )
    said = f"{one_line(row['figure'])} ({who}; {where}, {one_line(row['as_of']) or 'undated'})"
    value = row["official_value"]
    if value is not None and pd.notna(value):
        release = f", release of {row['official_vintage']}" if row.get("official_vintage") else ""
        ids = [i for i in str(row.get("official_sources") or "").split(", ") if i]
        titles = {str(r["id"]): _source_title(r) for _, r in held[held.index.isin(ids)].iterrows()}
        sources = "; ".join(titles.get(i, i) for i in ids)
        official = (
            f"{for_people(float(value), str(row['unit']))} in {row['official_period']}"
            f"{release}" + (f" ({sources})" if sources else "")
        )
        if "statement reported by the press" in str(row["reasons"] or ""):
            official += ": a statement reported by the press, not a dataset"
    else:
        official = "no official figure for the claim's period"
    reasons = _sentences(str(row["reasons"] or ""))
    first_reason = reasons.split(". ")[0].rstrip(".") + "." if reasons else ""
    verdict = WORDS.get(str(row["verdict"]), str(row["verdict"]))
    return {"claim": said, "official": official, "verdict": verdict, "reason": first_reason}


def _review_json(rows: pd.DataFrame, sources: pd.DataFrame) -> str:
    """The claim's ClaimReview as JSON-LD to embed in its page ("" where its verdict is not
    one a publisher posts); ``</`` escaped so that the script element cannot be closed early."""
    from integration_indicators.publish.claimreview import claim_reviews

    reviews = claim_reviews(rows, sources, base_url="../")
    if not reviews:
        return ""
    from markupsafe import Markup

    from integration_indicators.publish.escape import json_for_script

    return Markup(json_for_script(reviews[0], indent=1))


def _cite_claim(catalogue: Catalogue, row: pd.Series) -> dict[str, str]:
    """How to cite a claim's check: one line in words, and the BibTeX entries of the claim's
    source and of the official sources its verdict of record rests on."""
    sources = catalogue.sources.fillna("").set_index("id", drop=False)
    official = [s for s in str(row.get("official_sources") or "").split(", ") if s]
    chosen = [s for s in dict.fromkeys([str(row["source"]), *official]) if s in sources.index]
    release = f", release of {row['official_vintage']}" if row.get("official_vintage") else ""
    checked = (
        f" against {', '.join(official)} ({row['official_period']}{release})" if official else ""
    )
    said = (
        f'"{row["figure"]}" ({row["claim"]}; {row["source"]}), checked{checked}: '
        f"{row['verdict']}. integration-indicators, claim {row['claim']}."
    )
    return {
        "line": said,
        "bibtex": "\n\n".join(bibtex_entry(sources.loc[[s]].iloc[0]).strip() for s in chosen),
        "csl": csl_json([sources.loc[[s]].iloc[0] for s in chosen]),
    }


def _verdict_counts(checked: pd.DataFrame) -> list[tuple[str, int]]:
    """How many claims have each verdict of record, most frequent first."""
    from integration_indicators.analysis.crosscheck import verdicts_of_record

    if checked.empty:
        return []
    counts = verdicts_of_record(checked)["verdict"].value_counts()
    return [(str(v), int(n)) for v, n in counts.items() if n > 0]


def _revisions(
    catalogue: Catalogue, indicator: str, rows: pd.DataFrame, folder: Path, build: _Build
) -> dict[str, object] | None:
    """The revisions of an indicator whose earlier releases the catalogue holds: a chart of
    one economy's series as each release published it (an economy a press figure is about,
    else the first) and what changed, in numbers; None where nothing was revised."""
    from integration_indicators.catalogue.as_of import held_releases, revision_table
    from integration_indicators.model.economies import name_of
    from integration_indicators.publish.charts import figure_html, revisions_chart

    revised = build.rows("revised", indicator)
    table = revision_table(revised)
    if table.empty:
        return None
    # an economy this indicator's press figures are about, else the catalogue's most quoted
    # one, else the one whose figures changed most often
    most = table.groupby("geo").size().sort_index().sort_values(ascending=False, kind="stable")
    here = rows.loc[rows["status"] != "official", "geo"].astype("str").unique()
    geos = [g for g in [*here, *build.quoted.index, *most.index] if g in set(table["geo"])]
    geo = str(geos[0])
    mine = revised[(revised["geo"] == geo) & (revised["counterpart"] == "")]
    releases = held_releases(catalogue, mine["source"])
    lines = catalogue.series_by_release(indicator, releases, geo, "", status="official")
    if len(lines) < 2:
        return None
    name = f"{name_of(geo)} ({geo})"
    chart = figure_html(
        revisions_chart(lines, name),
        folder / f"{indicator}-revisions.csv",
        f"{indicator}-revisions.csv",
        f"{name}: the series as each release published it",
    )
    percent = table["revision_percent"].abs()
    largest = table.iloc[int(np.nanargmax(percent.to_numpy()))] if percent.notna().any() else None
    return {
        "chart": chart,
        "economy": name,
        "releases": list(lines),
        "observations": len(table),
        "economies": table["geo"].nunique(),
        "median": float(np.nanmedian(percent)) if percent.notna().any() else float("nan"),
        "largest": None
        if largest is None
        else {
            "geo": largest["geo"],
            "period": largest["period"],
            "percent": float(largest["revision_percent"]),
            "first": human(float(largest["first_value"]), str(largest["unit"])),
            "latest": human(float(largest["latest_value"]), str(largest["unit"])),
            "from": largest["first_published"],
            "to": largest["latest_published"],
        },
    }


def _official_lines(
    catalogue: Catalogue, checked: pd.DataFrame, indicator: str, memo: Answers
) -> list[tuple[str, pd.DataFrame]]:
    """The official series a declared rule computes for the claims of *indicator* (the DOTS
    balance for trade.balance), to draw beside the press figures."""
    rows = checked[
        (checked["indicator"] == indicator)
        & (checked["role"] == "primary")
        & (checked["rule"].fillna("") != "")
        & ~checked["rule"].fillna("").str.startswith("default-")
    ]
    lines = []
    named = (
        catalogue.rules.set_index("id")["datasets"].astype("str")
        if len(catalogue.rules)
        else (pd.Series(dtype="str"))
    )
    for rule, geo, counterpart in (
        rows[["rule", "geo", "counterpart"]].drop_duplicates().itertuples(index=False)
    ):
        frame = _answer(catalogue, memo, str(rule), str(geo), str(counterpart or ""))
        if len(frame):
            from integration_indicators.model.economies import name_of

            who = name_of(str(geo)) + (f" with {name_of(str(counterpart))}" if counterpart else "")
            datasets = str(named.get(str(rule), "") or "").replace("; ", ", ")
            lines.append((f"{who}, official ({datasets or 'official statistics'})", frame))
    return lines


def _claims_page(env: Any, catalogue: Catalogue, table: pd.DataFrame) -> str:
    """The verdict of every claim, with its numbers and reasons."""
    from integration_indicators.analysis.crosscheck import verdicts_of_record

    counts = verdicts_of_record(table)["verdict"].value_counts()
    counts = counts[counts > 0]  # categories with no claim
    table = table.copy()
    held = catalogue.sources.fillna("").set_index("id", drop=False)
    records = table.to_dict("records")
    names = _indicator_names(catalogue)
    table["about"] = [claim_about(names, r) for r in records]
    table["who"] = [_who(held, r) for r in records]
    first = table.groupby("claim", sort=False)["verdict"].transform(
        lambda v: min(rank(str(x)) for x in v)
    )
    table = table.assign(_rank=first.to_numpy()).sort_values("_rank", kind="stable")
    table = table.drop(columns="_rank").reset_index(drop=True).astype("object")
    units = table["unit"].astype("str").to_numpy()
    official = np.where(
        table["official_value"].notna(),
        table["official_period"].fillna("").astype("str")
        + ": "
        + pd.Series(human_column(table["official_value"].to_numpy(dtype="float64"), units)),
        "",
    )
    interval = interval_column(
        table["claimed_lower"].to_numpy(dtype="float64"),
        table["claimed_upper"].to_numpy(dtype="float64"),
        units,
    )
    with_page = (table["verdict"] != "no-official-source") & (table["role"] == "primary")
    pages = set(table.loc[with_page, "claim"])
    claim_text = table["claim"].astype("str")
    page = np.where(claim_text.isin(pages), "claims/" + claim_text + ".md", "")
    shown = table.assign(official=official, interval=interval, page=page)
    shown = shown.where(shown.notna(), "")
    record = shown["of_record"].astype(bool).to_numpy()
    rows = shown[record].to_dict("records")  # one row per claim: its verdict of record
    others = shown[~record].to_dict("records")  # the other bases and rules, folded below
    press = catalogue.observations()
    press = press[press["id"].isin(set(table["claim"].astype("str")))]
    return str(
        env.get_template("claims.md.j2").render(
            counts=list(counts.items()),
            rows=rows,
            others=others,
            cite=cite_block(catalogue.sources.fillna(""), press),
        )
    )


def _sentences(reasons: str) -> str:
    """Reasons joined by "; " as sentences: "gap too large; a period slip?" -> "Gap too
    large. A period slip?"

    >>> _sentences("the claim names no period; the official figure of 2017 matches: a slip?")
    'The claim names no period. The official figure of 2017 matches: a slip?'
    >>> _sentences("a slip?; the figure was published later")
    'A slip? The figure was published later.'
    """
    parts = [p.strip() for p in reasons.split("; ") if p.strip()]
    said = [p[:1].upper() + p[1:] for p in parts]
    said = [p if p[-1] in ".?!" else p + "." for p in said]
    return " ".join(said)


def _metrics_page(
    env: Any,
    metrics: list[dict[str, object]],
    problem: str,
    sources: pd.DataFrame,
    obs: pd.DataFrame,
) -> str:
    """The headline metrics page, with the sources its figures rest on to cite."""
    behind = {
        s
        for m in metrics
        for r in m["rows"]  # type: ignore[attr-defined]
        for s in re.findall(r"\[([^\]]+)\]\(sources/", str(r["sources"]))
    }
    cited = cite_block(sources, obs[obs["source"].isin(behind)])
    page = str(env.get_template("metrics.md.j2").render(metrics=metrics, cite=cited))
    return page + (f"\n{_cell(problem)}\n" if problem else "")


def _prepare(docs: Path) -> None:
    """The guides, the page scripts with their licences and the generated pages' folders."""
    shutil.copytree(_package_dir("guides"), docs, dirs_exist_ok=True)
    scripts = docs / "assets" / "javascripts"
    scripts.mkdir(parents=True, exist_ok=True)
    for name in (SHIM, SHIM_LICENSE, *CHART_SCRIPTS, *CHART_LICENCES, CHART_STYLE):
        shutil.copyfile(_package_dir("assets") / name, scripts / name)
    for folder in ("indicators", "sources", "metrics"):
        (docs / folder).mkdir(parents=True, exist_ok=True)


def _paged_indicators(catalogue: Catalogue, obs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The indicators that get a page, those the catalogue holds rows of (current or
    superseded), and the others: a bundled definition a catalogue of one's own never uses is
    named on the home page, not given an empty page."""
    held = set(obs["indicator"].astype("str")) | set(
        catalogue.superseded()["indicator"].astype("str")
    )
    defined = catalogue.indicators.sort_values("id")
    with_rows = defined["id"].astype("str").isin(held).to_numpy()
    return defined[with_rows], defined[~with_rows]


@dataclass(frozen=True)
class _Build:
    """What every page of one build reads, grouped once: the observations (and those of
    each indicator and source), the checked claims, the sources and their names, each
    indicator's published values, the economies press figures are about by count."""

    obs: pd.DataFrame
    of_indicator: dict[Hashable, pd.DataFrame]
    of_source: dict[Hashable, pd.DataFrame]
    checked: pd.DataFrame
    sources: pd.DataFrame
    source_names: dict[str, str]
    every_revision: pd.DataFrame
    revised: dict[Hashable, pd.DataFrame]
    quoted: pd.Series
    memo: Answers

    def official_summaries(self, by: str) -> dict[str, list[dict[str, object]]]:
        """The official rows summarised per indicator or source (``_official_summaries``),
        each dated by its source's publication."""
        released = dict(
            zip(
                self.sources["id"].astype("str"),
                self.sources["date_published"].astype("str"),
                strict=True,
            )
        )
        return _official_summaries(self.obs[self.obs["status"] == "official"], by, released)

    @classmethod
    def of(cls, catalogue: Catalogue) -> _Build:
        """The groupings of *catalogue*."""
        checked = catalogue.crosscheck()
        checked = checked.astype({c: "object" for c in checked.select_dtypes("category").columns})
        obs = catalogue.observations()
        sources = catalogue.sources.fillna("").sort_values("id")
        every_revision = catalogue.revisions()
        return cls(
            obs=obs,
            of_indicator=dict(iter(obs.groupby("indicator", sort=False, observed=True))),
            of_source=dict(iter(obs.groupby("source", sort=False, observed=True))),
            checked=checked,
            sources=sources,
            source_names={str(r["id"]): _source_title(r) for _, r in sources.iterrows()},
            every_revision=every_revision,
            revised=dict(iter(every_revision.groupby("indicator", sort=False, observed=True))),
            quoted=obs.loc[obs["status"] != "official", "geo"].astype("str").value_counts(),
            memo={},
        )

    def rows(self, table: str, key: object) -> pd.DataFrame:
        """The observations (``table`` "indicator" or "source") or published values
        ("revised") of *key*; none where it has none."""
        groups, every = {
            "indicator": (self.of_indicator, self.obs),
            "source": (self.of_source, self.obs),
            "revised": (self.revised, self.every_revision),
        }[table]
        return groups.get(key, every.iloc[:0])


def _indicator_page(
    env: Any,
    catalogue: Catalogue,
    build: _Build,
    ind: pd.Series,
    folder: Path,
    *,
    extra: Mapping[str, Any],
) -> str:
    """One indicator's page (its chart, revisions and download written into *folder*);
    *extra* holds its official summary and the metrics that use it."""
    from integration_indicators.publish.charts import figure_html, observations_chart

    ident = str(ind["id"])
    rows = build.rows("indicator", ind["id"])
    chart = None
    lines = _official_lines(catalogue, build.checked, ident, build.memo)
    if len(rows) > 1 or lines:
        drawn = observations_chart(rows, str(ind["unit"]), lines, source_names=build.source_names)
        chart = figure_html(
            drawn,
            folder / f"{ident}-chart.csv",
            f"{ident}-chart.csv",
            f"{ind['name']}: observations by period",
        )
    official = rows[rows["status"] == "official"]
    revisions = _revisions(catalogue, ident, rows, folder, build)
    return str(
        env.get_template("indicator.md.j2").render(
            ind=ind.to_dict(),
            source_names=build.source_names,
            rows=_observation_rows(rows[rows["status"] != "official"]),
            n_official=len(official),
            download=_download(rows, folder, ident) if len(official) else None,
            selected=_selection(_series_count(official)),
            chart=chart,
            revisions=revisions,
            cite=cite_block(build.sources, rows),
            **extra,
        )
    )


def _source_pages(env: Any, build: _Build, docs: Path) -> None:
    """A page for every source, and their index with the observations of each."""
    obs, sources = build.obs, build.sources
    summaries = build.official_summaries("source")
    for _, src in sources.iterrows():
        mine = build.rows("source", src["id"])
        page = env.get_template("source.md.j2").render(
            src=src.to_dict(),
            title=_source_title(src),
            fields=_source_fields(src),
            rows=_observation_rows(mine[mine["status"] != "official"]),
            official=summaries.get(str(src["id"]), []),
            bibtex=bibtex_entry(src),
            csl=json.dumps(csl_item(src), indent=2, ensure_ascii=False),
        )
        (docs / "sources" / f"{src['id']}.md").write_text(page, encoding="utf-8")
    per_source = obs.groupby("source").size()
    listing = sources.assign(observations=sources["id"].map(per_source).fillna(0).astype(int))
    (docs / "sources" / "index.md").write_text(
        env.get_template("sources.md.j2").render(rows=listing.to_dict("records")), encoding="utf-8"
    )


def write_pages(catalogue: Catalogue, docs: Path) -> list[str]:
    """Render every generated page and chart into *docs*; returns the indicator ids."""
    env = _environment()
    build = _Build.of(catalogue)
    checked, memo, obs, sources = build.checked, build.memo, build.obs, build.sources
    _prepare(docs)
    indicators, unused = _paged_indicators(catalogue, obs)
    metrics, problem = _headline(catalogue, docs / "metrics")
    used_by: dict[str, list[tuple[str, str]]] = {}
    for metric in metrics:
        for indicator in metric["indicators"]:  # type: ignore[attr-defined]
            used_by.setdefault(indicator, []).append((str(metric["name"]), str(metric["anchor"])))
    counts = obs.groupby("indicator").size()
    summaries = build.official_summaries("indicator")
    for _, ind in indicators.fillna("").iterrows():
        extra = {
            "official": summaries.get(str(ind["id"]), []),
            "metrics": used_by.get(ind["id"], []),
        }
        page = _indicator_page(env, catalogue, build, ind, docs / "indicators", extra=extra)
        (docs / "indicators" / f"{ind['id']}.md").write_text(page, encoding="utf-8")
    _source_pages(env, build, docs)
    (docs / "claims.md").write_text(_claims_page(env, catalogue, checked), encoding="utf-8")
    pages = set(_claim_pages(env, catalogue, docs / "claims", checked, memo))
    economies = set(write_economy_pages(env, catalogue, checked, docs, pages))
    write_group_pages(env, catalogue, docs, economies)
    page = _metrics_page(env, metrics, problem, sources, obs)
    (docs / "metrics.md").write_text(page, encoding="utf-8")
    (docs / "rules.md").write_text(rule_codes_page(), encoding="utf-8")
    home = _home_page(
        env,
        indicators,
        counts,
        unused=unused,
        n_sources=len(sources),
        n_observations=len(obs),
        checked=checked,
        meta=catalogue_meta(catalogue.location),
    )
    (docs / "index.md").write_text(home, encoding="utf-8")
    return [str(i) for i in indicators["id"]]


def _home_page(
    env: Any,
    indicators: pd.DataFrame,
    counts: pd.Series,
    *,
    unused: pd.DataFrame,
    n_sources: int,
    n_observations: int,
    checked: pd.DataFrame,
    meta: CatalogueMeta,
) -> str:
    """The home page: indicators by category with their observation counts (those defined
    without rows named once), the verdicts."""
    listed = indicators.fillna("").assign(
        observations=indicators["id"].map(counts).fillna(0).astype(int)
    )
    categories = [
        (category, rows.to_dict("records"))
        for category, rows in listed.groupby("category", sort=True)
    ]
    return str(
        env.get_template("index.md.j2").render(
            categories=categories,
            n_sources=n_sources,
            n_indicators=len(indicators) + len(unused),
            unused=[
                f"{name} ({ident})"
                for ident, name in zip(
                    unused["id"].astype("str"), unused["name"].astype("str"), strict=True
                )
            ],
            n_observations=n_observations,
            location_note="",
            verdicts=_verdict_counts(checked),
            title=meta.title,
            description=meta.description,
        )
    )


def rule_codes_page() -> str:
    """The page of every rule code a validation report can name, with what breaks it."""
    from integration_indicators.rule_codes import RULE_CODES

    lines = [
        "# Rule codes",
        "",
        "Every problem in a validation report, and every error of the library, names one of "
        "these rules. The codes are stable: scripts may match on them (``ii.validate(path)`` "
        "and ``integration-indicators validate --format json`` give them as data).",
        "",
        "| rule | broken when |",
        "| --- | --- |",
        *(
            f'| <span id="{code}"></span>`{code}` | {_cell(text)} |'
            for code, text in RULE_CODES.items()
        ),
    ]
    return "\n".join(lines) + "\n"


#: The iframe-worker shim that lets Material's search run from file:// (npm iframe-worker
#: 1.0.4, shim/index.js, MIT licence beside it), shipped with the package so that a site
#: opened from the file system loads nothing from the network (the offline plugin would
#: fetch it from unpkg.com).
SHIM, SHIM_LICENSE = "iframe-worker-shim.js", "iframe-worker-LICENSE.txt"

#: The page scripts, in load order: vega 6.4.0, vega-lite 6.5.0 and vega-embed 7.3.0 (the
#: npm packages' UMD builds, BSD-3-Clause licences beside them) and the script that draws
#: every chart of a page; tablesort 5.7.1 with its number parser (MIT) and the script that
#: makes the tables sortable; and the charts' style sheet.
CHART_SCRIPTS = (
    "vega.min.js",
    "vega-lite.min.js",
    "vega-embed.min.js",
    "ii-charts.js",
    "tablesort.min.js",
    "tablesort.number.min.js",
    "ii-tables.js",
)
CHART_LICENCES = (
    "vega-LICENSE.txt",
    "vega-lite-LICENSE.txt",
    "vega-embed-LICENSE.txt",
    "tablesort-LICENSE.txt",
)
CHART_STYLE = "ii-charts.css"


def _config(work: Path, site: Path, catalogue: Catalogue) -> Path:
    paged = {p.stem for p in (work / "docs" / "indicators").glob("*.md")}
    indicators = catalogue.indicators[catalogue.indicators["id"].isin(paged)].sort_values("id")
    groups = sorted(p.stem for p in (work / "docs" / "groups").glob("*.md"))
    names = group_names(catalogue) if groups else {}
    from integration_indicators.publish.escape import title_text as t

    nav = [
        {"Home": "index.md"},
        {"Data conventions": "conventions.md"},
        # every claim and every economy is listed on its index page, not in the navigation
        # (rendered into every page, each entry costs the whole build): the pages are built
        # all the same
        {"Claims": "claims.md"},
        {"Headline metrics": "metrics.md"},
        {"Economies": "economies/index.md"},
        *(
            [{"Groups": [{t(f"{names.get(g, g)} ({g})"): f"groups/{g}.md"} for g in groups]}]
            if groups
            else []
        ),
        {
            "Indicators": [
                {t(n): f"indicators/{i}.md"}
                for i, n in zip(indicators["id"], indicators["name"], strict=True)
            ]
        },
        # every source is listed on its index page, not in the navigation (89 entries rendered
        # into every page cost a third of a build): the pages are built all the same
        {"Sources": "sources/index.md"},
        {
            "Guides": [
                {"Check a press figure": "guides/check-a-press-figure.md"},
                {"Bring claims as printed": "guides/bring-claims-as-printed.md"},
                {"Add your own data": "guides/add-your-own-data.md"},
                {"Check a panel bigger than memory": "guides/big-panels.md"},
                {"How these numbers compare": "guides/how-numbers-compare.md"},
                {"How the data stay safe": "guides/how-data-stays-safe.md"},
                {"Performance": "guides/performance.md"},
                {"Rule codes": "rules.md"},
                {"API reference": "api.md"},
            ]
        },
    ]
    config = {
        "site_name": t(catalogue_meta(catalogue.location).title),  # the theme prints it raw
        "docs_dir": str(work / "docs"),
        "site_dir": str(site),
        "use_directory_urls": False,
        "strict": True,
        "theme": {"name": "material", "features": ["navigation.sections"]},
        "markdown_extensions": [
            "tables",
            "attr_list",
            "admonition",
            {"toc": {"permalink": True}},
            "pymdownx.superfences",
        ],
        "plugins": [
            "search",
            "offline",  # search works when the site is opened from the file system
            {
                "mkdocstrings": {
                    "handlers": {
                        "python": {
                            "options": {
                                "docstring_style": "numpy",
                                "show_source": False,
                                "heading_level": 3,
                                # every object under its own heading, with its signature
                                "show_root_heading": True,
                                "show_root_full_path": False,
                                "separate_signature": True,
                                "show_signature_annotations": True,
                            }
                        }
                    }
                }
            },
        ],
        "extra": {"polyfills": [f"assets/javascripts/{SHIM}"]},
        "extra_javascript": [f"assets/javascripts/{name}" for name in CHART_SCRIPTS],
        "extra_css": [f"assets/javascripts/{CHART_STYLE}"],
        "nav": nav,
    }
    path = work / "mkdocs.yml"
    path.write_text(json.dumps(config, indent=1), encoding="utf-8")  # JSON is YAML
    return path


def build_site(output: str | os.PathLike[str], catalogue: Catalogue) -> Path:
    """Build the site of *catalogue* into *output*, all or nothing.

    *output* must be new, empty or a site the library built earlier (see
    ``outputs.replace_directory``); anything else raises ``OutputError`` and is left
    untouched. The site is built beside it and swapped in.
    """
    from integration_indicators.io.outputs import (
        catalogue_paths,
        check_output_directory,
        replace_directory,
    )

    target = Path(output).absolute()  # MkDocs reads paths relative to its configuration file
    protect = catalogue_paths(catalogue)
    check_output_directory(target, "site", protect)

    def build_into(staging: Path) -> None:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException

        # named as a staging directory of the target: a killed run's is cleaned by the next
        prefix = f".{target.name}.ii-stage-{os.getpid()}-"
        work = Path(tempfile.mkdtemp(prefix=prefix, dir=target.parent))
        before = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = before or FIXED_EPOCH
        try:
            write_pages(catalogue, work / "docs")
            config = load_config(config_file=str(_config(work, staging, catalogue)))
            try:
                build(config)
            except MkDocsException as exc:
                raise IndicatorError(f"the docs build failed: {exc}") from None
        finally:
            shutil.rmtree(work, ignore_errors=True)
            if before is None:
                del os.environ["SOURCE_DATE_EPOCH"]

    return replace_directory(target, "site", build_into, protect)
