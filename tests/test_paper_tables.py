"""Tables for a paper: Markdown and LaTeX, notes as footnotes, from the indices command."""

from __future__ import annotations

import pandas as pd
import pytest

from integration_indicators.cli import main
from integration_indicators.publish.paper_tables import render_paper_table


def test_latex_escapes_text_and_turns_notes_into_footnotes() -> None:
    frame = pd.DataFrame({"period": ["2015", "2018", "2019"], "intra_share": [10.234, None, 5.0],
                          "note": ["", "100% of rows & more_missing", "100% of rows & more_missing"]})  # fmt: skip
    text = render_paper_table(frame, "EAEU", "latex")
    assert "\\begin{tabular}{ll}" in text and "intra\\_share" in text
    assert "2018\\textsuperscript{1} &  \\\\" in text
    assert "2019\\textsuperscript{1} & 5 \\\\" in text
    assert text.count("\\textsuperscript{1} 100\\% of rows \\& more\\_missing") == 1  # one note


def test_the_indices_command_writes_markdown_and_latex(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["indices", "--group", "EAEU", "--format", "markdown"]) == 0
    text = capsys.readouterr().out
    assert (
        "| 2015 | 10.23 | 4 | 0 | 0 | 0.4221 |" in text
    )  # four members in 2015: Kyrgyzstan from August
    assert "[^1]: a member's exports to the World or to another member are missing" in text
    assert text.rstrip().splitlines()[-1].startswith("Sources: imf-dots-")
    assert main(["indices", "--pair", "BLR,RUS", "--format", "latex"]) == 0
    assert "\\begin{tabular}" in capsys.readouterr().out
