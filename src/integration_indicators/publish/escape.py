"""Text from data made inert where people see it: pages, titles and spreadsheets.

Every text a catalogue holds (a quote, a name, a title, a definition) goes through this
module before it enters a page, a navigation title or a CSV written for people, as Jinja's
rule has it: every value is escaped unless marked safe, and marking safe happens here.

- :func:`md_text` makes a text one inert line of Markdown: HTML's special characters and
  Markdown's inline syntax (links, images, code, emphasis, tables' ``|``, attribute lists'
  braces) become character references, whitespace folds to single spaces (no block of its
  own), and a block starter at the line's start (``#``, ``>``, ``-``, ``!!!``, ``1.``) is
  escaped too. The site's templates apply it to every value they print (their ``finalize``).
- :func:`title_text` is a navigation or page title: HTML-escaped, one line.
- :func:`code_block` is a block of code its text cannot end.
- :func:`json_for_script` is JSON that cannot end the ``<script>`` element it sits in.
- :func:`neutralise_formulas` prefixes ``'`` to CSV cells a spreadsheet would run as a
  formula (OWASP's rule: a cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage
  return), numbers excepted; :func:`restore_formulas` takes the prefix off again, so that an
  export reads back as it was.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from markupsafe import Markup

#: Characters written as references wherever they stand: HTML's, and Markdown's inline
#: syntax (a link or an image needs brackets and parentheses, an attribute list braces).
_INLINE = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#39;",
    "`": "&#96;",
    "*": "&#42;",
    "[": "&#91;",
    "]": "&#93;",
    "(": "&#40;",
    ")": "&#41;",
    "{": "&#123;",
    "}": "&#125;",
    "|": "&#124;",
    "\\": "&#92;",
    "!": "&#33;",
    "#": "&#35;",
    "~": "&#126;",
    "=": "&#61;",
}
_INLINE_TABLE = str.maketrans(_INLINE)

#: A line's first characters that start a Markdown block: a list item ("-", "+", "1."),
#: a heading, a quote, an admonition, a setext underline, a definition or a table row.
_BLOCK_START = re.compile(r"^(?:[-+:]|(\d{1,9})([.)]))")

_WHITESPACE = re.compile(r"\s+")


def one_line(value: object) -> str:
    """The text of a value on one line, white space folded ("" for None and NaN): what the
    page writers escape, or compose before a template escapes it.

    >>> one_line("a\\n\\n  b"), one_line(None), one_line(float("nan"))
    ('a b', '', '')
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return _WHITESPACE.sub(" ", str(value)).strip()


def md_text(value: object) -> Markup:
    """*value* as one inert line of Markdown that shows exactly its text.

    Examples
    --------
    >>> str(md_text('<script>alert(1)</script> [x](javascript:y)'))
    '&lt;script&gt;alert&#40;1&#41;&lt;/script&gt; &#91;x&#93;&#40;javascript:y&#41;'
    >>> str(md_text("- a list?\\n\\n!!! note"))
    '&#45; a list? &#33;&#33;&#33; note'
    >>> str(md_text("2019. A year"))
    '2019&#46; A year'
    """
    from markupsafe import Markup

    if isinstance(value, Markup):  # marked safe where it was made
        return value
    text = one_line(value).translate(_INLINE_TABLE)
    start = _BLOCK_START.match(text)
    if start:
        digits, mark = start.group(1), start.group(2)
        text = (
            f"{digits}&#{ord(mark)};{text[start.end() :]}"
            if digits
            else f"&#{ord(text[0])};{text[1:]}"
        )
    return Markup(text)


def title_text(value: object) -> str:
    """A navigation or page title from data: one line, HTML-escaped.

    >>> title_text('"><img src=x onerror=alert(1)>')
    '&#34;&gt;&lt;img src=x onerror=alert(1)&gt;'
    """
    from markupsafe import escape

    return str(escape(one_line(value)))


