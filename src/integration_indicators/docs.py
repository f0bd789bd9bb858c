"""The documentation site: indicator, source and metric pages generated from a catalogue.

Pages are rendered from Jinja templates shipped with the package, beside the hand-written
guides, and built with MkDocs (Material theme, mkdocstrings for the API reference) in strict
mode, so that a broken link fails the build. Charts are SVG from matplotlib. The build is
reproducible: a fixed ``SOURCE_DATE_EPOCH``, fixed fonts and no timestamps give the same
bytes twice. The site is built in a staging directory and then takes the output's place.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .catalogue import Catalogue
from .citation import bibtex_entry, csl_item
from .errors import IndicatorError

#: Date stamped where a tool wants one (the sitemap), unless SOURCE_DATE_EPOCH is set.
FIXED_EPOCH = "1700000000"

_SOURCE_FIELDS = (
    "title", "authors", "producer", "kind", "date_published", "date_accessed", "url_main",
    "license", "document", "dataset", "code", "attribution", "repository", "commit", "path",
    "note",
)  # fmt: skip


def _package_dir(name: str) -> Path:
    """A directory shipped with the package (or the repository's, in a source checkout)."""
    installed = Path(str(resources.files(__package__).joinpath(name)))
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[2] / {"guides": "docs"}.get(name, name)


def _cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return ""
    return re.sub(r"\s+", " ", str(text)).replace("|", r"\|").strip()


def _number(x: float) -> str:
    if np.isnan(x):
        return ""
    if np.isinf(x):
        return "inf" if x > 0 else "-inf"
    return f"{x:.6g}"


def _bounds(lower: float, upper: float, value: float) -> str:
    if (np.isnan(lower) and np.isnan(upper)) or (lower == value and upper == value):
        return ""
    low = "-inf" if np.isnan(lower) else _number(lower)
    high = "inf" if np.isnan(upper) else _number(upper)
    return f"[{low}, {high}]"


def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_package_dir("templates"))),
        autoescape=False,  # Markdown, escaped per cell by the `cell` filter
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["cell"] = _cell
    return env


def _written(row: pd.Series) -> str:
    if pd.notna(row["figure"]):
        return str(row["figure"])
    return f"{row['value_as_written']} {row['unit_as_written']}"


def _observation_rows(obs: pd.DataFrame) -> list[dict[str, object]]:
    obs = obs.sort_values(["geo", "counterpart", "period_start", "id"], na_position="first")
    return [
        {
            "id": row["id"], "period": row["period"], "geo": row["geo"],
            "counterpart": row["counterpart"] if pd.notna(row["counterpart"]) else "",
            "written": _written(row), "value": _number(row["value"]),
            "bounds": _bounds(row["lower"], row["upper"], row["value"]),
            "qualifier": row["qualifier"], "status": row["status"],
            "attributed_to": row["attributed_to"], "quote": row["quote"],
            "source": row["source"], "cited_source": row["cited_source"],
            "indicator": row["indicator"],
        }
        for _, row in obs.iterrows()
    ]  # fmt: skip


def _headline(catalogue: Catalogue, folder: Path) -> tuple[list[dict[str, object]], str]:
    from .charts import series_chart
    from .headline import headline_series

    try:
        entries = headline_series(catalogue)
    except IndicatorError as exc:
        return [], f"The headline metrics need series this catalogue lacks: {exc}"
    metrics: list[dict[str, object]] = []
    for number, (name, series, caveat) in enumerate(entries, start=1):
        anchor = f"metric-{number}"
        chart = None
        if len(series) > 1:
            series_chart(series, folder / f"{anchor}.svg")
            chart = f"metrics/{anchor}.svg"
        origins = series.origins
        metrics.append({
            "name": name, "anchor": anchor, "unit": series.unit, "chart": chart,
            "caveat": caveat,
            "operations": "; ".join(str(s) for s in series.steps) or "as stated",
            "indicators": sorted({o.indicator for os in origins for o in os}),
            "rows": [
                {
                    "period": period,
                    "value": ("~" if approx else "") + _number(value),
                    "bounds": _bounds(low, high, value),
                    "sources": ", ".join(
                        f"[{s}](sources/{s}.md)" for s in sorted({o.source for o in os})
                    ),
                }
                for period, value, low, high, approx, os in zip(
                    series.periods, series.values, series.lower, series.upper,
                    series.approximate, origins, strict=True,
                )
            ],
        })  # fmt: skip
    return metrics, ""


