"""The ``integration-indicators`` command: validate, list and export catalogues.

A thin layer over the library: each sub-command calls one public function and prints its
result; a ``ValidationError`` prints its report and exits 1.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from integration_indicators.errors import IndicatorError, ValidationError
from integration_indicators.io.outputs import (
    catalogue_paths,
    check_output_file,
    write_text_atomic,
)

if TYPE_CHECKING:
    from integration_indicators.catalogue import Catalogue
from integration_indicators.catalogue.loader import load
from integration_indicators.publish.export import EXPORT_FORMATS, export_observations


def _validate(args: argparse.Namespace) -> int:
    if args.format == "json":
        import json

        from integration_indicators.analysis.described_files import validate

        report = validate(args.catalogue or args.path)
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=1, default=str))
        return 0 if report.valid else 1
    from integration_indicators.analysis.described_files import check_described_files

    catalogue = load(args.catalogue or args.path)
    check_described_files(catalogue)
    print(catalogue.summary())
    return 0


def _list(args: argparse.Namespace) -> int:

    table = load(args.catalogue).indicator_summary()
    print(_fitted(table, width=100))
    return 0


def _fitted(table: Any, *, width: int) -> str:
    """``list``'s table within *width* columns: indicator, unit, observations, and as many
    of the sources as fit, the rest counted."""
    name_width = min(36, max(9, int(table["indicator"].str.len().max())))
    unit_width = min(14, max(4, int(table["unit"].str.len().max())))
    left = width - name_width - unit_width - 9 - 3
    lines = [f"{'indicator':<{name_width}} {'unit':<{unit_width}} {'rows':>8} sources"]
    for row in table.itertuples(index=False):
        names = [s for s in str(row.sources).split(", ") if s]
        said = ""
        for n, source in enumerate(names):
            rest = len(names) - n - 1
            candidate = (said + ", " if said else "") + source
            tail = f" +{rest} more" if rest else ""
            if len(candidate + tail) > left:
                said = (said or source[: max(0, left - 12)]) + f" +{len(names) - n} more"
                break
            said = candidate
        indicator, unit = str(row.indicator)[:name_width], str(row.unit)[:unit_width]
        lines.append(
            f"{indicator:<{name_width}} {unit:<{unit_width}} {row.observations:>8} {said}"[:width]
        )
    return "\n".join(lines)


def _export(args: argparse.Namespace) -> int:
    if args.format in ("datapackage", "parquet"):
        from integration_indicators.publish.datapackage import export_datapackage
        from integration_indicators.publish.parquet_export import export_parquet

        if args.output is None:
            raise UsageError(f"export --format {args.format} needs -o DIRECTORY")
        writer = export_datapackage if args.format == "datapackage" else export_parquet
        writer(load(args.catalogue), args.output)
        print(f"wrote {args.output}", file=sys.stderr)
        return 0
    text = export_observations(load(args.catalogue), args.format, args.output)
    if args.output is None:
        sys.stdout.write(text)
    else:
        print(f"wrote {args.output}", file=sys.stderr)
    return 0


def _metrics(args: argparse.Namespace) -> int:
    from integration_indicators.analysis.headline import headline_metrics, render
    from integration_indicators.publish.export import render as render_records

    catalogue = _loaded(args)
    table = headline_metrics(catalogue)
    for note in table.attrs.get("notes", []):
        print(f"note: {note}", file=sys.stderr)
    if args.format == "table":
        text = render(table)
    elif args.format == "csv":
        text = render_records(table, "csv", columns=None)
    else:
        text = render_records(table, "json", columns=None)
    return _emit(text, args.output, catalogue)


def _emit(text: str, output: str | None, catalogue: Catalogue) -> int:
    """Write *text* to standard output, or atomically to *output* and say so (never over a
    file of *catalogue* or of the package)."""
    if output is None:
        sys.stdout.write(text)
    else:
        check_output_file(output, catalogue_paths(catalogue))
        write_text_atomic(output, text)
        print(f"wrote {output}", file=sys.stderr)
    return 0


def _crosscheck(args: argparse.Namespace) -> int:
    import numpy as np
    import pandas as pd

    from integration_indicators.publish.claimreview import render_claim_reviews
    from integration_indicators.publish.export import render as render_records

    catalogue = _loaded(args)
    table = catalogue.crosscheck()
    for note in table.attrs.get("notes", []):
        print(f"note: {note}", file=sys.stderr)
    if args.format == "claimreview":
        text = render_claim_reviews(
            table,
            catalogue.sources,
            base_url=args.base_url,
            publisher=args.publisher,
            include_all=args.all,
        )
    elif args.format in ("csv", "json"):
        text = render_records(table, args.format, columns=None)
    else:
        from integration_indicators.publish.numbers import for_people_column, interval_column

        units = table["unit"].astype("str").to_numpy()
        official = for_people_column(table["official_value"].to_numpy(dtype="float64"), units)
        gap = table["gap_percent"].to_numpy(dtype="float64")
        shown = pd.DataFrame(
            {  # numbers as people say them; csv and json keep the values
                "of_record": table["of_record"],
                "claim": table["claim"],
                "basis": table["basis"],
                "rule": table["rule"],
                "official": table["official_period"]
                .astype("str")
                .where(table["official_value"].notna(), "")
                + " "
                + official,
                "claimed": interval_column(
                    table["claimed_lower"].to_numpy(dtype="float64"),
                    table["claimed_upper"].to_numpy(dtype="float64"),
                    units,
                ),
                "gap": np.where(np.isnan(gap), "", np.char.mod("%+.1f%%", np.nan_to_num(gap))),
                "verdict": table["verdict"],
            }
        )
        with pd.option_context("display.width", 200, "display.max_columns", 20):
            text = shown.to_string(index=False) + "\n"
    return _emit(text, args.output, catalogue)


def _claims_add(args: argparse.Namespace) -> int:
    import pandas as pd

    from integration_indicators.importers.claims import add_claims

    folder = Path(args.output)
    if not args.dry_run and (
        not folder.exists() or (folder.is_dir() and not any(folder.iterdir()))
    ):
        _desk_catalogue(folder, Path(args.official) if args.official else None)
    intake, written = add_claims(
        args.spreadsheet,
        args.output,
        args.name,
        dry_run=args.dry_run,
        replace=args.replace,
        keep_going=args.keep_going,
    )
    if intake.problems and written is not None:
        _write_refused(intake.problems, folder / f"refused-{args.name}.csv", args.spreadsheet)
    rows = pd.concat([r.observations for r in intake.results], ignore_index=True)
    proposed = intake.proposed[intake.proposed["proposed"] != ""]
    for row in proposed.itertuples(index=False):  # what a person should review
        print(f"row {row.row} ({row.id}): proposed {row.proposed}; review", file=sys.stderr)
    if written is None:
        print(f"dry run: {len(rows)} claims would be written (nothing was):", file=sys.stderr)
        sys.stdout.write(rows.to_csv(index=False, lineterminator="\n"))
        return 0
    print(
        f"wrote {len(rows)} claims of {len(intake.results)} sources: {written[0]}, {written[1]}",
        file=sys.stderr,
    )
    # the catalogue with the claims, as validated before writing: no second load
    joined = intake.catalogue if intake.catalogue is not None else load(args.output)
    table = joined.crosscheck()
    mine = table[table["claim"].isin(set(rows["id"])) & table["of_record"]]
    from integration_indicators.publish.numbers import for_people_column

    said = for_people_column(
        mine["official_value"].to_numpy(dtype="float64"), mine["unit"].astype("str").to_numpy()
    )
    reason = mine["reasons"].astype("str").str.split("; ").str[0].str.slice(0, 70)
    columns = [
        "claim",
        "indicator",
        "geo",
        "period",
        "figure",
        "official_period",
        "official",
        "verdict",
        "reason",
    ]
    shown = {"display.width": 250, "display.max_columns": 20, "display.max_colwidth": 70}
    with pd.option_context(shown):
        print(mine.assign(official=said, reason=reason).loc[:, columns].to_string(index=False))
    return 0


def _desk_catalogue(folder: Path, official: Path | None) -> None:
    """A new catalogue for a desk's claims that already holds the official series to check
    them against: an empty catalogue (``init``) with the official observation and source
    files of *official* (default: the bundled catalogue's)."""
    from integration_indicators.catalogue.loader import bundled_path
    from integration_indicators.errors import Problem
    from integration_indicators.io.limits import LIMITS
    from integration_indicators.io.outputs import write_files_together
    from integration_indicators.io.safe_read import read_bytes

    source = official or bundled_path()
    if not source.is_dir():
        raise UsageError(f"--official {source}: write a catalogue directory")
    files, problems = {}, []
    for pattern, limit in (
        ("observations-*.csv", LIMITS.max_csv_bytes),
        ("sources-*.yaml", LIMITS.max_yaml_bytes),
    ):
        for path in sorted(source.glob(pattern)):
            data = read_bytes(path, path.name, limit)  # a regular file, within the limits
            if isinstance(data, Problem):
                problems.append(data)
            else:
                files[folder / path.name] = data
    if problems:
        raise ValidationError(problems, str(source))
    if _init(argparse.Namespace(directory=str(folder), with_case_study=False)) != 0:
        raise UsageError(f"{folder} could not be made a catalogue: write a new directory")
    if files:
        write_files_together(files)
    print(
        f"made {folder}: an empty catalogue with the official series of {source} "
        f"({len(files) // 2} datasets) to check the claims against",
        file=sys.stderr,
    )


def _write_refused(problems: Sequence[Any], path: Path, sheet: str) -> None:
    """The refused rows' problems as a CSV beside the output (formulas neutralised)."""
    import pandas as pd

    from integration_indicators.publish.export import csv_text

    cells = [
        ["" if x is None else str(x) for x in (p.row, p.column, p.value, p.rule, p.message)]
        for p in problems
    ]
    table = pd.DataFrame(cells, columns=["row", "column", "value", "rule", "reason"], dtype="str")
    write_text_atomic(path, csv_text(table))
    print(
        f"refused {table['row'].nunique()} rows of {sheet}: their reasons are in {path}",
        file=sys.stderr,
    )


def _extract(args: argparse.Namespace) -> int:
    from integration_indicators.importers.articles import extract_claims
    from integration_indicators.validation.tables import file_columns

    catalogue = load(args.catalogue)
    sources = catalogue.sources.fillna("").set_index("id")
    held = args.source in sources.index
    as_of = args.date or (str(sources.at[args.source, "date_published"]) if held else "")
    drafts = extract_claims(args.article, args.source, catalogue.indicators, as_of=as_of)
    print(
        f"{len(drafts)} draft claims from {args.article}: confirm each, then add them to a "
        "catalogue with claims add",
        file=sys.stderr,
    )
    from integration_indicators.publish.export import csv_text

    if args.format == "observations":
        table = drafts.loc[:, list(file_columns())]
    else:  # the columns claims add takes: drafts, then verdicts, in two commands
        from integration_indicators.importers.claims import DESK_COLUMNS, PLACE_COLUMNS

        title = str(sources.at[args.source, "title"]) if held else ""
        table = drafts.assign(
            published_in=title or args.source,
            date=as_of,
            url=str(sources.at[args.source, "url_main"]) if held else "",
        ).loc[:, [*DESK_COLUMNS, *PLACE_COLUMNS]]
    text = csv_text(table)  # people confirm it in a spreadsheet
    return _emit(text, args.output, catalogue)


def _indices(args: argparse.Namespace) -> int:
    import pandas as pd

    from integration_indicators.analysis import indices
    from integration_indicators.model.economies import WORLD

    catalogue = _loaded(args, undated_ok=args.as_of_period_end)
    world = None
    if args.world_workbook:
        print(
            "note: --world-workbook is deprecated: import the IMF's World workbook into the "
            "catalogue (import dots-workbooks), as the trade intensity reads it from there; "
            "the option is removed in 0.2.0",
            file=sys.stderr,
        )
        world = indices.world_imports(args.world_workbook)
    blocks: list[tuple[str, pd.DataFrame]] = []
    involved: set[str] = set()  # the economies whose rows are behind the tables
    trade = indices.trade_frame(catalogue)  # built once, kept with the catalogue
    reporters = {str(g) for g in trade["geo"].unique()}  # the categories seen, not the rows
    traded = sorted(reporters - {WORLD})
    if args.pair and args.pair.strip().startswith("@"):  # a group with a group
        block, members_involved = _group_pair_block(args, catalogue, trade)
        blocks.append(block)
        involved |= members_involved
    elif args.pair and "@" in args.pair:  # an economy with a group: its share of trade
        geo, _, group = args.pair.partition(",")
        geo = _economy(geo.strip(), traded, "--pair")
        name = group.strip().removeprefix("@")
        try:
            members, groups = _group_name(name, args.groups)
        except UsageError as exc:  # said in the words of the option written
            said = str(exc).replace(f"--group {name!r}", f"--pair {geo},@{name}")
            said = said.replace("did you mean --group ", f"did you mean --pair {geo},@")
            raise UsageError(said) from None
        involved |= {geo} | set(groups.loc[groups["group"] == members, "geo"].astype("str"))
        table = indices.share_with_group(catalogue, geo, members, trade, groups=groups)
        blocks.append((f"{geo} with {name}: share of its trade with the World (%)", table))
    elif args.pair:
        has_world = world is not None or WORLD in reporters
        geo, partner = _pair(args.pair, traded, with_world=has_world)
        involved |= {geo, partner} | ({WORLD} if has_world else set())
        table = indices.pair_table(catalogue, geo, partner, world, trade=trade)
        blocks.append((f"{geo}-{partner}", table))
    if args.group:
        found, members_involved = _group_blocks(args, catalogue, trade, traded)
        blocks += found
        involved |= members_involved
    if not blocks:
        raise UsageError("indices: give --pair GEO,PARTNER and/or --group NAME=A,B,C")
    blocks = _with_quality(blocks, trade, args)
    stated = {str(s) for _, frame in blocks if "statement" in frame for s in frame["source"]}
    sources = sorted(set(_sources_behind(catalogue, involved)) | stated)
    text = _indices_text(blocks, sources, args.format)
    return _emit(text, args.output, catalogue)


def _group_blocks(
    args: argparse.Namespace, catalogue: Catalogue, trade: Any, traded: list[str]
) -> tuple[list[tuple[str, Any]], set[str]]:
    """The tables of ``--group`` (a name of the groups file, or NAME=A,B,C) and the
    economies behind them."""
    from integration_indicators.analysis import indices
    from integration_indicators.model.economies import WORLD

    involved: set[str] = set()
    blocks: list[tuple[str, Any]] = []
    name, listing, listed = args.group.partition("=")
    members: list[str] | str = [m.strip() for m in listed.split(",") if m.strip()]
    groups = None
    if not listing:  # a group of the groups file, by name, with its dated membership
        members, groups = _group_name(name.strip(), args.groups)
        involved |= set(groups.loc[groups["group"] == members, "geo"])
    elif not name.strip() or len(members) < 2:
        raise UsageError(
            f"--group {args.group!r}: write a group's name (EAEU) or a name and two or more "
            "members, e.g. --group EAEU=ARM,BLR,KAZ,KGZ,RUS"
        )
    else:
        members = [_economy(m, traded, "--group") for m in members]
        involved |= set(members)
    if args.fill == "mirror" and args.cif_fob is None:
        raise UsageError(
            "indices --fill mirror needs the CIF/FOB factor that converts a "
            "partner's imports into exports, e.g. --cif-fob 1.0 for none"
        )
    filling = {"fill": args.fill, "cif_fob": args.cif_fob}
    intra = indices.intra_group_share(catalogue, members, trade, groups=groups, **filling)
    dependence = indices.dependence_on_largest(catalogue, members, trade, groups=groups)
    sigma = indices.sigma_convergence(catalogue, members, groups=groups)
    table = intra.merge(sigma.loc[:, ["period", "sigma"]], on="period", how="outer")
    table["note"] = table["note"].fillna("no trade data for the year")
    introversion = indices.group_introversion(catalogue, members, trade, groups=groups, **filling)
    blocks.append((f"{name}: intra-group export share (%), sigma of log GDP per head", table))
    blocks.append(
        (
            f"{name}: intra-regional trade intensity and introversion (total trade)",
            introversion.drop(columns="members"),
        )
    )
    blocks.append((f"{name}: dependence on the largest member (% of turnover)", dependence))
    if groups is not None:  # a group of the groups file: its mutual trade, and what was stated
        blocks += _mutual_trade_blocks(
            catalogue, name, trade, groups, filling=filling, as_of=getattr(args, "as_of", None)
        )
    if not (trade["geo"] == WORLD).any():
        print(
            "note: the intensity and introversion are NaN: they need the world's trade; "
            "import the IMF's World workbook (DOTS_221.xlsx) into the catalogue",
            file=sys.stderr,
        )
    return blocks, involved | {WORLD}


def _with_quality(
    blocks: list[tuple[str, Any]], trade: Any, args: argparse.Namespace
) -> list[tuple[str, Any]]:
    """The tables with a ``quality`` column: per period, the flagged flows behind them (a
    pair's two economies, a group's members; ``trade_quality``), and with ``--quality`` the
    flagged flows themselves as a last table."""
    import numpy as np
    import pandas as pd

    from integration_indicators.analysis import indices
    from integration_indicators.analysis.trade_quality import (
        QualityThresholds,
        flagged_flows,
        quality_notes,
    )

    periods = sorted({str(p) for p in trade["period"].unique()})
    behind: dict[str, tuple[Any, str | None]] = {}  # a table's members by year, its focus
    for title, frame in blocks:
        members, focus = _block_members(title, args)
        if members is None or "period" not in frame or "statement" in frame:
            continue
        belong = indices.membership(members, periods, _groups_of(args, members))
        behind[title] = (belong, focus)
    involved = {str(g) for belong, _ in behind.values() for g in belong["geo"]}
    # only the flows among the economies behind the tables (and with the World) are flagged:
    # the partner's report and the year before of each are among them, so each flag is the
    # one the whole frame gives, without turning 2 million rows into text
    near = trade["geo"].isin(sorted(involved)).to_numpy() & (
        trade["counterpart"].isin(sorted(involved)).to_numpy()
        | (trade["counterpart"] == "").to_numpy()
    )
    flags = flagged_flows(trade[near], QualityThresholds(min_value=args.quality_min_flow))
    done: list[tuple[str, Any]] = []
    for title, frame in blocks:
        if title not in behind:
            done.append((title, frame))
            continue
        belong, focus = behind[title]
        mine = (
            flags
            if focus is None
            else flags[  # an economy with a group: its own flows
                (flags["geo"] == focus) | (flags["counterpart"] == focus)
            ]
        )
        notes = quality_notes(mine, belong)
        said = frame["period"].astype("str").map(notes).astype("object")
        quality = said.where(said.notna(), "").to_numpy()
        if args.format in ("markdown", "latex"):  # a paper's table: flagged flows as notes
            note = (
                frame["note"].astype("object").fillna("").to_numpy()
                if "note" in frame
                else (np.full(len(frame), "", dtype=object))
            )
            both = (note != "") & (quality != "")
            done.append(
                (title, frame.assign(note=np.where(both, note + "; " + quality, note + quality)))
            )
        else:
            done.append((title, frame.assign(quality=quality)))
    if args.quality:
        among = flags["counterpart"].isin(involved) | (flags["counterpart"] == "")
        mine = flags[flags["geo"].isin(involved) & among]
        title = (
            "flows behind these tables that fail a quality check (mirror ratio or change "
            "from the year before outside 0.5-2, flows of US$"
            f"{args.quality_min_flow:,.0f} or more)"
        )
        done.append(
            (
                title,
                mine.reset_index(drop=True)
                if len(mine)
                else pd.DataFrame({"note": ["no flow behind these tables fails a check"]}),
            )
        )
    return done


def _block_members(
    title: str, args: argparse.Namespace
) -> tuple[list[str] | str | None, str | None]:
    """The economies behind a table of ``indices`` by its title (the pair's two, or the
    group's: its name, or its listed members; None for a table of no pair or group), and
    the one economy whose flows alone lie behind it (``--pair GEO,@GROUP``: GEO)."""
    if args.pair:
        geo, _, partner = (c.strip() for c in str(args.pair).partition(","))
        if title == f"{geo}-{partner}":
            return [geo, partner], None
        if geo.startswith("@") and title.startswith(f"{geo.removeprefix('@')} with "):
            return _both_groups(geo.removeprefix("@"), partner.removeprefix("@"), args), None
        if partner.startswith("@") and title.startswith(f"{geo} with "):
            return partner.removeprefix("@"), geo
    if args.group:
        name, listing, listed = args.group.partition("=")
        if title.startswith(f"{name.strip()}: "):
            members = [m.strip() for m in listed.split(",") if m.strip()]
            return (members if listing else name.strip()), None
    return None, None


def _group_pair_block(
    args: argparse.Namespace, catalogue: Catalogue, trade: Any
) -> tuple[tuple[str, Any], set[str]]:
    """``--pair @GROUP,@GROUP``: the first group's trade with the second's, and the
    economies behind it."""
    from integration_indicators.analysis.group_trade import share_between_groups

    first, _, second = (part.strip() for part in str(args.pair).partition(","))
    if not second.startswith("@"):
        raise UsageError("--pair @GROUP,@GROUP: write both groups with @, e.g. @EAEU,@EU")
    names = [first.removeprefix("@"), second.removeprefix("@")]
    try:
        (members, groups), (partners, _) = (_group_name(n, args.groups) for n in names)
    except UsageError as exc:  # said in the words of the option written
        said = re.sub(r"--group '([^']*)'", rf"--pair {args.pair}: '\1'", str(exc))
        raise UsageError(said.replace("did you mean --group ", "did you mean @")) from None
    table = share_between_groups(catalogue, members, partners, trade, groups=groups)
    title = f"{names[0]} with {names[1]}: share of its members' trade with the World (%)"
    both = groups.loc[groups["group"].isin(names), "geo"].astype("str")  # the file read once
    return (title, table), set(both)


def _both_groups(first: str, second: str, args: argparse.Namespace) -> list[str]:
    """Every economy that was ever a member of either group (their flows are flagged)."""
    from integration_indicators.analysis.groups import read_groups

    groups = read_groups(args.groups) if args.groups else read_groups()
    return sorted(set(groups.loc[groups["group"].isin([first, second]), "geo"].astype("str")))


def _groups_of(args: argparse.Namespace, members: list[str] | str) -> Any:
    """The groups file a named group is read from (the given one, else the bundled)."""
    if not isinstance(members, str):
        return None
    from integration_indicators.analysis.groups import read_groups

    return read_groups(args.groups) if args.groups else None


def _mutual_trade_blocks(
    catalogue: Catalogue,
    name: str,
    trade: Any,
    groups: Any,
    *,
    filling: dict[str, Any],
    as_of: str | None,
) -> list[tuple[str, Any]]:
    """A named group's mutual trade from the dataset, and beside it (never joined to it) the
    officials' statements of it the catalogue holds (``group-statements.csv``)."""
    from integration_indicators.analysis import indices
    from integration_indicators.analysis.group_statements import (
        catalogue_group_statements,
        statements_table,
    )

    mutual = indices.mutual_trade(catalogue, name, trade, groups=groups, **filling)
    mutual["mutual_trade"] = mutual["mutual_trade"] / 1e9
    blocks = [
        (
            f"{name}: mutual trade in goods (US$ billion), the members' exports to each "
            "other as they report them to the dataset",
            mutual,
        )
    ]
    statements = catalogue_group_statements(catalogue.location, catalogue.sources)
    table = (
        None
        if statements is None
        else statements_table(statements, name, catalogue.sources, as_of=as_of)
    )
    if table is not None and len(table):
        blocks.append(
            (
                f"{name}: mutual trade as officials stated it: statements reported by "
                "the press, not a dataset, each in its own unit; shown beside the series "
                "above, never joined to it",
                table,
            )
        )
    return blocks


def _indices_text(blocks: list[tuple[str, Any]], sources: list[str], form: str) -> str:
    """The tables of ``indices`` in *form* (table, markdown, latex, csv, json), with the
    sources behind them."""
    import pandas as pd

    from integration_indicators.publish.export import render as render_records

    if form == "table":
        with pd.option_context(
            "display.width", 200, "display.max_columns", 20, "display.float_format", "{:.4g}".format
        ):
            text = "\n\n".join(
                f"{title}\n{frame.to_string(index=False)}" for title, frame in blocks
            )
        text += "\n\nsources: " + ", ".join(sources) + "\n"
    elif form in ("markdown", "latex"):
        from integration_indicators.publish.paper_tables import render_paper_tables

        text = render_paper_tables(blocks, sources, form)
    else:
        frames = [frame.assign(table=title) for title, frame in blocks]
        records = pd.concat(frames, ignore_index=True)
        text = render_records(records, "json" if form == "json" else "csv", columns=None)
    return text


def _pair(given: str, traded: list[str], *, with_world: bool) -> tuple[str, str]:
    """The two economies of ``--pair`` (a usage error where it does not name two), and a
    note where the trade intensity will be NaN for want of the World's imports."""
    codes = [c.strip() for c in given.split(",")]
    if len(codes) != 2 or not all(codes):
        raise UsageError(f"--pair {given!r}: write two economy codes, e.g. --pair BLR,RUS")
    geo, partner = (_economy(c, traded, "--pair") for c in codes)
    if not with_world:
        print(
            "note: trade_intensity is NaN: it needs the World's imports; import the IMF's "
            "World workbook (DOTS_221.xlsx) into the catalogue, e.g. integration-indicators "
            "import dots-workbooks FOLDER -o CATALOGUE",
            file=sys.stderr,
        )
    return geo, partner


def _economy(code: str, traded: list[str], option: str) -> str:
    """*code* where it is among the economies with trade data (*traded*); a usage error
    suggesting the code meant otherwise ("did you mean BLR?" for "blr" or "BLS")."""
    import difflib

    if code in traded:
        return code
    close = difflib.get_close_matches(code.upper(), traded, n=1, cutoff=0.5)
    hint = f"did you mean {close[0]}? " if close else ""
    raise UsageError(
        f"{option}: no trade data for {code!r}; {hint}economy codes are ISO "
        "3166-1 alpha-3 in capitals, e.g. --pair BLR,RUS"
    )


def _sources_behind(catalogue: Catalogue, geos: set[str]) -> list[str]:
    """The sources of the official rows behind the tables: the trade those economies report
    and their GDP (in total and per head, in US$ and at PPP)."""
    from integration_indicators.analysis.indices import FLOWS

    wanted = [*FLOWS.values(), "macro.gdp", "macro.gdp_per_capita", "macro.gdp_per_capita_ppp"]
    obs = catalogue.observation_columns(["status", "indicator", "geo", "source"])  # no more
    chosen = (
        (obs["status"] == "official").to_numpy(dtype=bool)
        & obs["indicator"].isin(wanted).to_numpy(dtype=bool)
        & obs["geo"].isin(sorted(geos)).to_numpy(dtype=bool)
    )  # masks, not a copy of 2 million rows
    return sorted(str(s) for s in obs["source"][chosen].unique())  # no text of 2M rows made


def _group_name(name: str, path: str | None) -> tuple[str, Any]:
    """*name* and the groups file (the bundled one, or *path*) that defines it; a usage error
    naming the groups it does define otherwise."""
    from integration_indicators.analysis.groups import closest_groups, read_groups

    groups = read_groups(path)
    if name not in set(groups["group"]):
        close = closest_groups(groups, name)
        hint = f"did you mean --group {close[0]}? " if close else ""
        known = ", ".join(sorted(set(groups["group"])))
        raise UsageError(
            f"--group {name!r}: no such group; {hint}groups: {known}; "
            "or give the members, e.g. --group EAEU=ARM,BLR,KAZ,KGZ,RUS"
        )
    return name, groups


def _init(args: argparse.Namespace) -> int:
    from integration_indicators.catalogue.loader import bundled_path
    from integration_indicators.io.catalogue_files import (
        HEADLINE_FILE,
        INDICATORS_FILE,
        METADATA_FILE,
        OBSERVATIONS_FILE,
        RELEASES_FILE,
        RULES_FILE,
        SOURCES_FILE,
    )
    from integration_indicators.io.outputs import write_files_together

    folder = Path(args.directory)
    names = (
        SOURCES_FILE,
        INDICATORS_FILE,
        OBSERVATIONS_FILE,
        RULES_FILE,
        RELEASES_FILE,
        HEADLINE_FILE,
        METADATA_FILE,
    )
    existing = [n for n in names if (folder / n).exists()]
    if existing:
        print(
            f"error: {folder} already holds {', '.join(existing)}: nothing was written",
            file=sys.stderr,
        )
        return 1
    bundled = bundled_path()
    header = (bundled / OBSERVATIONS_FILE).read_text(encoding="utf-8").splitlines()[0]
    # the Belarus-Russia headline metrics only where asked for: a catalogue of one's own
    # declares its own (an empty list says how)
    headline = (
        _defaults_header(HEADLINE_FILE) + (bundled / HEADLINE_FILE).read_bytes()
        if args.with_case_study
        else _NO_HEADLINE
    )
    write_files_together(
        {
            folder / SOURCES_FILE: b"# sources.yaml: one entry per source (see the README).\n[]\n",
            folder / INDICATORS_FILE: (bundled / INDICATORS_FILE).read_bytes(),
            folder / OBSERVATIONS_FILE: (header + "\n").encode(),
            **{
                folder / name: _defaults_header(name) + (bundled / name).read_bytes()
                for name in (RULES_FILE, RELEASES_FILE)
            },
            folder / HEADLINE_FILE: headline,
            folder / METADATA_FILE: (
                f"# {METADATA_FILE}: what this catalogue says about itself; its documentation site "
                "and data package\n# carry the title and description (empty: named after its "
                "folder).\ntitle: ''\ndescription: ''\n"
            ).encode(),
        }
    )
    metrics = (
        "the Belarus-Russia headline metrics"
        if args.with_case_study
        else "no headline metrics (declare yours in headline.yaml)"
    )
    print(
        f"wrote an empty catalogue with the bundled indicator definitions, crosscheck rules, "
        f"release lags, {metrics}, and a {METADATA_FILE} for its title: {folder}"
    )
    return 0


#: The headline.yaml ``init`` writes without ``--with-case-study``: none declared, and how.
_NO_HEADLINE = b"""\
# headline.yaml: the headline metrics this catalogue declares, one entry each:
#   - name: what the metric is
#     about: the subject it belongs to
#     compute: a formula over its series, e.g. ratio(macro.gdp[RUS], macro.gdp[BLR])
#     caveat: what a reader should know
# (see the README's "Headline metrics"; `init --with-case-study` writes the bundled ones)
[]
"""


def _finish_import(args: argparse.Namespace) -> int:
    from integration_indicators.io.catalogue_lock import catalogue_lock
    from integration_indicators.io.outputs import journals, recover

    folder = Path(args.directory)
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a directory: write the catalogue's directory")
    with catalogue_lock(folder):
        pending = len(journals(folder))
        recover(folder)
    plural = "s" if pending != 1 else ""
    done = f"finished {pending} interrupted import{plural} in {folder}"
    print(done if pending else f"no import into {folder} was interrupted: nothing to finish")
    return 0


def _defaults_header(name: str) -> bytes:
    return (
        f"# {name}: the library's defaults, as bundled with integration-indicators; edit them "
        "for this catalogue (it validates them on every load).\n"
    ).encode()


def _docs(args: argparse.Namespace) -> int:
    from integration_indicators.publish.docs import build_site

    site = build_site(args.output, load(args.catalogue))
    print(f"built {site / 'index.html'}")
    return 0


def _cite(args: argparse.Namespace) -> int:
    from integration_indicators.publish.citation import cite

    try:
        sys.stdout.write(cite(load(args.catalogue).sources, args.format, args.source))
    except KeyError as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return 1
    return 0


def _import(args: argparse.Namespace) -> int:
    from integration_indicators.importers.imports import (
        Provenance,
        check_import_name,
        write_catalogue_files,
    )

    check_import_name(args.name)  # before anything is read or written
    provenance = Provenance(args.repository, args.commit, args.path, args.as_of)
    geos = None if args.geo is None else [g.strip() for g in args.geo.split(",") if g.strip()]
    notes: list[str] = []
    if args.kind == "wdi":
        from dataclasses import replace as with_release

        from integration_indicators.importers.releases import release_in_path
        from integration_indicators.importers.wdi import read_wdi
        from integration_indicators.importers.wdi_databank import (
            is_databank_export,
            read_wdi_databank,
        )

        results = []
        for path in args.paths:  # a DataBank export holds many series: one import each
            dated = (
                provenance
                if provenance.as_of
                else with_release(provenance, as_of=release_in_path(path))
            )
            if is_databank_export(path):
                results += read_wdi_databank(path, geos=geos, provenance=dated)
            else:
                results.append(read_wdi(path, geos=geos, provenance=dated))
    elif args.kind == "dots":
        from integration_indicators.importers.dots import read_dots

        results = [read_dots(path, provenance=provenance) for path in args.paths]
    elif args.kind == "imf-sdmx":
        from integration_indicators.importers.imf_sdmx import read_imf_sdmx

        results = [
            read_imf_sdmx(path, world=args.world, provenance=provenance) for path in args.paths
        ]
    else:
        from integration_indicators.importers.dots_workbooks import read_dots_workbooks

        paths = _workbook_paths(args.paths)
        show = not args.quiet and sys.stderr.isatty()
        results, notes = read_dots_workbooks(paths, provenance=provenance, progress=show)
        if geos is not None:
            results = [r for r in results if set(r.observations["geo"]) & set(geos)]
    if args.counterpart is not None:
        from dataclasses import replace as replaced

        wanted = {
            "" if c.strip().lower() == "world" else c.strip() for c in args.counterpart.split(",")
        }
        results = [
            replaced(
                r,
                observations=r.observations[r.observations["counterpart"].isin(wanted)].reset_index(
                    drop=True
                ),
            )
            for r in results
        ]
    from integration_indicators.importers.imports import sources_already_held, validate_imports
    from integration_indicators.io.catalogue_lock import catalogue_lock

    with catalogue_lock(args.output):  # what it holds read and written by one writer
        held = sources_already_held(results, args.output, args.name)
        if held:
            print(f"error: {held}", file=sys.stderr)
            return 1
        results, kept = _on_top_of_held(results, args)
        validate_imports(results)  # the catalogue's schemas and checks, before any write
        for note in notes:
            print(note, file=sys.stderr)
        dropped = sorted({d for r in results for d in r.dropped})
        if dropped:
            print(f"set apart {len(dropped)} aggregates: {', '.join(dropped)}", file=sys.stderr)
        command = f"{args.kind} ({len(args.paths)} path{'s' if len(args.paths) > 1 else ''})"
        written = write_catalogue_files(results, args.output, args.name, command)
    rows = sum(len(r.observations) for r in results)
    print(
        f"wrote {rows} observations of {len(results)} sources: {written[0]}, {written[1]}"
        + (f" ({kept})" if kept else "")
    )
    return 0


def _on_top_of_held(results: list[Any], args: argparse.Namespace) -> tuple[list[Any], str]:
    """*results* with what the import's name already holds: a later release of a series
    added to its history (``importers.releases``); and what that kept, in words."""
    from integration_indicators.errors import ValidationError
    from integration_indicators.importers.imports import check_replaceable
    from integration_indicators.importers.releases import (
        held_imports,
        keeps_history,
        merge_releases,
        release_problems,
    )

    repeated = release_problems(results)
    if repeated:
        raise ValidationError(repeated, "import")
    folder = Path(args.output)
    check_replaceable(
        folder / f"observations-{args.name}.csv", folder / f"sources-{args.name}.yaml", args.name
    )
    held = [] if args.replace else held_imports(folder, args.name)
    merged = merge_releases(held, results)
    if not keeps_history(held, results):
        return merged, ""
    closed = sum(int((r.observations["valid_until"] != "").sum()) for r in merged)
    return merged, f"on top of what {args.name} held: {closed} earlier values kept"


def _workbook_paths(given: list[str]) -> list[Path]:
    """Workbook files: each path given, or the ``*.xlsx`` of a directory, in natural order."""
    import re

    found: list[Path] = []
    for name in given:
        path = Path(name)
        inside = sorted(path.glob("*.xlsx")) if path.is_dir() else [path]
        if not inside:
            raise UsageError(
                f"{name} holds no .xlsx workbook: give the workbooks or their "
                "folder, e.g. official/imf-dots/workbooks"
            )
        found += inside
    return sorted(
        found, key=lambda p: [int(t) if t.isdigit() else t for t in re.split(r"([0-9]+)", p.name)]
    )


class UsageError(Exception):
    """A command written wrongly: one line saying what to write instead (exit status 2)."""


def _positive_float(text: str) -> float:
    """A positive finite number of an option (argparse says the option and the value)."""
    import math

    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"{text!r}: give a positive number, e.g. 1.0")
    return value


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage error as one line (what is wrong, where to read more)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see '{self.prog} --help')")