def code_block(text: str, language: str) -> Markup:
    """*text* as a block of code: an HTML ``pre`` element whose text is escaped, so that no
    line of it (a Markdown fence, a closing tag) can end it early.

    >>> str(code_block("a\\n```\\n</pre><b>", "bibtex"))
    '<pre><code class="language-bibtex">a\\n```\\n&lt;/pre&gt;&lt;b&gt;</code></pre>'
    """
    from markupsafe import Markup, escape

    if not re.fullmatch(r"[a-z]+", language):
        raise ValueError(f"not a language name: {language!r}")
    return Markup(f'<pre><code class="language-{language}">{escape(text)}</code></pre>')


def json_for_script(data: Any, indent: int | None = None) -> str:
    """*data* as JSON to embed in a ``<script>`` element: every ``<`` written ``\\u003c``,
    so that no ``</script>`` or ``<!--`` in the data can end or bend the element.

    >>> json_for_script({"a": "</script><script>x()</script>"})
    '{"a":"\\\\u003c/script>\\\\u003cscript>x()\\\\u003c/script>"}'
    """
    separators = (",", ":") if indent is None else (",", ": ")
    text = json.dumps(data, ensure_ascii=False, indent=indent, separators=separators)
    return text.replace("<", "\\u003c")


#: A cell a spreadsheet would read as a formula: its first characters after any quotes
#: written to keep it text (so that a cell that already starts with one gets one more).
_FORMULA = r"^'*[=+\-@\t\r]"
#: A number as text: a leading sign is a number's, not a formula's.
_NUMBER = r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$"


def _text_columns(frame: pd.DataFrame) -> list[str]:
    return [
        c
        for c in frame.columns
        if not pd.api.types.is_numeric_dtype(frame[c])
        and not pd.api.types.is_datetime64_any_dtype(frame[c])
    ]


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """*frame* with every text cell a spreadsheet would run as a formula prefixed by ``'``
    (numbers written as text keep their sign); numeric columns untouched.

    >>> neutralise_formulas(pd.DataFrame({"a": ["=HYPERLINK(1)", "@SUM(A1)", "-8.4", "ok"]}))
    ...                                                       # doctest: +NORMALIZE_WHITESPACE
                   a
    0  '=HYPERLINK(1)
    1      '@SUM(A1)
    2           -8.4
    3             ok
    """
    columns = _text_columns(frame)
    if not columns:
        return frame
    # every text cell of the frame at once: each distinct value tested once, the answers
    # mapped back to the cells (a table's text repeats: codes, units, sources)
    cells = np.column_stack([frame[c].astype("object").to_numpy() for c in columns])
    codes, distinct = pd.factorize(cells.ravel())
    text = pd.Series(distinct, dtype="object").astype("string")
    risky = (
        text.str.contains(_FORMULA, regex=True).fillna(False)
        & ~text.str.match(_NUMBER).fillna(False)
    ).to_numpy(dtype=bool)
    hit = codes >= 0
    hit[hit] = risky[codes[hit]]
    if not hit.any():
        return frame
    marked = ("'" + text.astype("object")).to_numpy()
    flat = cells.ravel()  # a view of the stacked copy, changed in place
    flat[hit] = marked[codes[hit]]
    out = frame.copy()
    changed = hit.reshape(cells.shape).any(axis=0)
    for place in np.flatnonzero(changed):
        out[columns[place]] = pd.Series(cells[:, place], index=out.index, dtype="object")
    return out


def restore_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """The inverse of :func:`neutralise_formulas` on text read back from its CSV.

    >>> restore_formulas(pd.DataFrame({"a": ["'=1", "''=2", "'ok"]}))["a"].tolist()
    ['=1', "'=2", "'ok"]
    """
    out = frame.copy()
    for column in _text_columns(frame):
        text = out[column].astype("string")
        marked = text.str.contains(r"^'+[=+\-@\t\r]", regex=True).fillna(False)
        if bool(marked.any()):
            out[column] = out[column].mask(marked, text[marked].str.slice(1).astype("object"))
    return out
