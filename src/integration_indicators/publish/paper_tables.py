"""Tables for a paper: Markdown (pipe tables) or LaTeX (``tabular``), the notes as footnotes.

A table's ``note`` column (why a value is missing: "a member's exports ... are missing for
the year") becomes a footnote mark on the row and one footnote per distinct note below the
table, so that a long sentence never widens a column. Numbers are written with four
significant digits; missing values are empty cells. No dependency: pandas' ``to_latex``
needs jinja2 and ``to_markdown`` needs tabulate, neither of which the core install has.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Formats ``render_paper_table`` writes.
PAPER_FORMATS = ("markdown", "latex")

_LATEX_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
                  "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
                  "^": r"\textasciicircum{}"}  # fmt: skip


def _latex(text: str) -> str:
    return "".join(_LATEX_SPECIAL.get(c, c) for c in text)


def _cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as text: numbers to four significant digits, missing as empty."""
    out: dict[object, np.ndarray] = {}
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_float_dtype(values):
            numbers = values.to_numpy(dtype="float64")
            text = np.char.mod("%.4g", np.nan_to_num(numbers))
            out[column] = np.where(np.isnan(numbers), "", text)
        else:
            kept = values.astype("object").where(values.notna(), "")
            out[column] = kept.astype("str").to_numpy(dtype=object)
    return pd.DataFrame(out, index=frame.index)


def render_paper_table(frame: pd.DataFrame, title: str, fmt: str) -> str:
    """*frame* as a Markdown or LaTeX table titled *title*, its ``note`` column as footnotes.

    Examples
    --------
    >>> t = pd.DataFrame({"period": ["2015", "2018"], "share": [10.23, float("nan")],
    ...                   "note": ["", "a member's exports are missing"]})
    >>> print(render_paper_table(t, "EAEU", "markdown"))
    **EAEU**
    <BLANKLINE>
    | period | share |
    | --- | --- |
    | 2015 | 10.23 |
    | 2018[^1] |  |
    <BLANKLINE>
    [^1]: a member's exports are missing
    <BLANKLINE>
    """
    if fmt not in PAPER_FORMATS:
        raise ValueError(f"format {fmt!r}: one of {', '.join(PAPER_FORMATS)}")
    notes = frame["note"].fillna("").astype("str") if "note" in frame.columns else None
    cells = _cells(frame.drop(columns=["note"], errors="ignore"))
    distinct = [n for n in dict.fromkeys(notes) if n] if notes is not None else []
    number = {n: i + 1 for i, n in enumerate(distinct)}
    marks = (notes.map(number).fillna(0).astype("int64") if notes is not None
             else pd.Series(0, index=frame.index))  # fmt: skip
    first = cells.columns[0] if len(cells.columns) else None  # the row's label carries the mark
    if fmt == "markdown":
        if first is not None:
            cells[first] = [c + (f"[^{m}]" if m else "")
                            for c, m in zip(cells[first], marks, strict=True)]  # fmt: skip
        lines = [f"**{title}**", "", "| " + " | ".join(map(str, cells.columns)) + " |",
                 "| " + " | ".join("---" for _ in cells.columns) + " |"]  # fmt: skip
        lines += ["| " + " | ".join(c.replace("|", r"\|") for c in row) + " |"
                  for row in cells.itertuples(index=False)]  # fmt: skip
        lines += [""] + [f"[^{number[n]}]: {n}" for n in distinct]
        return "\n".join(lines) + "\n"
    escaped = cells.map(_latex)
    if first is not None:
        escaped[first] = [c + (f"\\textsuperscript{{{m}}}" if m else "")
                          for c, m in zip(escaped[first], marks, strict=True)]  # fmt: skip
    header = " & ".join(_latex(str(c)) for c in cells.columns)
    lines = [f"% {title}", "\\begin{tabular}{" + "l" * len(cells.columns) + "}", "\\hline",
             header + " \\\\", "\\hline"]  # fmt: skip
    lines += [" & ".join(row) + " \\\\" for row in escaped.itertuples(index=False)]
    lines += ["\\hline", "\\end{tabular}"]
    lines += [f"\\par\\noindent\\textsuperscript{{{number[n]}}} {_latex(n)}" for n in distinct]
    return "\n".join(lines) + "\n"