def parser() -> argparse.ArgumentParser:
    """The command-line parser."""
    main = _Parser(
        prog="integration-indicators",
        description="Sourced economic-integration indicators for Belarus and Russia.",
    )
    from integration_indicators import __version__

    main.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    main.add_argument(
        "--debug",
        action="store_true",
        help="on an error, print the traceback too (for a bug report)",
    )
    commands = main.add_subparsers(dest="command", required=True)
    validate = commands.add_parser(
        "validate", help="check a catalogue (default: the bundled one) and print a summary"
    )
    validate.add_argument("path", nargs="?", help="catalogue directory (same as --catalogue)")
    validate.add_argument("--catalogue", help="catalogue directory (default: the bundled one)")
    validate.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: a summary or the report; json: the report as data (exit 1 if invalid)",
    )
    validate.set_defaults(run=_validate)
    listing = commands.add_parser("list", help="indicators with unit, observation count, sources")
    listing.add_argument("--catalogue", help="catalogue directory (default: the bundled one)")
    listing.set_defaults(run=_list)
    export = commands.add_parser(
        "export", help="write the observations as CSV or JSON, or the catalogue as a data package"
    )
    export.add_argument(
        "--format", choices=(*EXPORT_FORMATS, "datapackage", "parquet"), default="csv"
    )
    export.add_argument(
        "-o",
        "--output",
        help="file to write (default: standard output); a directory for datapackage and parquet",
    )
    export.add_argument("--catalogue", help="catalogue directory (default: the bundled one)")
    export.set_defaults(run=_export, file_output=True)
    _analysis_commands(commands)
    _data_commands(commands)
    _panel_command(commands)
    return main


