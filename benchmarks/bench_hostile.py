"""Time and memory of each hostile input, from the file to the library's ValidationError.

Run: ``python benchmarks/bench_hostile.py``. Each case builds its file in a fresh copy of the
bundled catalogue's press part (or a WDI series folder), then loads it in a fresh process and
reports the process time beyond start-up (CPU seconds after ``import integration_indicators``)
and the peak resident memory of that process, with the rules of the problems reported.
Target (issue 8): every case within 2 s of process time, with bounded memory.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

PROBE = """
import resource, sys, time
from pathlib import Path
import integration_indicators as ii
from integration_indicators.importers.wdi import read_wdi
start = time.process_time()
try:
    if sys.argv[1] == "wdi":
        read_wdi(Path(sys.argv[2]))
    elif sys.argv[1] == "dots":
        from integration_indicators.importers.dots_workbooks import read_dots_workbook
        read_dots_workbook(Path(sys.argv[2]))
    else:
        ii.load(sys.argv[2], cache=False)
    rule = "loaded"
except ii.ValidationError as exc:
    rule = ",".join(sorted({p.rule for p in exc.problems}))
cpu = time.process_time() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{cpu:.3f} {peak:.0f} {rule}")
"""


def catalogue_case(mutate: Callable[[Path], None]) -> Callable[[Path], tuple[str, Path]]:
    def make(root: Path) -> tuple[str, Path]:
        import integration_indicators as ii

        target = root / "catalogue"
        ignore = shutil.ignore_patterns("__pycache__", "observations-*.csv", "sources-*.yaml")
        shutil.copytree(ii.bundled_path(), target, ignore=ignore)
        mutate(target)
        return "catalogue", target

    return make


def wdi_case(meta: Callable[[Path], None]) -> Callable[[Path], tuple[str, Path]]:
    def make(root: Path) -> tuple[str, Path]:
        folder = root / "series"
        folder.mkdir()
        (folder / "data.csv").write_text("Country Name,Country Code,Year,Value\n")
        meta(folder / "datapackage.json")
        return "wdi", folder

    return make


def workbook_case(make: Callable[[Path], Path]) -> Callable[[Path], tuple[str, Path]]:
    def build(root: Path) -> tuple[str, Path]:
        return "dots", make(root / "DOTS_18.xlsx")

    return build


def _garbage(folder: Path) -> None:
    """300,000 rows of random words under the right header (21.6 MB)."""
    import random

    path = folder / "observations.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    rng = random.Random(1)
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ./-"
    width = header.count(",") + 1
    rows = (
        ",".join("".join(rng.choices(letters, k=rng.randint(0, 6))) for _ in range(width))
        for _ in range(300_000)
    )
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")


def _empty_files(folder: Path) -> None:
    header = (folder / "observations.csv").read_text(encoding="utf-8").splitlines()[0]
    for k in range(2000):
        (folder / f"observations-e{k}.csv").write_text(header + "\n", encoding="utf-8")


def _journal(folder: Path) -> None:
    (folder / "notes.txt").write_text("notes", encoding="utf-8")
    (folder / ".ii-journal-1.json").write_text('[["notes.txt", "observations.csv"]]')


def _edit(column: str, text: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        from conftest import read_rows, write_rows

        rows = read_rows(folder)
        rows[6][column] = text
        write_rows(folder, rows)

    return edit


def _overflow(folder: Path) -> None:
    from conftest import read_rows, write_rows

    rows = read_rows(folder)
    rows[4].update(value="1e300", unit="trillion person", figure="", status="official")
    write_rows(folder, rows)


def _big(folder: Path) -> None:
    with (folder / "observations-big.csv").open("wb") as stream:
        stream.truncate(3 * 1024**3)


CASES: dict[str, Callable[[Path], tuple[str, Path]]] = {
    "CSV header of 1,000,000 columns (7.6 MB)": catalogue_case(
        lambda f: (f / "observations.csv").write_text(",".join(f"c{i}" for i in range(10**6)))
    ),
    "CSV header of 16,000 columns": catalogue_case(
        lambda f: (f / "observations.csv").write_text(",".join(f"c{i}" for i in range(16000)))
    ),
    "YAML mapping of 1,000,000 keys": catalogue_case(
        lambda f: (f / "sources.yaml").write_text(
            "- id: a\n" + "\n".join(f"  k{i}: v" for i in range(10**6))
        )
    ),
    "YAML nested 10,000 deep": catalogue_case(
        lambda f: (f / "indicators.yaml").write_text("- a: " + "[" * 10**4 + "]" * 10**4)
    ),
    "3 GB sparse observations file": catalogue_case(_big),
    "observations file symlinked to /dev/zero": catalogue_case(
        lambda f: (f / "observations-z.csv").symlink_to("/dev/zero")
    ),
    "observations file that is a FIFO": catalogue_case(
        lambda f: os.mkfifo(f / "observations-f.csv")
    ),
    "Arabic-Indic digits in a bound": catalogue_case(_edit("lower", "٢٠٠٠٠٠")),
    "1e300 (trillion person): overflows": catalogue_case(_overflow),
    "300,000 rows of garbage (21.6 MB CSV)": catalogue_case(_garbage),
    "2,000 empty observation files": catalogue_case(_empty_files),
    "a foreign journal (notes over observations)": catalogue_case(_journal),
    "YAML integer of 4,301 digits": catalogue_case(
        lambda f: (f / "sources.yaml").write_text("- id: " + "1" * 4301 + "\n")
    ),
    "YAML complex key (? [a, b])": catalogue_case(
        lambda f: (f / "sources.yaml").write_text("- id: a\n  ? [a, b]\n  : 1\n")
    ),
    "datapackage.json nested 100,000 deep": wdi_case(
        lambda p: p.write_bytes(b"[" * 10**5 + b"]" * 10**5)
    ),
    "datapackage.json symlinked to /dev/zero": wdi_case(lambda p: p.symlink_to("/dev/zero")),
    "datapackage.json that is a FIFO": wdi_case(os.mkfifo),
    "datapackage.json with a dict as title": wdi_case(
        lambda p: p.write_text(json.dumps({"name": "sp.pop.totl", "title": {"x": 1}}))
    ),
}


def _workbook_cases() -> dict[str, Callable[[Path], tuple[str, Path]]]:
    """The crafted workbooks of the tests (DOTS_18 with one part changed)."""
    import test_workbook_limits as w

    if not w.WORKBOOK.exists():
        return {}
    return {
        "workbook: one cell at XFD1048576 (7.6 KB)": workbook_case(w._far_cell("XFD1048576")),
        "workbook: one cell at AE1048576": workbook_case(w._far_cell("AE1048576")),
        "workbook: a part expanding past 64 MiB": workbook_case(w._big_part),
        "workbook: a header lying about a part's size": workbook_case(w._lying_header),
        "workbook: a shared string past 128 KiB": workbook_case(w._long_string),
        "workbook: cells of inf and booleans": workbook_case(
            w._edit_sheet(lambda x: x.replace("<v>0.80400000000000005</v>", "<v>inf</v>"))
        ),
    }


def main() -> None:
    CASES.update(_workbook_cases())
    print(f"{'case':44} {'CPU s':>7} {'peak MiB':>9}  rules")
    for name, make in CASES.items():
        with tempfile.TemporaryDirectory() as root:
            kind, path = make(Path(root))
            result = subprocess.run(
                [sys.executable, "-c", PROBE, kind, str(path)],
                capture_output=True,
                text=True,
                timeout=120,
                check=True,
            )
            cpu, peak, rule = result.stdout.split()
            print(f"{name:44} {float(cpu):7.3f} {float(peak):9.0f}  {rule}")


if __name__ == "__main__":
    main()
