"""A fact-checking desk's spreadsheet of claims as catalogue rows, ready to check.

The desk keeps what it reads (``DESK_COLUMNS``: the quote, the figure as printed, who said
it, where and when it was published, the address) and may name what it already knows
(``PLACE_COLUMNS``: indicator, geo, counterpart, period). ``read_claims`` turns each row into
an observation of the catalogue's format and each publication into a source:

- value, unit, scale word and hedge come from the figure and its quote
  (``model.figure_fields``);
- a missing indicator is proposed from the words of the quote and the figure's kind of unit
  (a currency, percent, "times", a count), by the words of the indicator names and
  definitions weighed by how rare they are, only where one indicator clearly leads;
- a missing geo and counterpart are the economies the quote names, in order
  (``model.economies.economies_in``); a missing period is the one the quote names as the
  press writes it (``model.periods.periods_in_copy``: one year, "last year" and "this year"
  from the date, "the first half", "H1 2022", "Q3" as months), or the date itself where it
  names none (a claim about the present);
- status is ``claimed`` where the row names who said it, else ``reported``; the note says
  which fields were proposed, for a person to review.

A row that cannot be completed is reported with the reason, never guessed; nothing is
written unless every row is complete and the catalogue with them validates.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from integration_indicators.errors import Problem
from integration_indicators.importers.imports import ImportResult, SourceRecord, observation_frame

if TYPE_CHECKING:
    from integration_indicators.catalogue import Catalogue

#: Columns a desk's spreadsheet must have.
DESK_COLUMNS = ("quote", "figure", "attributed_to", "published_in", "date", "url")

#: Columns it may have, where the desk already knows them.
PLACE_COLUMNS = ("indicator", "geo", "counterpart", "period")

#: Columns of the publication it may have: the currency it reports in, where not the US
#: dollar (a growth it states is judged in that currency: ``crosscheck.growth_currencies``).
PUBLICATION_COLUMNS = ("currency",)

#: How far the best indicator must lead the second to be proposed (score ratio).
PROPOSAL_LEAD = 1.5

#: Words too common in indicator names and definitions to tell them apart.
_COMMON = frozenset(
    {
        "that",
        "this",
        "with",
        "from",
        "their",
        "which",
        "where",
        "there",
        "other",
        "than",
        "over",
        "into",
        "have",
        "been",
        "each",
        "when",
        "between",
        "current",
        "value",
        "values",
        "number",
        "period",
    }
)


@dataclass(frozen=True, slots=True)
class ClaimsIntake:
    """What ``read_claims`` made of a spreadsheet."""

    #: One import per publication, its rows in the observation file's columns.
    results: tuple[ImportResult, ...]
    #: Rows it could not complete, each naming row, column, value and why.
    problems: tuple[Problem, ...]
    #: Per input row: the observation id and the fields it proposed ("" where none).
    proposed: pd.DataFrame
    #: The catalogue with the claims added (``add_claims``), in memory: the verdicts of the
    #: claims without loading the catalogue again. None before the claims are validated.
    catalogue: Catalogue | None = None


def _slug(text: pd.Series) -> pd.Series:
    slug = text.str.lower().str.normalize("NFKD").str.encode("ascii", "ignore").str.decode("ascii")
    slug = slug.str.replace(r"[^a-z0-9]+", "-", regex=True).str.strip("-").str.slice(0, 40)
    return slug.str.strip("-").replace("", "source")


def _stems(text: pd.Series) -> pd.Series:
    """The set of five-letter stems of the words of each text (four letters and more)."""
    words = text.fillna("").astype("str").str.lower().str.findall(r"[a-z]{4,}")
    return words.map(lambda ws: frozenset(w[:5] for w in ws if w not in _COMMON))


def _names_concept(texts: pd.Series, indicators: pd.DataFrame) -> np.ndarray:
    """text x indicator: whether the text names one of the indicator's ``concepts`` (each the
    start of a word, any case); True for an indicator that declares none."""
    concepts = (
        (
            indicators["concepts"]
            if "concepts" in indicators.columns
            else pd.Series("", index=indicators.index)
        )
        .fillna("")
        .astype("str")
    )
    lowered = texts.fillna("").astype("str").str.lower()
    found = np.ones((len(texts), len(indicators)), dtype=bool)
    for column, listed in enumerate(concepts):  # a few dozen indicators, each vectorised
        words = [w.strip().lower() for w in listed.split(";") if w.strip()]
        if words:
            pattern = r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + ")"
            found[:, column] = lowered.str.contains(pattern, regex=True).to_numpy(dtype=bool)
    return found


def propose_indicators(
    texts: pd.Series, kinds: pd.Series, indicators: pd.DataFrame
) -> tuple[pd.Series, pd.Series]:
    """The indicator each text most plausibly speaks of ("" where none leads clearly) and the
    candidates in words.

    *kinds* is each figure's kind of unit (``currency``, ``percent``, ``times`` or
    ``plain``); only indicators of that kind whose ``concepts`` the text names compete (an
    inflation quote is never proposed trade growth). Scores add the rarity (log of the
    number of indicators over those using it) of each stem the text shares with an
    indicator's name and definition.
    """
    from integration_indicators.model.figure_fields import unit_kinds

    kind_of = unit_kinds(indicators["unit"])
    stems = _stems(indicators["name"].astype("str") + " " + indicators["definition"].astype("str"))
    vocabulary = sorted({stem for found in stems for stem in found})
    column = {stem: i for i, stem in enumerate(vocabulary)}
    own = np.zeros((len(indicators), len(vocabulary)))  # indicator x stem: 1 where it uses it
    for row, found in enumerate(stems):  # a few dozen indicators
        own[row, [column[s] for s in found]] = 1.0
    weight = np.log(len(indicators) / np.fmax(own.sum(axis=0), 1.0))  # rarer weighs more
    words = _stems(texts).explode()
    hits = words.map(column).dropna()
    seen = np.zeros((len(texts), len(vocabulary)))  # text x stem
    seen[texts.index.get_indexer(hits.index), hits.to_numpy(dtype="int64")] = 1.0
    scores = (seen * weight) @ own.T  # text x indicator: the weight of the stems shared
    scores[kind_of.to_numpy()[None, :] != np.asarray(kinds)[:, None]] = 0.0
    scores[~_names_concept(texts, indicators)] = 0.0  # never an indicator the quote is not about
    ids = indicators["id"].astype("str").to_numpy()
    order = np.argsort(-scores, axis=1, kind="stable")
    ranked = np.take_along_axis(scores, order, axis=1)
    best = ranked[:, 0] if len(ids) else np.zeros(len(texts))
    second = ranked[:, 1] if len(ids) > 1 else np.zeros(len(texts))
    leading = (best > 0) & (best >= PROPOSAL_LEAD * second)
    chosen = np.where(leading, ids[order[:, 0]] if len(ids) else "", "")
    said = [
        ", ".join(str(ids[i]) for i, x in zip(o[:3], r[:3], strict=True) if x > 0)
        or f"no {kind} indicator shares a word with it"
        for o, r, kind in zip(order, ranked, kinds, strict=True)
    ]  # the words, per row
    return pd.Series(chosen, index=texts.index), pd.Series(said, index=texts.index)


def fields_and_indicators(
    figures: pd.Series,
    quotes: pd.Series,
    given: pd.Series,
    indicators: pd.DataFrame,
    *,
    keep_values: bool = False,
    geos: pd.Series | None = None,
    years: pd.Series | None = None,
) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """The observation fields of each figure read with its indicator's unit and sign: the
    indicator *given* ("" where none), else the one ``propose_indicators`` finds for the
    figure's kind of unit in the figure and quote; *geos* and *years* (each claim's economy
    and year, where known) settle an ambiguous currency. Returns the fields, the indicator
    of each row (as given, or proposed; "" where none leads) and the candidates in words."""
    from integration_indicators.model.figure_fields import figure_fields, unit_kinds, without_scale

    blank = pd.Series("", index=figures.index)
    place = {"geos": geos, "years": years}
    first = figure_fields(figures, quotes, blank, keep_values=keep_values, **place)
    guessed, candidates = propose_indicators(
        figures + " " + quotes, unit_kinds(first["unit"]), indicators
    )
    indicator = given.where(given != "", guessed)
    definitions = indicators.set_index("id")
    known = indicator.where(indicator.isin(definitions.index), "")
    base = without_scale(known.map(definitions["unit"]).fillna("").astype("str"))
    sign = known.map(definitions["sign"]).fillna("").astype("str")
    fields = figure_fields(figures, quotes, base, sign, keep_values=keep_values, **place)
    return fields, indicator, candidates


def read_claims(
    path: str | Path, indicators: pd.DataFrame, *, keep_going: bool = False
) -> ClaimsIntake:
    """The claims of a desk's spreadsheet (CSV) as catalogue rows; see the module. Every
    problem of every row is reported at once; with *keep_going* the rows without one are
    made into catalogue rows beside the problems of the others."""
    from integration_indicators.io.readers import column_problems, read_csv_table

    source = Path(path)
    known = (*DESK_COLUMNS, *PLACE_COLUMNS, *PUBLICATION_COLUMNS)
    table = read_csv_table(source, source.name, known)
    problems = list(table.problems)
    present = list(table.frame.columns)
    optional = [c for c in (*PLACE_COLUMNS, *PUBLICATION_COLUMNS) if c not in present]
    problems += [
        p
        for p in column_problems(source.name, present, known)
        if not (p.rule == "missing-column" and p.column in optional)
    ]
    empty = pd.DataFrame(columns=["row", "id", "proposed"], dtype="str")
    if problems:
        return ClaimsIntake((), tuple(problems), empty)
    frame = table.frame.fillna("").astype("str")
    if frame.empty:
        message = "the spreadsheet holds no claims: one row per claim under the header"
        return ClaimsIntake(
            (), (Problem(source.name, None, None, "", "empty-file", message),), empty
        )
    for column in optional:
        frame[column] = ""
    rows = np.asarray(table.rows)
    fields, proposed, place_problems = _placed(frame, indicators, source.name, rows)
    problems += place_problems
    for column in ("quote", "figure", "published_in", "date"):
        missing = (frame[column].str.strip() == "").to_numpy()
        problems += [
            Problem(
                source.name,
                int(r),
                column,
                "",
                "not-empty",
                f"a claim needs its {column.replace('_', ' ')}",
            )
            for r in rows[missing]
        ]
    problems += _currency_problems(frame["currency"], source.name, rows)
    said = tuple(sorted(problems, key=lambda p: (p.row or 0, p.column or "")))
    refused = np.isin(rows, [p.row for p in problems if p.row is not None])
    if problems and (not keep_going or refused.all()):
        return ClaimsIntake((), said, empty)
    kept = ~refused
    intake = _as_imports(frame[kept], fields[kept], proposed[kept], rows[kept])
    return ClaimsIntake(intake.results, said, intake.proposed)


def _placed(
    frame: pd.DataFrame, indicators: pd.DataFrame, file: str, rows: np.ndarray
) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem]]:
    """Fields of every row (figure, place and period), what was proposed, and problems."""
    from integration_indicators.model.economies import economies_in

    definitions = indicators.set_index("id")
    problems: list[Problem] = []
    named = economies_in(frame["quote"])
    geo = frame["geo"].where(frame["geo"] != "", named.map(lambda c: c[0] if c else ""))
    from integration_indicators.model.periods import periods_in_copy

    years = frame["quote"].str.findall(r"\b(?:19|20)[0-9]{2}\b").map(lambda ys: sorted(set(ys)))
    in_copy = periods_in_copy(frame["quote"], frame["date"])  # "last year", "H1 2022", "Q3"
    period = frame["period"].where(
        frame["period"] != "", in_copy.where(in_copy != "", frame["date"])
    )
    in_year = pd.to_numeric(period.str.extract(r"^([0-9]{4})", expand=False), errors="coerce")
    fields, indicator, candidates = fields_and_indicators(
        frame["figure"],
        frame["quote"],
        frame["indicator"],
        indicators,
        geos=geo,
        years=in_year.fillna(0).astype("int64"),
    )
    unknown = (indicator != "") & ~indicator.isin(definitions.index)
    for r, value in zip(rows[unknown.to_numpy()], indicator[unknown], strict=True):
        problems.append(
            Problem(
                file,
                int(r),
                "indicator",
                value,
                "unknown-indicator",
                "no indicator with this id in the catalogue",
            )
        )
    unplaced = (indicator == "").to_numpy()
    for r, said in zip(rows[unplaced], candidates[unplaced], strict=True):
        problems.append(
            Problem(
                file,
                int(r),
                "indicator",
                "",
                "cannot-place",
                f"no indicator clearly fits the quote (best: {said}): write the indicator column",
            )
        )
    known = indicator.where(~unknown, "")
    unreadable = ((fields["problem"] != "") & (known != "")).to_numpy()
    said = zip(
        rows[unreadable], frame["figure"][unreadable], fields["problem"][unreadable], strict=True
    )
    problems += [
        Problem(file, int(r), "figure", figure, "figure-unreadable", message)
        for r, figure, message in said
    ]
    has_counterpart = known.map(definitions["counterpart"]).fillna("").astype("str") != ""
    second = named.map(lambda c: c[1] if len(c) > 1 else "")
    counterpart = frame["counterpart"].where(
        (frame["counterpart"] != "") | ~has_counterpart, second
    )
    for r in rows[((geo == "") & (indicator != "")).to_numpy()]:
        problems.append(
            Problem(
                file,
                int(r),
                "geo",
                "",
                "cannot-place",
                "the quote names no economy: write the geo column",
            )
        )
    several = (frame["period"] == "") & (years.map(len) > 1)
    for r, ys in zip(rows[several.to_numpy()], years[several], strict=True):
        problems.append(
            Problem(
                file,
                int(r),
                "period",
                "",
                "cannot-place",
                f"the quote names several years ({', '.join(ys)}): write the period column",
            )
        )
    proposed = pd.DataFrame(
        {
            "indicator": np.where(frame["indicator"] == "", known, ""),
            "geo": np.where(frame["geo"] == "", geo, ""),
            "counterpart": np.where(frame["counterpart"] == "", counterpart, ""),
            "period": np.where(frame["period"] == "", period, ""),
        },
        index=frame.index,
    )
    placed = fields.assign(indicator=known, geo=geo, counterpart=counterpart, period=period)
    return placed, proposed, problems


def _statuses(frame: pd.DataFrame, periods: pd.Series) -> np.ndarray:
    """``announced`` for a figure about a period that ends after it was stated (a plan, a
    target), else ``claimed`` where a person or body is named and ``reported`` where not."""
    from integration_indicators.model.periods import parse_periods

    ends = parse_periods(periods.astype("str"))["end"].to_numpy().astype("datetime64[D]")
    said = parse_periods(frame["date"].astype("str"))["end"].to_numpy().astype("datetime64[D]")
    with np.errstate(invalid="ignore"):
        ahead = ~np.isnat(ends) & ~np.isnat(said) & (ends > said + np.timedelta64(92, "D"))
    named = (frame["attributed_to"].str.strip() != "").to_numpy()
    return np.where(ahead, "announced", np.where(named, "claimed", "reported"))


def add_claims(
    path: str | Path,
    directory: str | Path,
    name: str,
    *,
    dry_run: bool = False,
    replace: bool = False,
    keep_going: bool = False,
) -> tuple[ClaimsIntake, tuple[Path, Path] | None]:
    """Read a desk's spreadsheet into the catalogue in *directory* as
    ``observations-NAME.csv`` and ``sources-NAME.yaml``, beside what NAME already holds.

    The claims join those NAME holds (:func:`merge_held`): a claim it holds already (the
    same source, quote and figure) keeps its id, identical rows are kept once, and a held
    claim whose fields the spreadsheet changes is refused unless *replace*. The catalogue's
    writers' lock is held from reading to writing, so concurrent adds lose nothing.

    Raises ``ValidationError`` with every problem (rows it cannot complete, or the catalogue
    with them failing a rule) and writes nothing then; with *dry_run* nothing is written
    either way. With *keep_going* the rows that pass are written and the problems of the
    others are the intake's (``problems``: the caller writes them beside the output); a row
    the catalogue's rules refuse is set apart too, in one more validation. Returns the intake
    (the spreadsheet's claims, with their ids) and the files written (None for a dry run).
    """
    from integration_indicators.importers.imports import check_import_name
    from integration_indicators.io.catalogue_lock import catalogue_lock

    check_import_name(name)
    folder = Path(directory)
    how = {"replace": replace, "keep_going": keep_going}
    if dry_run:
        return _add_claims(Path(path), folder, name, dry_run=True, **how)
    with catalogue_lock(folder):
        return _add_claims(Path(path), folder, name, dry_run=False, **how)


def _add_claims(
    path: Path, folder: Path, name: str, *, dry_run: bool, replace: bool, keep_going: bool
) -> tuple[ClaimsIntake, tuple[Path, Path] | None]:
    from integration_indicators.catalogue.loader import load
    from integration_indicators.errors import ValidationError
    from integration_indicators.importers.imports import (
        sources_already_held,
        write_catalogue_files,
    )

    catalogue = load(folder)  # the catalogue the claims join, valid before they do: one load
    intake = read_claims(path, catalogue.indicators, keep_going=keep_going)
    if intake.problems and not intake.results:
        raise ValidationError(intake.problems, str(path))
    held = sources_already_held(list(intake.results), folder, name)
    if held:
        raise ValidationError(
            [Problem(path.name, None, "published_in", None, "source-held", held)], str(path)
        )
    intake, merged = merge_held(intake, folder, name, replace=replace, sheet=path.name)
    joined = None
    for attempt in range(2 if keep_going else 1):  # keep_going: once more, the refused apart
        try:
            joined = catalogue.with_observations(_trial(folder, name, merged, catalogue))
            break
        except ValidationError as exc:
            said = _on_sheet(exc.problems, intake, merged, name, path.name)
            refused = {p.row for p in said if p.file == path.name and p.row is not None}
            if not keep_going or attempt or not refused:
                raise ValidationError(said, str(path)) from None
            intake, merged = _without_rows(intake, merged, refused, said)
    intake = dataclasses.replace(intake, catalogue=joined)
    if dry_run:
        return intake, None
    return intake, write_catalogue_files(merged, folder, name, "claims add")


def _without_rows(
    intake: ClaimsIntake, merged: list[ImportResult], refused: set[int], said: list[Problem]
) -> tuple[ClaimsIntake, list[ImportResult]]:
    """*intake* and *merged* without the spreadsheet rows *refused*, their problems added."""
    gone = set(intake.proposed.loc[intake.proposed["row"].astype("int64").isin(refused), "id"])

    def without(result: ImportResult) -> ImportResult:
        rows = result.observations
        return ImportResult(rows[~rows["id"].isin(gone)].reset_index(drop=True), result.source)

    kept = [without(r) for r in merged]
    results = tuple(without(r) for r in intake.results)
    proposed = intake.proposed[~intake.proposed["id"].isin(gone)].reset_index(drop=True)
    return ClaimsIntake(results, (*intake.problems, *said), proposed), kept


def _trial(folder: Path, name: str, merged: list[ImportResult], catalogue: Catalogue) -> Catalogue:
    """Validate *merged* as NAME's files with the definitions and sources of *folder*, in a
    scratch copy that holds no other observation file: the official rows, validated by the
    load of *catalogue*, are not read again. An id another file of *catalogue* uses is
    refused as the whole catalogue's validation would. Returns the scratch catalogue."""
    import shutil
    import tempfile

    from integration_indicators.catalogue.loader import load
    from integration_indicators.errors import ValidationError
    from integration_indicators.importers.imports import write_catalogue_files
    from integration_indicators.io.catalogue_files import (
        OBSERVATIONS_EXTRA,
        OBSERVATIONS_FILE,
        is_catalogue_file,
    )
    from integration_indicators.validation.checks import UNIQUE
    from integration_indicators.validation.tables import file_columns

    own = f"observations-{name}.csv"
    with tempfile.TemporaryDirectory(prefix="claims-add-") as scratch:
        trial = Path(scratch)  # the claims with the catalogue's definitions, before any write
        replaced = (own, f"sources-{name}.yaml")
        for entry in folder.iterdir():
            observations = entry.name == OBSERVATIONS_FILE or fnmatchcase(
                entry.name, OBSERVATIONS_EXTRA
            )
            kept = is_catalogue_file(entry.name) and entry.name not in replaced
            if kept and not observations and entry.is_file() and not entry.is_symlink():
                shutil.copyfile(entry, trial / entry.name)
        (trial / OBSERVATIONS_FILE).write_text(",".join(file_columns()) + "\n", encoding="utf-8")
        write_catalogue_files(merged, trial, name, "claims add")
        ids = pd.concat([r.observations["id"] for r in merged], ignore_index=True)
        held = _held_claims(folder, name)[0]["id"]
        others = pd.concat([catalogue.observations()["id"], catalogue.superseded()["id"]])
        # the long column looks up the short one (an Arrow column's isin walks its argument)
        clash = others[others.isin(ids) & ~others.isin(held)]
        taken = ids.isin(clash).to_numpy()
        clashes = [
            Problem(own, int(at) + 2, "id", str(ids.iloc[at]), "unique", UNIQUE)
            for at in np.flatnonzero(taken)
        ]
        try:
            added = load(trial, cache=False)
        except ValidationError as exc:
            raise ValidationError([*exc.problems, *clashes], str(folder)) from None
        if clashes:
            raise ValidationError(clashes, str(folder))
        return added


#: Fields of a desk's source that tell two publications apart.
_SOURCE_KEYS = ("title", "date_published", "url_main")


def _held_claims(folder: Path, name: str) -> tuple[pd.DataFrame, dict[str, SourceRecord]]:
    """What ``claims add --name NAME`` wrote earlier into *folder*: its rows (text) and its
    source records by id; nothing where it wrote nothing."""
    from dataclasses import fields as record_fields

    from integration_indicators.catalogue.loader import read_source_table
    from integration_indicators.errors import ValidationError
    from integration_indicators.importers.imports import check_replaceable
    from integration_indicators.io.readers import read_csv_table
    from integration_indicators.validation.tables import file_columns

    observations, sources = folder / f"observations-{name}.csv", folder / f"sources-{name}.yaml"
    if not observations.exists() and not sources.exists():
        return pd.DataFrame(columns=list(file_columns()), dtype="str"), {}
    check_replaceable(observations, sources, name)
    rows = read_csv_table(observations, observations.name, file_columns())
    table = read_source_table(sources)
    problems = [*rows.problems, *table.problems]
    if problems:
        raise ValidationError(problems, str(folder))
    names = [f.name for f in record_fields(SourceRecord)]
    records = {}
    for entry in table.frame.fillna("").astype("str").to_dict("records"):
        given = {k: v for k, v in entry.items() if k in names}
        for listed in ("authors", "inferred"):
            given[listed] = tuple(x for x in str(given.get(listed, "")).split("; ") if x)
        records[str(entry["id"])] = SourceRecord(**given)
    return rows.frame.fillna("").astype("str"), records


def merge_held(
    intake: ClaimsIntake, folder: Path, name: str, *, replace: bool, sheet: str
) -> tuple[ClaimsIntake, list[ImportResult]]:
    """The spreadsheet's claims joined to those NAME holds, by claim: the intake with each
    claim's final id, and the imports to write (held rows first, in their order).

    A claim is the same claim where source, quote and figure agree; it keeps the held id.
    A new claim of a held source is numbered after that source's held claims. A held claim
    the spreadsheet gives other fields, or a held source it gives another title, date or
    address, is a ``ValidationError`` [claim-changed] unless *replace*.
    """
    from integration_indicators.errors import ValidationError

    held, records = _held_claims(folder, name)
    new = pd.concat([r.observations for r in intake.results], ignore_index=True).astype("str")
    problems: list[Problem] = []
    for result in intake.results:  # a few publications
        before = records.get(result.source.id)
        if before is None:
            continue
        changed = [k for k in _SOURCE_KEYS if getattr(before, k) != getattr(result.source, k)]
        if changed and not replace:
            problems.append(
                Problem(
                    sheet,
                    None,
                    "published_in",
                    result.source.title,
                    "claim-changed",
                    f"source {result.source.id} is held with another "
                    f"{', '.join(changed)}; write --replace to take the new "
                    "one",
                )
            )
    key = ["source", "quote", "figure"]
    known = dict(zip(map(tuple, held[key].to_numpy().tolist()), held["id"], strict=True))
    same = pd.Series(
        [known.get(tuple(k)) for k in new[key].to_numpy().tolist()], index=new.index, dtype="object"
    )
    numbers = held["id"].str.extract(r"-(\d+)$")[0].astype("float64")
    last = numbers.groupby(held["source"]).max()
    fresh = same.isna()
    after = new["source"].map(last).fillna(0).astype("int64")
    count = new[fresh].groupby("source").cumcount() + 1
    ids = new["id"].copy()
    ids[fresh] = new.loc[fresh, "source"] + "-" + (after[fresh] + count).astype("str")
    ids[~fresh] = same[~fresh].astype("str")
    renamed = dict(zip(new["id"], ids, strict=True))
    new = new.assign(id=ids)
    proposed = intake.proposed.assign(id=intake.proposed["id"].map(renamed))
    held_by_id = held.set_index("id")
    repeated = new[~fresh]
    differs = [
        row
        for row in repeated.to_dict("records")
        if held_by_id.loc[row["id"]].to_dict() != {k: v for k, v in row.items() if k != "id"}
    ]  # the claims given again: a few rows
    if differs and not replace:
        row_of = dict(zip(proposed["id"], proposed["row"], strict=True))
        for row in differs:
            was = held_by_id.loc[row["id"]]
            fields = [c for c in was.index if str(was[c]) != str(row[c])]
            problems.append(
                Problem(
                    sheet,
                    int(row_of[row["id"]]),
                    fields[0],
                    row[fields[0]],
                    "claim-changed",
                    f"claim {row['id']} is held with {fields[0]} "
                    f"{was[fields[0]]!r}; write --replace to take the new "
                    f"fields ({', '.join(fields)})",
                )
            )
    if problems:
        raise ValidationError(problems, sheet)
    changed_ids = {r["id"] for r in differs}
    kept = held[~held["id"].isin(changed_ids)]
    rows = pd.concat([kept, new[fresh | new["id"].isin(changed_ids)]], ignore_index=True)
    chosen = dict(records)
    for result in intake.results:
        if replace or result.source.id not in chosen:
            chosen[result.source.id] = result.source
    merged = [
        ImportResult(rows[rows["source"] == sid].reset_index(drop=True), record)
        for sid, record in chosen.items()
    ]
    results = tuple(
        ImportResult(new[new["source"] == r.source.id].reset_index(drop=True), chosen[r.source.id])
        for r in intake.results
    )
    return ClaimsIntake(results, intake.problems, proposed), merged


def _on_sheet(
    problems: tuple[Problem, ...],
    intake: ClaimsIntake,
    merged: list[ImportResult],
    name: str,
    sheet: str,
) -> list[Problem]:
    """*problems* of the new observation file said of the spreadsheet rows they came from;
    others (another file of the catalogue, a claim held before) as they are."""
    written = pd.concat([r.observations["id"] for r in merged], ignore_index=True)
    row_of = dict(zip(intake.proposed["id"], intake.proposed["row"], strict=True))
    said = []
    for problem in problems:
        if problem.file == f"observations-{name}.csv" and problem.row is not None:
            claim = written.iloc[problem.row - 2]
            if claim not in row_of:
                said.append(problem)
                continue
            said.append(
                Problem(
                    sheet,
                    int(row_of[claim]),
                    problem.column,
                    problem.value,
                    problem.rule,
                    f"{problem.message} (claim {claim})",
                )
            )
        else:
            said.append(problem)
    return said


def _currency_problems(currency: pd.Series, sheet: str, rows: np.ndarray) -> list[Problem]:
    """A publication's currency must be empty or an ISO 4217 code in use."""
    from integration_indicators.model.currency_words import active_currencies

    wrong = ((currency != "") & ~currency.isin(sorted(active_currencies()))).to_numpy()
    return [
        Problem(
            sheet,
            int(r),
            "currency",
            str(v),
            "currency-code-or-empty",
            "must be empty or an ISO 4217 code of a currency in use (EUR, RUB): the "
            "currency the publication reports in",
        )
        for r, v in zip(rows[wrong], currency[wrong], strict=True)
    ]


def _as_imports(
    frame: pd.DataFrame, fields: pd.DataFrame, proposed: pd.DataFrame, rows: np.ndarray
) -> ClaimsIntake:
    publication = frame.loc[:, ["published_in", "date", "url"]]
    keys, distinct = pd.factorize(pd.MultiIndex.from_frame(publication))
    titles = pd.Series([t for t, _, _ in distinct], dtype="str")
    dates = pd.Series([d for _, d, _ in distinct], dtype="str")
    source_ids = (_slug(titles) + "-" + dates.str.replace(r"[^0-9-]", "", regex=True)).to_numpy()
    for i, sid in enumerate(source_ids):  # two publications with one slug: number them
        if list(source_ids).count(sid) > 1:
            source_ids[i] = f"{sid}-{i + 1}"
    source_of = pd.Series(source_ids[keys], index=frame.index)
    given = frame["currency"].where(frame["currency"] != "")
    currency_of = given.groupby(keys).first().reindex(range(len(distinct))).fillna("")
    ids = source_of + "-" + (frame.groupby(source_of).cumcount() + 1).astype("str")
    what = proposed.apply(lambda r: ", ".join(c for c in proposed.columns if r[c]), axis=1)
    note = what.map(lambda w: f"proposed by claims add from the quote: {w}; review" if w else "")
    observations = observation_frame(
        {
            "id": ids,
            "indicator": fields["indicator"],
            "geo": fields["geo"],
            "counterpart": fields["counterpart"],
            "period": fields["period"],
            "as_of": frame["date"],
            "value": fields["value"],
            "lower": fields["lower"],
            "upper": fields["upper"],
            "unit": fields["unit"],
            "qualifier": fields["qualifier"],
            "status": pd.Series(_statuses(frame, fields["period"]), index=frame.index),
            "figure": frame["figure"],
            "quote": frame["quote"],
            "attributed_to": frame["attributed_to"],
            "source": source_of,
            "note": note,
        }
    )
    results = []
    for position, (title, date, url) in enumerate(distinct):
        record = SourceRecord(
            id=str(source_ids[position]),
            title=str(title),
            producer="",
            kind="news",
            date_published=str(date),
            url_main=str(url),
            currency=str(currency_of[position]),
            note=(
                "Entered by integration-indicators claims add from a desk's spreadsheet: the "
                "title is the outlet or document title as the desk wrote it (published_in); "
                "the document itself is not held."
            ),
        )
        mine = keys == position
        results.append(ImportResult(observations[mine].reset_index(drop=True), record))
    table = pd.DataFrame({"row": rows.astype("str"), "id": ids.to_numpy(), "proposed": what})
    return ClaimsIntake(tuple(results), (), table.reset_index(drop=True))