def _table_command(
    commands: Any, name: str, help_text: str, formats: tuple[str, ...], run: Any
) -> Any:
    """A sub-command that prints a table: --format, -o and --catalogue."""
    command = commands.add_parser(name, help=help_text)
    command.add_argument("--format", choices=formats, default="table")
    command.add_argument("-o", "--output", help="file to write (default: standard output)")
    command.add_argument("--catalogue", help="catalogue directory (default: the bundled one)")
    command.add_argument(
        "--as-of",
        dest="as_of",
        metavar="DATE",
        help="on what was published on DATE (ISO 8601, e.g. 2019-12-01): each official figure "
        "as its release held then, claims made by then",
    )
    command.set_defaults(run=run, file_output=True)
    return command


#: A DuckDB memory limit as written: a number and a unit (4GB, 512MiB).
_MEMORY_LIMIT = r"[0-9]+(\.[0-9]+)? ?(KB|MB|GB|TB|KiB|MiB|GiB|TiB)"


def _check_panel(args: argparse.Namespace) -> int:
    import json
    import re

    path = Path(args.path)
    if not path.exists():
        raise UsageError(
            f"check-panel: {args.path}: no such file or directory (give a Parquet "
            "file or a directory of them, e.g. check-panel panel.parquet)"
        )
    if args.memory_limit is not None:
        if args.engine != "duckdb":
            raise UsageError("check-panel: --memory-limit is DuckDB's; add --engine duckdb")
        if not re.fullmatch(_MEMORY_LIMIT, args.memory_limit):
            raise UsageError(
                f"check-panel: --memory-limit {args.memory_limit!r}: write a size, "
                "e.g. --memory-limit 4GB"
            )
    import importlib.util

    needs = {"duckdb": ("duckdb", "ibis"), "spark": ("pyspark", "ibis")}.get(args.engine, ())
    if any(importlib.util.find_spec(module) is None for module in needs):
        raise UsageError(
            f"check-panel: the {args.engine} engine needs its extra: pip install "
            f"'integration-indicators[{args.engine}]'"
        )
    from integration_indicators.validation.panel_outcome import check_panel_outcome

    catalogue = load(args.catalogue)
    with _progress(args) as progress:
        outcome = check_panel_outcome(
            path,
            catalogue.indicators,
            engine=args.engine,
            output=args.output,
            memory_limit=args.memory_limit,
            spill=args.spill,
            progress=progress,
        )
    if args.format == "json":
        print(json.dumps(outcome.to_json(), ensure_ascii=False, indent=1))
    else:
        print(outcome.text(), file=sys.stdout if outcome.valid else sys.stderr)
    return 0 if outcome.valid else 1


