"""Importer of the IMF Direction of Trade Statistics workbooks, in the IMF's Excel layout.

Each workbook is one reporter: sheets "Exports, FOB" and "Imports, CIF"; the reporter's IMF
name in row 4, "US Dollars, Millions" in row 5, the years as column headers in row 7, then
one row per partner (IMF names, "World" among them), an empty cell where nothing is reported.
``read_dots_workbook`` turns one into catalogue observations: the reporter as geo, the
partner as counterpart (empty for the World, as in the bundled extract), exports FOB as
``trade.goods.exports`` and imports CIF as ``trade.goods.imports``, in ``million USD``.

Workbooks are read with python-calamine (Rust's calamine: about 15 ms a workbook here, all 235
in about 4 s; openpyxl's read-only mode took about 20 times longer on the same files). The
values are stored by the IMF as binary floating point with noise in the last bits
(1940.0610000000004); they are written rounded to 4 decimal places (US$ 100), the precision of
the bundled extract, which a test proves comes out of DOTS_18 and DOTS_162 identical.
Names become codes through ``integration_indicators.economies``; partners that are
aggregates (Euro Area, Emerging and Developing Asia, ...) are set apart and counted, and so
are the workbooks of aggregates, except the World's: it is imported with the reporter
``WLD``, and its imports from the World (the world's imports, CIF) are the denominator of the
trade intensity index. Historical reporters are economies (the USSR ``SUN``,
Belgium-Luxembourg ``XBL``, Yemen Arab Rep. ``XYA``, ...: see ``economies``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from integration_indicators.errors import Problem, ValidationError
from integration_indicators.importers.imports import (
    ImportResult,
    Provenance,
    SourceRecord,
    observation_frame,
)
from integration_indicators.io.limits import LIMITS
from integration_indicators.io.safe_read import read_bytes

#: Sheets of a workbook -> indicator id and the short flow name used in ids.
SHEETS = {
    "Exports, FOB": ("trade.goods.exports", "exports"),
    "Imports, CIF": ("trade.goods.imports", "imports"),
}

#: Rows of the layout (1-based, as a spreadsheet shows them) and the column of the names
#: (0-based: column B); the years and values follow it.
REPORTER_ROW, UNIT_ROW, YEAR_ROW = 4, 5, 7
NAME_COLUMN = 1

#: Bad cells of a sheet listed in a report (the rest are counted).
REPORTED_CELLS = 50

#: Largest workbook read.
MAX_WORKBOOK_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class WorkbookRows:
    """One sheet's cells as published: partner names, years and values."""

    reporter: str
    partners: list[str]
    years: list[str]
    values: np.ndarray
    #: Spreadsheet row of each partner.
    rows: list[int]
    #: Cells the IMF marks as estimates ("0.44 e").
    estimated: np.ndarray


def _open(path: Path, name: str) -> object:
    """The workbook, read within its size limit from a regular file."""
    from python_calamine import CalamineError, CalamineWorkbook

    from integration_indicators.io.xlsx_bounds import bounded_workbook

    data = read_bytes(path, name, MAX_WORKBOOK_BYTES)
    if isinstance(data, Problem):
        raise ValidationError([data], str(path))
    checked = bounded_workbook(data, name, str(path))  # nothing is allocated past the limits
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(checked))
    except (CalamineError, ValueError, TypeError) as exc:
        problem = Problem(name, None, None, None, "dots-workbook", f"cannot read it: {exc}")
        raise ValidationError([problem], str(path)) from None


