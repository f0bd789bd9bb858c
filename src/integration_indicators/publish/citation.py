"""Citations of the catalogue's sources as BibTeX and CSL-JSON.

Fields come from the source records only; a date worked out from the text is marked
(``circa`` in CSL-JSON, a note in BibTeX), and empty fields are left out rather than filled.
"""

from __future__ import annotations

import json
import re
from typing import Literal

import pandas as pd

CiteFormat = Literal["bibtex", "csl-json"]

#: Source kind -> (BibTeX entry type, CSL item type).
_TYPES = {
    "news": ("misc", "article-newspaper"),
    "analysis": ("misc", "article"),
    "official_statistics": ("misc", "dataset"),
}

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIBTEX_PATTERN = re.compile("|".join(re.escape(k) for k in _BIBTEX_SPECIAL))


def _tex(text: str) -> str:
    return _BIBTEX_PATTERN.sub(lambda m: _BIBTEX_SPECIAL[m.group()], text)


def _names(joined: str) -> list[str]:
    return [name for name in joined.split("; ") if name]


def _date_parts(text: str) -> list[int]:
    return [int(part) for part in text.split("-") if part]


def bibtex_entry(source: pd.Series) -> str:
    """One source as a BibTeX entry (type ``misc``, key = the source id)."""
    entry_type, _ = _TYPES.get(str(source["kind"]), ("misc", "document"))
    inferred = _names(str(source["inferred"]))
    fields: list[tuple[str, str]] = [("title", str(source["title"]) or str(source["id"]))]
    if _names(str(source["authors"])):
        fields.append(
            ("author", " and ".join("{" + n + "}" for n in _names(str(source["authors"]))))
        )
    if source["producer"]:
        fields.append(("organization", str(source["producer"])))
    parts = _date_parts(str(source["date_published"]))
    if parts:
        fields.append(("year", str(parts[0])))
    if len(parts) > 1:
        fields.append(("month", str(parts[1])))
    if source["url_main"]:
        fields.append(("url", str(source["url_main"])))
    where = ", ".join(str(source[k]) for k in ("repository", "commit", "path") if source.get(k))
    if where:
        fields.append(("howpublished", where))
    notes = []
    if inferred:
        notes.append(f"Worked out from the text, not printed: {', '.join(inferred)}.")
    if source.get("attribution"):
        notes.append(f"Attribution: {source['attribution']}.")
    if source["license"]:
        notes.append(f"Licence: {source['license']}.")
    if notes:
        fields.append(("note", " ".join(notes)))
    body = ",\n".join(
        f"  {name} = {{{value if name == 'author' else _tex(value)}}}" for name, value in fields
    )
    return f"@{entry_type}{{{source['id']},\n{body}\n}}"


def csl_item(source: pd.Series) -> dict[str, object]:
    """One source as a CSL-JSON item."""
    _, item_type = _TYPES.get(str(source["kind"]), ("misc", "document"))
    item: dict[str, object] = {"id": str(source["id"]), "type": item_type}
    if source["title"]:
        item["title"] = str(source["title"])
    authors = _names(str(source["authors"]))
    if authors:
        item["author"] = [{"literal": name} for name in authors]
    if source["producer"]:
        item["publisher"] = str(source["producer"])
    parts = _date_parts(str(source["date_published"]))
    if parts:
        issued: dict[str, object] = {"date-parts": [parts]}
        if "date_published" in _names(str(source["inferred"])):
            issued["circa"] = True
        item["issued"] = issued
    if source["url_main"]:
        item["URL"] = str(source["url_main"])
    notes = [str(source[k]) for k in ("attribution", "license") if source.get(k)]
    if notes:
        item["note"] = "; ".join(notes)
    return item


def cite(sources: pd.DataFrame, fmt: CiteFormat = "bibtex", source: str | None = None) -> str:
    """BibTeX entries or a CSL-JSON array of *sources* (one with ``source=ID``)."""
    if source is not None:
        sources = sources[sources["id"] == source]
        if sources.empty:
            raise KeyError(f"no source {source!r}")
    records = [row for _, row in sources.fillna("").iterrows()]
    if fmt == "bibtex":
        return "\n\n".join(bibtex_entry(row) for row in records) + "\n"
    return json.dumps([csl_item(row) for row in records], indent=2, ensure_ascii=False) + "\n"


#: Most sources whose entries a page's "Cite this" prints (the rest: counted, on their pages).
MAX_CITED = 12


def csl_json(sources: list[pd.Series]) -> str:
    """The sources as CSL-JSON text (what Zotero and pandoc read)."""
    return json.dumps([csl_item(s) for s in sources], indent=1, ensure_ascii=False)


def cite_block(sources: pd.DataFrame, rows: pd.DataFrame) -> dict[str, object]:
    """ "Cite this" for a page of observations: the BibTeX and CSL-JSON of the sources
    behind *rows* (press sources first, then official ones, at most :data:`MAX_CITED`) and
    how many more there are."""
    held = sources.set_index("id", drop=False)
    press = rows.loc[rows["status"] != "official", "source"].astype("str")
    official = rows.loc[rows["status"] == "official", "source"].astype("str")
    chosen = [s for s in dict.fromkeys([*press, *official]) if s in held.index]
    shown = chosen[:MAX_CITED]
    return {
        "bibtex": "\n\n".join(bibtex_entry(held.loc[s]).strip() for s in shown),
        "csl": csl_json([held.loc[s] for s in shown]),
        "more": len(chosen) - len(shown),
    }