@contextlib.contextmanager
def _progress(args: argparse.Namespace) -> Iterator[Callable[[str], None] | None]:
    """A progress bar of the check's steps on a terminal (none when piped or --quiet)."""
    if args.quiet or not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    with tqdm(desc="checking", unit=" steps", file=sys.stderr) as bar:

        def step(what: str) -> None:
            bar.set_description(what)
            bar.update()

        yield step


def _loaded(args: argparse.Namespace, *, undated_ok: bool | None = None) -> Catalogue:
    """The command's catalogue, as of ``--as-of`` where given. With *undated_ok* given (a
    command whose tables would mix in official rows without a release date), such rows
    refuse ``--as-of`` unless it is True (``--as-of-period-end``): then they are kept only
    where their period had ended by the date, said on standard error."""
    catalogue = load(args.catalogue)
    if getattr(args, "as_of", None) is None:
        return catalogue
    from integration_indicators.catalogue.as_of import checked_date, undated_official

    try:
        checked_date(args.as_of)
    except IndicatorError:
        raise UsageError(
            f"--as-of {args.as_of!r}: write an ISO 8601 day, e.g. --as-of 2019-12-01"
        ) from None
    if undated_ok is None:
        return catalogue.as_of(args.as_of)
    undated = undated_official(catalogue)
    if undated and not undated_ok:
        raise UsageError(
            f"--as-of {args.as_of}: {undated} official rows have no release date "
            "(IMF DOTS workbooks, imports without --vintage), so what was "
            "published then is unknown: add --as-of-period-end to keep their "
            "periods ended by that date"
        )
    if undated:
        print(
            f"note: --as-of-period-end: {undated} official rows without a release date are "
            f"kept where their period ended by {args.as_of}; that is not what was "
            "published then",
            file=sys.stderr,
        )
    return catalogue.as_of(args.as_of, undated="period-end")


