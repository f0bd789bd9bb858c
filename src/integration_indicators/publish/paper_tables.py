"""Tables for a paper: Markdown (pipe tables) or LaTeX (``table`` with ``booktabs`` rules),
the notes as footnotes, the sources below.

A table's ``note`` column (why a value is missing: "a member's exports ... are missing for
the year") becomes a footnote mark on the row and one footnote per distinct note below the
table, so that a long sentence never widens a column; footnotes are numbered across a file
(``render_paper_tables``), so no two tables of one file share a label. Headers are words
with their unit ("Export share (%)"); numbers have one number of decimals per column (four
significant digits of its largest value), so that right-aligned decimals line up; missing
values are empty cells. LaTeX tables have a caption, a label, ``\\toprule``/``\\midrule``/
``\\bottomrule`` and are shrunk to the text width where wider (``adjustbox``'s ``max
width``); the packages they need are named in a comment. No dependency: pandas'
``to_latex`` needs jinja2 and ``to_markdown`` needs tabulate, neither of which the core
install has.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

#: Formats ``render_paper_table`` writes.
PAPER_FORMATS = ("markdown", "latex")

#: The LaTeX packages the tables use.
LATEX_PACKAGES = ("booktabs", "adjustbox")

#: Headers of the indices' columns, in words with their unit.
HEADERS = {
    "period": "Year",
    "export_share": "Export share (%)",
    "import_share": "Import share (%)",
    "turnover_share": "Turnover share (%)",
    "trade_intensity": "Trade intensity",
    "mirror_ratio": "Mirror ratio",
    "gdp_per_head_ratio": "GDP per head ratio",
    "gdp_per_head_ratio_ppp": "GDP per head ratio (PPP)",
    "estimates": "Estimated inputs",
    "intra_share": "Intra-group export share (%)",
    "members": "Members",
    "estimated_inputs": "Estimated inputs",
    "filled_inputs": "Filled inputs",
    "sigma": "Sigma (log GDP per head)",
    "world_share": "Share of world trade (%)",
    "intensity": "Intra-regional intensity",
    "extra_intensity": "Extra-regional intensity",
    "introversion": "Introversion",
    "geo": "Economy",
    "largest": "Largest partner",
    "dependence": "Dependence on the largest (%)",
    "intra_share_low": "Lower bound (%)",
    "intra_share_high": "Upper bound (%)",
    "missing": "Flows missing",
    "quality": "Flows flagged",
}

_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _latex(text: str) -> str:
    return "".join(_LATEX_SPECIAL.get(c, c) for c in text)


def header(column: object) -> str:
    """A column's header for a reader: ``HEADERS``, else its name in words.

    >>> header("export_share"), header("gdp_growth")
    ('Export share (%)', 'Gdp growth')
    """
    name = str(column)
    return HEADERS.get(name, name.replace("_", " ").capitalize())


def _decimals(numbers: np.ndarray) -> int:
    """Decimals that give the column's largest magnitude four significant digits (0-6);
    none for a column of whole numbers."""
    finite = np.abs(numbers[np.isfinite(numbers)])
    largest = float(finite.max()) if len(finite) else 0.0
    if largest == 0.0 or (finite == np.round(finite)).all():  # counts: whole numbers
        return 0
    return int(min(6, max(0, 3 - np.floor(np.log10(largest)))))


def _cells(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[bool]]:
    """Every cell as text (numbers with one number of decimals per column, missing as
    empty) and which columns are numbers."""
    out: dict[object, np.ndarray] = {}
    numeric = []
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_float_dtype(values) or pd.api.types.is_integer_dtype(values):
            numbers = values.to_numpy(dtype="float64")
            text = np.char.mod(f"%.{_decimals(numbers)}f", np.nan_to_num(numbers))
            out[column] = np.where(np.isnan(numbers), "", text)
            numeric.append(True)
        else:
            kept = values.astype("object").where(values.notna(), "")
            out[column] = kept.astype("str").to_numpy(dtype=object)
            numeric.append(False)
    return pd.DataFrame(out, index=frame.index), numeric


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "table"


def render_paper_table(
    frame: pd.DataFrame,
    title: str,
    fmt: str,
    *,
    first_note: int = 1,
    sources: tuple[str, ...] = (),
) -> str:
    """*frame* as a Markdown or LaTeX table titled *title*, its ``note`` column as footnotes
    numbered from *first_note*, and the *sources* behind it below (LaTeX).

    Examples
    --------
    >>> t = pd.DataFrame({"period": ["2015", "2018"], "export_share": [10.23, float("nan")],
    ...                   "note": ["", "a member's exports are missing"]})
    >>> print(render_paper_table(t, "EAEU", "markdown"))
    **EAEU**
    <BLANKLINE>
    | Year | Export share (%) |
    | --- | ---: |
    | 2015 | 10.23 |
    | 2018[^1] |  |
    <BLANKLINE>
    [^1]: a member's exports are missing
    <BLANKLINE>
    """
    if fmt not in PAPER_FORMATS:
        raise ValueError(f"format {fmt!r}: one of {', '.join(PAPER_FORMATS)}")
    notes = frame["note"].fillna("").astype("str") if "note" in frame.columns else None
    cells, numeric = _cells(frame.drop(columns=["note"], errors="ignore"))
    distinct = [n for n in dict.fromkeys(notes) if n] if notes is not None else []
    number = {n: first_note + i for i, n in enumerate(distinct)}
    marks = (
        notes.map(number).fillna(0).astype("int64")
        if notes is not None
        else pd.Series(0, index=frame.index)
    )
    first = cells.columns[0] if len(cells.columns) else None  # the row's label carries the mark
    if fmt == "markdown":
        if first is not None:
            cells[first] = [
                c + (f"[^{m}]" if m else "") for c, m in zip(cells[first], marks, strict=True)
            ]
        lines = [
            f"**{title}**",
            "",
            "| " + " | ".join(header(c) for c in cells.columns) + " |",
            "| " + " | ".join("---:" if n else "---" for n in numeric) + " |",
        ]
        lines += [
            "| " + " | ".join(c.replace("|", r"\|") for c in row) + " |"
            for row in cells.itertuples(index=False)
        ]
        lines += [""] + [f"[^{number[n]}]: {n}" for n in distinct]
        return "\n".join(lines) + "\n"
    escaped = cells.map(_latex)
    if first is not None:
        escaped[first] = [
            c + (f"\\textsuperscript{{{m}}}" if m else "")
            for c, m in zip(escaped[first], marks, strict=True)
        ]
    spec = "".join("r" if n else "l" for n in numeric)
    lines = [
        f"% needs \\usepackage{{{','.join(LATEX_PACKAGES)}}}",
        "\\begin{table}[htbp]",
        "\\centering",
        f"\\caption{{{_latex(title)}}}",
        f"\\label{{tab:{_slug(title)}}}",
        "\\begin{adjustbox}{max width=\\textwidth}",
        f"\\begin{{tabular}}{{{spec}}}",
        "\\toprule",
        " & ".join(_latex(header(c)) for c in cells.columns) + " \\\\",
        "\\midrule",
    ]
    lines += [" & ".join(row) + " \\\\" for row in escaped.itertuples(index=False)]
    lines += [
        "\\bottomrule",
        "\\end{tabular}",
        "\\end{adjustbox}",
        "\\par\\smallskip",
        "\\begin{minipage}{\\linewidth}\\footnotesize",
    ]
    if sources:
        lines.append(f"Sources: {_latex(', '.join(sources))}.\\par")
    lines += [f"\\textsuperscript{{{number[n]}}} {_latex(n)}\\par" for n in distinct]
    lines += ["\\end{minipage}", "\\end{table}"]
    return "\n".join(lines) + "\n"


def render_paper_tables(
    blocks: list[tuple[str, pd.DataFrame]], sources: list[str], fmt: str
) -> str:
    """Several tables for one file: footnotes numbered across them (no label twice), the
    sources under each LaTeX table and once after the Markdown ones.

    >>> t = pd.DataFrame({"period": ["2018"], "note": ["missing"]})
    >>> text = render_paper_tables([("A", t), ("B", t)], ["imf-dots-18"], "markdown")
    >>> [line for line in text.splitlines() if line.startswith("[^")]
    ['[^1]: missing', '[^2]: missing']
    """
    texts, first = [], 1
    for title, frame in blocks:
        texts.append(
            render_paper_table(frame, title, fmt, first_note=first, sources=tuple(sources))
        )
        if "note" in frame.columns:
            first += len({n for n in frame["note"].fillna("").astype("str") if n})
    text = "\n".join(texts)
    return text + (f"\nSources: {', '.join(sources)}.\n" if fmt == "markdown" else "")
