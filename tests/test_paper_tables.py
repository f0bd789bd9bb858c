"""Tables for a paper: Markdown and LaTeX, notes as footnotes, from the indices command."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from integration_indicators.cli import main
from integration_indicators.publish.paper_tables import render_paper_table


def test_latex_escapes_text_and_turns_notes_into_footnotes() -> None:
    frame = pd.DataFrame(
        {
            "period": ["2015", "2018", "2019"],
            "intra_share": [10.234, None, 5.0],
            "note": ["", "100% of rows & more_missing", "100% of rows & more_missing"],
        }
    )
    text = render_paper_table(frame, "EAEU", "latex")
    assert "\\begin{tabular}{lr}" in text and "Intra-group export share (\\%)" in text
    assert "2018\\textsuperscript{1} &  \\\\" in text
    assert "2019\\textsuperscript{1} & 5.00 \\\\" in text
    assert "2015 & 10.23 \\\\" in text  # one number of decimals per column
    assert text.count("\\textsuperscript{1} 100\\% of rows \\& more\\_missing") == 1  # one note


def test_the_indices_command_writes_markdown_and_latex(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["indices", "--group", "EAEU", "--format", "markdown"]) == 0
    text = capsys.readouterr().out
    assert (
        "| 2015 | 10.23 |  |  |  | 4 | 0 | 0 | 0.4221 |" in text
    )  # four members in 2015: Kyrgyzstan from August
    assert re.search(
        r"\[\^\d+\]: a member's exports to the World or to another member are "
        "missing",
        text,
    )
    assert (
        re.search(r"\[\^\d+\]: .*mirror: RUS reports exports to BLR", text) is None
    )  # not in EAEU
    assert "| 2018[^" in text and "break: KGZ's imports from BLR" in text  # flagged, as a note
    last = text.rstrip().splitlines()[-1]
    assert last.startswith("Sources: ") and "imf-dots-221" in last and "tass-2024-06-13" in last
    assert main(["indices", "--pair", "BLR,RUS", "--format", "latex"]) == 0
    assert "\\begin{tabular}" in capsys.readouterr().out


def _latex_tables(text: str) -> list[dict[str, object]]:
    """A small parser of the LaTeX the command writes: per table, its column spec, rows,
    caption, label, rules and the footnote marks used and defined."""
    import re

    tables = []
    for body in re.findall(r"\\begin\{table\}\[htbp\](.*?)\\end\{table\}", text, re.S):
        spec = re.search(r"\\begin\{tabular\}\{([lr]+)\}", body)
        inner = body.split("\\midrule", 1)[1].split("\\bottomrule", 1)[0]
        rows = [r for r in inner.strip().splitlines() if r.strip()]
        tables.append(
            {
                "spec": spec.group(1) if spec else "",
                "rows": rows,
                "caption": re.search(r"\\caption\{(.+?)\}\n", body),
                "label": re.search(r"\\label\{(tab:[a-z0-9-]+)\}", body),
                "rules": all(r in body for r in ("\\toprule", "\\midrule", "\\bottomrule")),
                "used": set(re.findall(r"\\textsuperscript\{(\d+)\} &", body)),
                "defined": set(re.findall(r"\\textsuperscript\{(\d+)\} [^&]", body)),
                "balanced": body.count("\\begin{") == body.count("\\end{"),
            }
        )
    return tables


def test_latex_tables_are_complete_floats_within_the_text_width(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """No pdflatex here: the output is parsed. Each table is a float with a caption and a
    unique label, booktabs rules, as many cells in every row as columns, every footnote mark
    defined below it, numbers right-aligned, shrunk to the text width where wider."""
    assert main(["indices", "--pair", "BLR,RUS", "--group", "EAEU", "--format", "latex"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("% needs \\usepackage{booktabs,adjustbox}")
    tables = _latex_tables(text)
    assert len(tables) >= 3
    labels = [t["label"].group(1) for t in tables]  # type: ignore[attr-defined]
    assert len(set(labels)) == len(labels)
    for table in tables:
        assert table["caption"] and table["rules"] and table["balanced"]
        width = len(str(table["spec"]))
        assert str(table["spec"]).startswith("l") and "r" in str(table["spec"])
        for row in table["rows"]:  # type: ignore[attr-defined]
            assert row.endswith("\\\\") and row.count(" & ") == width - 1, row
        assert table["used"] <= table["defined"]  # type: ignore[operator]
    assert "\\begin{adjustbox}{max width=\\textwidth}" in text
    assert "Sources: " in text and "imf-dots-221" in text.rsplit("Sources: ", 1)[1]


def test_markdown_footnote_labels_are_unique_across_a_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import re

    assert main(["indices", "--pair", "BLR,RUS", "--group", "EAEU", "--format", "markdown"]) == 0
    text = capsys.readouterr().out
    defined = re.findall(r"^\[\^(\d+)\]:", text, re.M)
    used = set(re.findall(r"\[\^(\d+)\](?!:)", text))
    assert len(defined) == len(set(defined)) >= 2
    assert used == set(defined)