def _analysis_commands(commands: Any) -> None:
    """metrics, crosscheck, docs and cite."""
    _table_command(
        commands,
        "metrics",
        "headline metrics: press claims beside official statistics",
        ("table", "csv", "json"),
        _metrics,
    )
    check = _table_command(
        commands,
        "crosscheck",
        "every press claim checked against official statistics, with a verdict",
        ("table", "csv", "json", "claimreview"),
        _crosscheck,
    )
    check.add_argument(
        "--base-url",
        default="",
        help="claimreview: the address of the site (review url = it + claims/ID.html)",
    )
    check.add_argument(
        "--publisher",
        default="integration-indicators",
        help="claimreview: the organisation that publishes the reviews",
    )
    check.add_argument(
        "--all",
        action="store_true",
        help="claimreview: reviews also for unverifiable claims and those with no official source",
    )
    docs = commands.add_parser("docs", help="the documentation site")
    docs_commands = docs.add_subparsers(dest="docs_command", required=True)
    site = docs_commands.add_parser("build", help="build the static HTML site")
    site.add_argument("-o", "--output", default="site", help="directory of the site (replaced)")
    site.add_argument("--catalogue", help="catalogue directory (default: the bundled one)")
    site.set_defaults(run=_docs)
    citing = commands.add_parser("cite", help="BibTeX or CSL-JSON of the sources")
    citing.add_argument("--format", choices=("bibtex", "csl-json"), default="bibtex")
    citing.add_argument("--source", help="one source id (default: all)")
    citing.add_argument("--catalogue", help="catalogue directory (default: the bundled one)")
    citing.set_defaults(run=_cite)