def _claims_page(env: Any, catalogue: Catalogue) -> str:
    """The verdict of every claim, with its numbers and reasons."""
    from .crosscheck import verdicts_of_record

    table = catalogue.crosscheck()
    counts = verdicts_of_record(table)["verdict"].value_counts()
    counts = counts[counts > 0]  # categories with no claim
    rank = {"overstated": 0, "understated": 1, "close": 2, "consistent": 3,
            "not-comparable": 4, "unverifiable": 5, "no-official-source": 6}  # fmt: skip
    first = table.groupby("claim", sort=False)["verdict"].transform(
        lambda v: min(rank[str(x)] for x in v)
    )
    table = table.assign(_rank=first.to_numpy()).sort_values("_rank", kind="stable")
    table = table.drop(columns="_rank").reset_index(drop=True).astype("object")
    official = np.where(
        table["official_value"].notna(),
        table["official_period"].fillna("").astype("str") + ": "
        + pd.Series(np.char.mod("%.4g", table["official_value"].to_numpy(dtype="float64"))),
        "",
    )  # fmt: skip
    interval = (
        "[" + pd.Series(np.char.mod("%.4g", table["claimed_lower"].to_numpy(dtype="float64")))
        + ", " + pd.Series(np.char.mod("%.4g", table["claimed_upper"].to_numpy(dtype="float64")))
        + "]"
    )  # fmt: skip
    shown = table.assign(official=official, interval=interval)
    rows = shown.where(shown.notna(), "").to_dict("records")
    return str(env.get_template("claims.md.j2").render(counts=list(counts.items()), rows=rows))


def write_pages(catalogue: Catalogue, docs: Path) -> list[str]:
    """Render every generated page and chart into *docs*; returns the indicator ids."""
    from .charts import observations_chart

    env = _environment()
    shutil.copytree(_package_dir("guides"), docs, dirs_exist_ok=True)
    for folder in ("indicators", "sources", "metrics"):
        (docs / folder).mkdir(parents=True, exist_ok=True)
    obs = catalogue.observations()
    indicators = catalogue.indicators.sort_values("id")
    sources = catalogue.sources.fillna("").sort_values("id")
    metrics, problem = _headline(catalogue, docs / "metrics")
    used_by: dict[str, list[tuple[str, str]]] = {}
    for metric in metrics:
        for indicator in metric["indicators"]:  # type: ignore[attr-defined]
            used_by.setdefault(indicator, []).append((str(metric["name"]), str(metric["anchor"])))
    counts = obs.groupby("indicator").size()
    for _, ind in indicators.fillna("").iterrows():
        rows = obs[obs["indicator"] == ind["id"]]
        chart = None
        if len(rows) > 1:
            observations_chart(rows, str(ind["unit"]), docs / "indicators" / f"{ind['id']}.svg")
            chart = f"{ind['id']}.svg"
        page = env.get_template("indicator.md.j2").render(
            ind=ind.to_dict(),
            rows=_observation_rows(rows),
            chart=chart,
            metrics=used_by.get(ind["id"], []),
        )
        (docs / "indicators" / f"{ind['id']}.md").write_text(page, encoding="utf-8")
    per_source = obs.groupby("source").size()
    for _, src in sources.iterrows():
        inferred = set(str(src["inferred"]).split("; "))
        fields = [(f, str(src.get(f, "")), f in inferred) for f in _SOURCE_FIELDS]
        page = env.get_template("source.md.j2").render(
            src=src.to_dict(), title=src["title"] or f"Untitled: {src['id']}", fields=fields,
            rows=_observation_rows(obs[obs["source"] == src["id"]]),
            bibtex=bibtex_entry(src), csl=json.dumps(csl_item(src), indent=2, ensure_ascii=False),
        )  # fmt: skip
        (docs / "sources" / f"{src['id']}.md").write_text(page, encoding="utf-8")
    listing = sources.assign(observations=sources["id"].map(per_source).fillna(0).astype(int))
    (docs / "sources" / "index.md").write_text(
        env.get_template("sources.md.j2").render(rows=listing.to_dict("records")), encoding="utf-8"
    )
    (docs / "claims.md").write_text(_claims_page(env, catalogue), encoding="utf-8")
    page = env.get_template("metrics.md.j2").render(metrics=metrics)
    if problem:
        page += f"\n{_cell(problem)}\n"
    (docs / "metrics.md").write_text(page, encoding="utf-8")
    listed = indicators.fillna("").assign(
        observations=indicators["id"].map(counts).fillna(0).astype(int)
    )
    categories = [
        (category, rows.to_dict("records"))
        for category, rows in listed.groupby("category", sort=True)
    ]
    (docs / "index.md").write_text(
        env.get_template("index.md.j2").render(
            categories=categories, n_sources=len(sources), n_indicators=len(indicators),
            n_observations=len(obs), location_note="",
        ),
        encoding="utf-8",
    )  # fmt: skip
    return [str(i) for i in indicators["id"]]