def _cell_values(
    grid: np.ndarray, name: str, location: str, years: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """The sheet's cells as numbers (NaN where empty) and whether the IMF marks each an
    estimate; every cell that is neither a finite number, ``N e`` nor empty is a problem."""
    width = grid.shape[1]
    flat = pd.Series(grid.ravel(), dtype="object")
    kinds = flat.map(type)
    # a number cell is a float or an int, never a bool (True is no value), never inf or nan
    numeric = kinds.isin([float, int]).to_numpy()
    numbers = np.full(len(flat), np.nan)
    numbers[numeric] = flat[numeric].to_numpy(dtype="float64")
    odd = (~numeric & ~kinds.isin([str]).to_numpy()) | (numeric & ~np.isfinite(numbers))
    if odd.any():  # shown as text, refused below (the other cells are not turned to text)
        flat = flat.copy()
        flat[odd] = flat[odd].astype("str")
    numbers[odd] = np.nan
    texts = flat[(~numeric | odd) & (flat != "").to_numpy()].astype("str").str.strip()
    # an estimate is text: "0.44 e", "1,032.13 e" (thousands separated)
    estimated_text = texts.str.fullmatch(r"-?[0-9]{1,3}(?:,[0-9]{3})*(?:\.[0-9]+)? e")
    parsed = pd.to_numeric(
        texts.where(estimated_text).str.removesuffix(" e").str.replace(",", ""), errors="coerce"
    )
    numbers[texts.index.to_numpy()] = parsed.to_numpy(dtype="float64")
    estimated = np.zeros(len(flat), dtype=bool)
    estimated[texts.index.to_numpy()] = estimated_text.to_numpy(dtype=bool)
    bad = texts.index[~estimated_text.to_numpy(dtype=bool)].to_numpy()
    if len(bad):
        message = "a value must be a number, 'N e' or empty (no booleans, no inf)"
        r, c = np.divmod(bad[:REPORTED_CELLS], width)
        problems = [
            Problem(
                name,
                YEAR_ROW + 1 + int(row),
                years[int(column)],
                flat[int(at)],
                "number-or-empty",
                message,
            )
            for row, column, at in zip(r, c, bad[:REPORTED_CELLS], strict=True)
        ]
        counts = {"number-or-empty": len(bad)} if len(bad) > REPORTED_CELLS else None
        raise ValidationError(problems, location, counts)
    return numbers, estimated


def read_sheet(path: Path, sheet: str, name: str, book: object | None = None) -> WorkbookRows:
    from python_calamine import CalamineError

    book = _open(path, name) if book is None else book
    try:
        table = book.get_sheet_by_name(sheet)  # type: ignore[attr-defined]
        cells = table.to_python(skip_empty_area=False)
    except (CalamineError, ValueError, KeyError, TypeError) as exc:
        problem = Problem(name, None, sheet, None, "dots-workbook", f"cannot read it: {exc}")
        raise ValidationError([problem], str(path)) from None

    def cell(row: int, column: int) -> object:
        return cells[row - 1][column] if len(cells) >= row and len(cells[row - 1]) > column else ""

    problems = []
    if str(cell(UNIT_ROW, NAME_COLUMN)) != "US Dollars, Millions":
        problems.append(
            Problem(
                name,
                UNIT_ROW,
                sheet,
                cell(UNIT_ROW, NAME_COLUMN),
                "dots-layout",
                "expected 'US Dollars, Millions' in column B",
            )
        )
    header = [str(x) for x in (cells[YEAR_ROW - 1] if len(cells) >= YEAR_ROW else [])]
    years = header[NAME_COLUMN + 1 :]
    if not years or not all(y.isascii() and y.isdigit() and len(y) == 4 for y in years):
        problems.append(
            Problem(
                name,
                YEAR_ROW,
                sheet,
                years[:3],
                "dots-layout",
                "expected the years as column headers from column C",
            )
        )
    if len(header) > LIMITS.max_columns:
        problems.append(
            Problem(
                name,
                YEAR_ROW,
                sheet,
                len(header),
                "too-many-columns",
                f"more than {LIMITS.max_columns} columns",
            )
        )
    if problems:
        raise ValidationError(problems, str(path))
    body = cells[YEAR_ROW:]
    partners = [str(r[NAME_COLUMN]).strip() for r in body]
    first = NAME_COLUMN + 1
    width = len(years)
    grid = np.empty((len(body), width), dtype=object)
    grid[:] = ""
    for position, row in enumerate(body):  # rows of a sheet (~230), not cells
        cells_of_row = row[first : first + width]
        grid[position, : len(cells_of_row)] = cells_of_row
    numbers, estimated = _cell_values(grid, name, str(path), years)
    values = numbers.reshape(len(body), width)
    estimates = estimated.reshape(len(body), width)
    rows = list(range(YEAR_ROW + 1, YEAR_ROW + 1 + len(body)))
    reporter = str(cell(REPORTER_ROW, NAME_COLUMN)).strip()
    if not reporter:
        problem = Problem(
            name,
            REPORTER_ROW,
            sheet,
            "",
            "dots-layout",
            "expected the reporter's IMF name in column B",
        )
        raise ValidationError([problem], str(path))
    return WorkbookRows(reporter, partners, years, values, rows, estimates)


#: Note of a value the IMF marks with "e".


def _source_id(file: Path) -> str:
    """``imf-dots-18`` for ``DOTS_18.xlsx``."""
    return "imf-" + file.stem.lower().replace("_", "-")


def read_dots_workbook(
    path: str | Path,
    *,
    keep_aggregates: bool = False,
    provenance: Provenance = Provenance(),  # noqa: B008 (frozen, immutable)
) -> ImportResult:
    """Read one DOTS workbook into catalogue observations (both sheets).

    Partners that are aggregates are left out (``dropped`` names them), except the World,
    which becomes the empty counterpart; ``keep_aggregates=True`` keeps them with their IMF
    name as counterpart, for analysis of the returned frame only (a catalogue's counterpart
    must be an economy code). A negative value, which no flow can be (the World's workbook
    prints five, with Malaysia), is left out and named in ``set_apart``.

    Raises
    ------
    ValidationError
        For a file that is not a DOTS workbook, with the sheet, row and column at fault.
    """
    from integration_indicators.model.economies import WORLD, codes_of_names

    file = Path(path)
    frames, dropped, reporter_name, negative = [], set(), "", []
    book = _open(file, file.name)
    for sheet, (indicator, flow) in SHEETS.items():
        rows = read_sheet(file, sheet, file.name, book)
        reporter_name = rows.reporter
        reporter = codes_of_names(pd.Series([rows.reporter])).iloc[0]
        if rows.reporter == "World":  # the world's trade: the totals of the trade intensity
            reporter = WORLD
        if not reporter:  # an aggregate's workbook (Euro Area, ...): set apart
            empty = observation_frame({"id": pd.Series([], dtype="str")})
            return ImportResult(
                empty, SourceRecord(_source_id(file), "", "IMF"), aggregate=rows.reporter
            )
        partner_names = pd.Series(rows.partners, dtype="str")
        partners = codes_of_names(partner_names)
        world = (partner_names == "World").to_numpy()
        aggregate = (partners == "").to_numpy() & ~world
        dropped |= set(partner_names[aggregate])
        counterpart = partners.where(~aggregate, partner_names) if keep_aggregates else partners
        keep = ~aggregate | keep_aggregates
        row_of, column_of = np.nonzero(np.isfinite(rows.values) & keep[:, None])
        long = pd.DataFrame(
            {
                "counterpart": counterpart.to_numpy()[row_of],
                "period": np.asarray(rows.years, dtype=object)[column_of],
                "number": rows.values[row_of, column_of],
                "estimated": rows.estimated[row_of, column_of],
            }
        )
        below = (long["number"] < 0).to_numpy()  # a flow cannot be negative: the IMF's print
        negative += [
            f"{rows.reporter}-{p or 'World'} {y} {flow}: {v:g}"
            for p, y, v in zip(
                partner_names.to_numpy()[row_of][below],
                long["period"][below],
                long["number"][below],
                strict=True,
            )
        ]
        long = long[~below].reset_index(drop=True)
        text = long["number"].round(4).astype("str")  # the shortest text of the float
        label = long["counterpart"].str.lower().where(long["counterpart"] != "", "wld")
        cited = ""
        if provenance.repository:
            where = f"{provenance.repository}@{provenance.commit}:{provenance.path}"
            cited = where.replace("{file}", file.name)
        frames.append(
            observation_frame(
                {
                    "id": f"dots-{reporter.lower()}-{flow}-" + label + "-" + long["period"],
                    "indicator": indicator,
                    "geo": reporter,
                    "counterpart": long["counterpart"],
                    "period": long["period"],
                    "as_of": provenance.as_of,
                    "value": text,
                    "unit": "million USD",
                    "qualifier": "exact",
                    "status": "official",
                    "cited_source": cited,
                    "source": _source_id(file),
                    "estimated": pd.Series(
                        np.where(long["estimated"], "true", ""), index=long.index
                    ),
                }
            )
        )
    source = SourceRecord(
        id=_source_id(file),
        title=f"Direction of Trade Statistics (DOTS): {reporter_name}",
        producer="IMF",
        dataset="Direction of Trade Statistics (DOTS)",
        repository=provenance.repository,
        commit=provenance.commit,
        path=provenance.path.replace("{file}", file.name),
        note=(
            f"Goods trade in US$ millions reported by {reporter_name} (exports FOB, imports "
            "CIF), from the IMF's Excel workbook; values rounded to 4 decimal places."
            + (f" Copy updated {provenance.as_of}." if provenance.as_of else "")
        ),
    )
    observations = pd.concat(frames, ignore_index=True)
    clash = observations["id"].duplicated(keep=False)
    if clash.any():
        # a partner listed twice in a sheet (under two groupings) with the same values: once
        observations = observations.drop_duplicates(["id", "value"], ignore_index=True)
        clash = observations["id"].duplicated(keep=False)
    if clash.any():
        problems = [
            Problem(
                file.name,
                None,
                None,
                row_id,
                "dots-duplicate",
                "a partner is listed twice with different values",
            )
            for row_id in observations.loc[clash, "id"].unique()[:20]
        ]
        raise ValidationError(problems, str(file))
    return ImportResult(observations, source, tuple(sorted(dropped)), set_apart=tuple(negative))


def read_dots_workbooks(
    paths: list[Path],
    *,
    provenance: Provenance = Provenance(),  # noqa: B008 (frozen, immutable)
    progress: bool = False,
) -> tuple[list[ImportResult], list[str]]:
    """Read many workbooks: the results of economies, and what was set apart, in words.

    Aggregates' workbooks (World, Euro Area, ...) are set apart; a workbook whose reporter
    and rows repeat an earlier one's (DOTS_144 repeats DOTS_143, Nicaragua) is skipped and
    named; one that repeats the reporter with other numbers is an error.
    """
    results: list[ImportResult] = []
    notes: list[str] = []
    seen: dict[str, tuple[str, pd.DataFrame]] = {}
    iterator = paths
    if progress:
        from tqdm import tqdm

        iterator = tqdm(paths, desc="DOTS workbooks", unit="workbook")
    for path in iterator:
        result = read_dots_workbook(path, provenance=provenance)
        if result.aggregate:
            notes.append(f"{path.name}: an aggregate ({result.aggregate}), set apart")
            continue
        geo = str(result.observations["geo"].iloc[0]) if len(result.observations) else ""
        rows = result.observations.drop(columns=["source", "cited_source"])
        if geo in seen:
            first, earlier = seen[geo]
            if rows.reset_index(drop=True).equals(earlier.reset_index(drop=True)):
                notes.append(f"{path.name}: repeats {first} ({geo}) row for row, skipped")
                continue
            problem = Problem(
                path.name,
                None,
                "geo",
                geo,
                "dots-duplicate",
                f"the reporter of {first} again, with other numbers",
            )
            raise ValidationError([problem], str(path))
        seen[geo] = (path.name, rows)
        if result.set_apart:
            shown = "; ".join(result.set_apart[:5]) + ("; ..." if len(result.set_apart) > 5 else "")
            notes.append(
                f"{path.name}: {len(result.set_apart)} negative flows as the IMF prints "
                f"them set apart (a flow cannot be negative): {shown}"
            )
        results.append(result)
    return results, notes