def _panel_command(commands: Any) -> None:
    """check-panel."""
    panel = commands.add_parser(
        "check-panel",
        help="check a large panel (Parquet) with the catalogue's rules, in "
        "memory, out of core (DuckDB) or on Spark; exit 1 when there are problems",
    )
    panel.add_argument(
        "path",
        help="a Parquet file or a directory of them, with the columns "
        "indicator, geo, period, value, unit (and counterpart)",
    )
    panel.add_argument(
        "--catalogue",
        help="where the indicator definitions come from (default: the bundled catalogue)",
    )
    panel.add_argument(
        "--engine",
        choices=("pandas", "duckdb", "spark"),
        default="duckdb",
        help="pandas: in memory; duckdb: out of core (default); spark: on the "
        "session of SPARK_REMOTE or SPARK_MASTER, else local",
    )
    panel.add_argument(
        "--memory-limit", help="DuckDB's memory limit, e.g. 4GB (it spills beyond it)"
    )
    panel.add_argument("--spill", help="directory DuckDB spills to (default: its own)")
    panel.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="json: {rows, problems: {rule: count}, first: {rule: [rows]}}",
    )
    panel.add_argument(
        "-o",
        "--output",
        help="write the normalised panel with its growth "
        "as a Parquet dataset directory (new, empty or written by this command)",
    )
    panel.add_argument("--quiet", action="store_true", help="no progress bar")
    panel.set_defaults(run=_check_panel)


