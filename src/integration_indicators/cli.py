"""The ``integration-indicators`` command: validate, list and export catalogues.

A thin layer over the library: each sub-command calls one public function and prints its
result; a :class:`ValidationError` prints its report and exits 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .errors import IndicatorError
from .export import EXPORT_FORMATS, export_observations
from .loader import load


def _validate(args: argparse.Namespace) -> int:
    catalogue = load(args.path)
    print(catalogue.summary())
    return 0


def _list(args: argparse.Namespace) -> int:
    import pandas as pd

    table = load(args.catalogue).indicator_summary()
    with pd.option_context("display.width", 200, "display.max_colwidth", 80):
        print(table.to_string(index=False))
    return 0


def _export(args: argparse.Namespace) -> int:
    text = export_observations(load(args.catalogue), args.format, args.output)
    if args.output is None:
        sys.stdout.write(text)
    else:
        print(f"wrote {args.output}", file=sys.stderr)
    return 0


def parser() -> argparse.ArgumentParser:
    """The command-line parser."""
    main = argparse.ArgumentParser(
        prog="integration-indicators",
        description="Sourced economic-integration indicators for Belarus and Russia.",
    )
    commands = main.add_subparsers(dest="command", required=True)
    validate = commands.add_parser(
        "validate", help="check a catalogue (default: the bundled one) and print a summary"
    )
    validate.add_argument("path", nargs="?", help="catalogue directory in the bundled layout")
    validate.set_defaults(run=_validate)
    listing = commands.add_parser("list", help="indicators with unit, observation count, sources")
    listing.add_argument("--catalogue", help="catalogue directory (default: the bundled one)")
    listing.set_defaults(run=_list)
    export = commands.add_parser("export", help="write the observations as CSV or JSON")
    export.add_argument("--format", choices=EXPORT_FORMATS, default="csv")
    export.add_argument("-o", "--output", help="file to write (default: standard output)")
    export.add_argument("--catalogue", help="catalogue directory (default: the bundled one)")
    export.set_defaults(run=_export)
    return main


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 invalid data, 2 usage)."""
    args = parser().parse_args(argv)
    try:
        status: int = args.run(args)
    except IndicatorError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return status


if __name__ == "__main__":
    raise SystemExit(main())