def _config(work: Path, site: Path, indicator_ids: list[str], source_ids: list[str]) -> Path:
    nav = [
        {"Home": "index.md"},
        {"Data conventions": "conventions.md"},
        {"Claims and verdicts": "claims.md"},
        {"Headline metrics": "metrics.md"},
        {"Indicators": [{i: f"indicators/{i}.md"} for i in indicator_ids]},
        {"Sources": [{"All sources": "sources/index.md"}]
         + [{s: f"sources/{s}.md"} for s in source_ids]},
        {"Guides": [
            {"Check a press figure": "guides/check-a-press-figure.md"},
            {"Add your own data": "guides/add-your-own-data.md"},
            {"API reference": "api.md"},
        ]},
    ]  # fmt: skip
    config = {
        "site_name": "integration-indicators",
        "docs_dir": str(work / "docs"),
        "site_dir": str(site),
        "use_directory_urls": False,
        "strict": True,
        "theme": {"name": "material", "features": ["navigation.sections"]},
        "markdown_extensions": ["tables", "attr_list", "admonition", "toc"],
        "plugins": [
            "search",
            {
                "mkdocstrings": {
                    "handlers": {
                        "python": {
                            "options": {
                                "docstring_style": "numpy",
                                "show_source": False,
                                "heading_level": 3,
                            }
                        }
                    }
                }
            },
        ],
        "nav": nav,
    }
    path = work / "mkdocs.yml"
    path.write_text(json.dumps(config, indent=1), encoding="utf-8")  # JSON is YAML
    return path


def build_site(output: str | os.PathLike[str], catalogue: Catalogue) -> Path:
    """Build the site of *catalogue* into *output*, all or nothing.

    *output* must be new, empty or a site the library built earlier (see
    ``outputs.replace_directory``); anything else raises :class:`OutputError` and is left
    untouched. The site is built beside it and swapped in.
    """
    from .outputs import catalogue_paths, check_output_directory, replace_directory

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
            indicator_ids = write_pages(catalogue, work / "docs")
            source_ids = sorted(str(s) for s in catalogue.sources["id"])
            config = load_config(config_file=str(_config(work, staging, indicator_ids, source_ids)))
            try:
                build(config)
            except MkDocsException as exc:
                raise IndicatorError(f"the docs build failed: {exc}") from None
        finally:
            shutil.rmtree(work, ignore_errors=True)
            if before is None:
                del os.environ["SOURCE_DATE_EPOCH"]

    return replace_directory(target, "site", build_into, protect)