def _indices_command(commands: Any) -> None:
    """The indices command and its options."""
    index = _table_command(
        commands,
        "indices",
        "integration indices of a pair or a group of economies, by year",
        ("table", "csv", "json", "markdown", "latex"),
        _indices,
    )
    index.add_argument(
        "--pair",
        help="GEO,PARTNER, e.g. BLR,RUS; or GEO,@GROUP for an "
        "economy's share of trade with a group, e.g. BLR,@EAEU",
    )
    index.add_argument(
        "--as-of-period-end",
        action="store_true",
        help="with --as-of: keep official rows without a release date (DOTS) "
        "where their period ended by the date; without it --as-of refuses "
        "them",
    )
    index.add_argument(
        "--group",
        help="a group of the groups file by name (EAEU, CU, CIS: "
        "members by year), or NAME=A,B,C for a fixed list",
    )
    index.add_argument(
        "--groups", help="a groups file of your own (default: the bundled groups.yaml)"
    )
    index.add_argument(
        "--fill",
        choices=("strict", "mirror", "zero"),
        default="strict",
        help="a group's missing bilateral flows: strict (NaN with a note), "
        "mirror (from the partner's report, flagged; needs --cif-fob) or zero (at 0, "
        "flagged, as ADB's ARCII counts them)",
    )
    index.add_argument(
        "--cif-fob",
        type=_positive_float,
        metavar="FACTOR",
        help="the CIF/FOB factor of --fill mirror (1.0: no conversion)",
    )
    index.add_argument(
        "--quality",
        action="store_true",
        help="also list the flows behind the tables that fail a quality check "
        "(mirror ratio or year-on-year change beyond 0.5-2)",
    )
    index.add_argument(
        "--quality-min-flow",
        type=_positive_float,
        metavar="USD",
        default=1e8,
        help="flows smaller than this (US$) are not flagged (default 1e8)",
    )
    index.add_argument(
        "--world-workbook",
        help="deprecated: the IMF's World DOTS workbook (DOTS_221.xlsx) "
        "for the TII; import it into the catalogue instead",
    )


def _fetch_imf(args: argparse.Namespace) -> int:
    from integration_indicators.importers.fetch_imf import fetch_imf

    path = fetch_imf(
        args.country,
        [i.strip() for i in args.indicator.split(",") if i.strip()],
        [p.strip() for p in args.partner.split(",") if p.strip()],
        args.output,
        frequency=args.frequency,
        start=args.start,
        end=args.end,
    )
    print(f"wrote {path}")
    print(
        f"import it with: integration-indicators import imf-sdmx {path} -o CATALOGUE "
        "--name NAME [--world CODE]",
        file=sys.stderr,
    )
    return 0


def _fetch(args: argparse.Namespace) -> int:
    from integration_indicators.importers.fetch import fetch_wdi

    geos = None if args.geo is None else [g.strip() for g in args.geo.split(",") if g.strip()]
    written = fetch_wdi(args.codes, args.output, geos=geos)
    for path in written:
        print(f"wrote {path}")
    print(
        f"import them with: integration-indicators import wdi {args.output}/wdi-*.json "
        "-o CATALOGUE --name NAME",
        file=sys.stderr,
    )
    return 0


def _fetch_command(commands: Any) -> None:
    """The fetch command: WDI series through the World Bank's API into files to import."""
    fetch = commands.add_parser(
        "fetch",
        help="download official series into files that import reads (the World Bank's and "
        "the IMF's APIs)",
    )
    sources = fetch.add_subparsers(dest="source", required=True)
    wdi = sources.add_parser("wdi", help="WDI series by code, e.g. NY.GDP.MKTP.CD")
    wdi.add_argument("codes", nargs="+", metavar="CODE", help="WDI series codes")
    wdi.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="DIR",
        help="the directory to write wdi-<code>.json into",
    )
    wdi.add_argument("--geo", help="economies, ISO 3166 alpha-3, e.g. BLR,RUS (default: all)")
    wdi.set_defaults(run=_fetch)
    imf = sources.add_parser(
        "imf", help="IMF trade in goods (IMTS) through its SDMX 3.0 API, one reporter a file"
    )
    imf.add_argument("--country", required=True, help="the reporter, ISO 3166 alpha-3")
    imf.add_argument(
        "--indicator",
        default="XG_FOB_USD,MG_CIF_USD",
        help="IMTS indicators (default: exports FOB and imports CIF)",
    )
    imf.add_argument(
        "--partner", required=True, help="partner codes as the IMTS codelist gives them"
    )
    imf.add_argument("--frequency", default="A", choices=("A", "Q", "M"))
    imf.add_argument("--start", default="", help="first day, e.g. 2021-01-01")
    imf.add_argument("--end", default="", help="last day, e.g. 2024-12-31")
    imf.add_argument("-o", "--output", required=True, metavar="DIR", help="where to write")
    imf.set_defaults(run=_fetch_imf)


def _data_commands(commands: Any) -> None:
    """indices, init, import and fetch."""
    _indices_command(commands)
    _fetch_command(commands)
    claims = commands.add_parser("claims", help="add a desk's claims to a catalogue")
    claims_commands = claims.add_subparsers(dest="claims_command", required=True)
    add = claims_commands.add_parser(
        "add",
        help="a spreadsheet of claims (quote, figure, attributed_to, published_in, "
        "date, url; optionally indicator, geo, counterpart, period) into a catalogue, checked",
    )
    add.add_argument("spreadsheet", help="the claims, a CSV file with a header row")
    add.add_argument("-o", "--output", required=True, help="the catalogue directory they join")
    add.add_argument(
        "--name", default="claims", help="files are observations-NAME.csv, sources-NAME.yaml"
    )
    add.add_argument("--dry-run", action="store_true", help="print the rows; write nothing")
    add.add_argument(
        "--keep-going",
        action="store_true",
        help="write the rows that pass and the refused ones' reasons to "
        "refused-NAME.csv beside them (default: all or nothing)",
    )
    add.add_argument(
        "--official",
        help="a new OUTPUT gets this catalogue's official series (default: the bundled ones)",
    )
    add.add_argument(
        "--replace",
        action="store_true",
        help="a claim NAME already holds with other fields takes the new ones (default: refused)",
    )
    add.set_defaults(run=_claims_add)
    extract = commands.add_parser(
        "extract",
        help="draft claims from a plain-text article, for a person to confirm (the "
        "columns claims add takes)",
    )
    extract.add_argument(
        "--format",
        choices=("claims", "observations"),
        default="claims",
        help="claims: the columns of claims add (default); observations: the "
        "observation file's, with the values read",
    )
    extract.add_argument(
        "--date",
        default="",
        help="the date the article was published (default: its source's in the catalogue)",
    )
    extract.add_argument("article", help="the article, a plain-text file")
    extract.add_argument("--source", required=True, help="the source id the drafts cite")
    extract.add_argument("-o", "--output", help="write the CSV here (default: standard output)")
    extract.add_argument("--catalogue", help="catalogue whose indicators and source date to use")
    extract.set_defaults(run=_extract)
    init = commands.add_parser(
        "init", help="write an empty catalogue (the bundled indicator definitions) to import into"
    )
    init.add_argument("directory", help="directory to write it in (created if missing)")
    init.add_argument(
        "--with-case-study",
        action="store_true",
        help="also declare the bundled case study's headline metrics",
    )
    init.set_defaults(run=_init)
    finish = commands.add_parser(
        "finish-import", help="finish an import into a catalogue that was killed midway"
    )
    finish.add_argument("directory", help="the catalogue directory")
    finish.set_defaults(run=_finish_import)
    importer = commands.add_parser(
        "import", help="import official statistics (WDI data packages, the DOTS extract)"
    )
    importer.add_argument("kind", choices=("wdi", "dots", "dots-workbooks", "imf-sdmx"))
    importer.add_argument(
        "paths",
        nargs="+",
        help="WDI series folders or downloads, the DOTS CSV, DOTS workbooks (files or a "
        "directory), or IMF IMTS data messages (XML of its SDMX 3.0 API)",
    )
    importer.add_argument(
        "--world",
        default="",
        metavar="CODE",
        help="imf-sdmx: the partner code the message uses for the World, as its codelist "
        "gives it (its rows get the empty counterpart); other group codes are set apart",
    )
    importer.add_argument("--quiet", action="store_true", help="no progress bar")
    importer.add_argument(
        "--counterpart", help="comma-separated partner codes to keep; World for the World total"
    )
    importer.add_argument("-o", "--output", required=True, help="catalogue directory to write to")
    importer.add_argument(
        "--name", required=True, help="files are observations-NAME.csv, sources-NAME.yaml"
    )
    importer.add_argument(
        "--geo", help="comma-separated ISO codes to keep (default: all countries)"
    )
    importer.add_argument("--repository", default="", help="repository of the copy (provenance)")
    importer.add_argument("--commit", default="", help="commit of the copy (provenance)")
    importer.add_argument(
        "--path", default="", help="path of the file in the repository ({code}: WDI series code)"
    )
    importer.add_argument(
        "--vintage",
        "--as-of",
        dest="as_of",
        default="",
        help="release date of what is imported, ISO 8601 (default: a date-named folder in "
        "the path); a later release of a series NAME holds is added on top of it",
    )
    importer.add_argument(
        "--replace",
        action="store_true",
        help="replace what NAME holds instead of adding the release to its history",
    )
    importer.set_defaults(run=_import)


#: The start of the warning pyspark gives when pandera imports ``pyspark.pandas`` (pandas 3).
PYSPARK_PANDAS_WARNING = "PySpark does not yet fully support pandas"


def main(argv: Sequence[str] | None = None) -> int:  # noqa: PLR0911 (one return per outcome)
    """Run the command line; returns the exit status: 0 done, 1 a problem in the data (the
    report) or in writing, 2 a command written wrongly (one line). Never a traceback."""
    # pandera imports pyspark.pandas where pyspark is installed, which warns under pandas 3;
    # the library does not use pandas-on-Spark: not a warning for the command's user
    warnings.filterwarnings("ignore", message=PYSPARK_PANDAS_WARNING, category=FutureWarning)
    debug = "--debug" in (sys.argv[1:] if argv is None else list(argv))
    try:
        args = parser().parse_args(argv)
        if getattr(args, "file_output", False) and args.output and not _directory_output(args):
            # before any work: a file the catalogue or the package holds is never replaced
            from integration_indicators.catalogue.loader import bundled_path

            where = Path(args.catalogue) if args.catalogue else bundled_path()
            check_output_file(args.output, (where,))
        status: int = args.run(args)
    except UsageError as exc:
        _trace(debug)
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ValidationError as exc:
        _trace(debug)
        print(str(exc), file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader went away (| head): nothing more to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except (IndicatorError, OSError) as exc:
        _trace(debug)
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: nothing was left half-written", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug of ours: one line, never a traceback (unless --debug)
        _trace(debug)
        print(
            f"error: unexpected {type(exc).__name__}: {exc} (a bug of integration-indicators: "
            "please report it with the command you ran and its output with --debug)",
            file=sys.stderr,
        )
        return 1
    return status


def _trace(debug: bool) -> None:
    """The traceback of the error being handled, where ``--debug`` asks for it."""
    if debug:
        import traceback

        traceback.print_exc(file=sys.stderr)


def _directory_output(args: argparse.Namespace) -> bool:
    return getattr(args, "format", "") in ("datapackage", "parquet")


if __name__ == "__main__":
    raise SystemExit(main())
