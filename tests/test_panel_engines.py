"""The same rules on pandas, DuckDB and Spark: identical reports and growth on random panels."""

from __future__ import annotations

import itertools
import json
import os
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("duckdb")
pytest.importorskip("ibis")

from integration_indicators.cli import main
from integration_indicators.errors import PanelError
from integration_indicators.validation.panel import check_panel, panel_growth
from integration_indicators.validation.panel_outcome import check_panel_outcome
from integration_indicators.validation.panel_relational import to_frame

INDICATORS = pd.DataFrame({"id": ["a.usd", "b.person"], "unit": ["USD", "person"]})
UNITS = {"a.usd": "million USD", "b.person": "thousand person"}
GEOS = ("BLR", "RUS", "POL")
YEARS = tuple(str(y) for y in range(2014, 2021))

#: Ways to break a cell: column and the value written there.
BREAKS: dict[str, tuple[str, object]] = {
    "geo-code": ("geo", "XXA"),
    "geo-empty": ("geo", None),
    "counterpart-code": ("counterpart", "ZZZ"),
    "period-month": ("period", "2019-13"),
    "period-empty": ("period", None),
    "period-word": ("period", "last year"),
    "value-nan": ("value", float("nan")),
    "value-inf": ("value", float("-inf")),
    "unit-currency": ("unit", "billion EUR"),
    "unit-unknown": ("unit", "furlong"),
    "unit-grammar": ("unit", "USD; drop"),
    "unit-empty": ("unit", None),
    "indicator-unknown": ("indicator", "z.none"),
    "indicator-empty": ("indicator", None),
}


def base_panel(seed: int, drop: int) -> pd.DataFrame:
    """Every indicator, economy and year (some years dropped: gaps), values of any sign."""
    rng = np.random.default_rng(seed)
    rows = [(i, g, c, y) for i in UNITS for g in GEOS for c in ("", "CHN") for y in YEARS]
    frame = pd.DataFrame(rows, columns=["indicator", "geo", "counterpart", "period"])
    frame["value"] = rng.choice([0.0, -1.5, 2.0, 3.25, 10.0, 7.5, 1e-3], len(frame))
    frame["unit"] = frame["indicator"].map(UNITS)
    kept = np.ones(len(frame), dtype=bool)
    kept[rng.choice(len(frame), drop, replace=False)] = False
    shuffled: pd.DataFrame = frame.loc[kept].sample(frac=1.0, random_state=seed)
    return shuffled.reset_index(drop=True)


def broken_panel(
    seed: int, drop: int, breaks: list[tuple[int, str]], twins: list[int]
) -> pd.DataFrame:
    frame = base_panel(seed, drop).astype({"value": "float64"})
    frame = frame.astype(
        {c: "object" for c in ("indicator", "geo", "counterpart", "period", "unit")}
    )
    for row, kind in breaks:
        column, value = BREAKS[kind]
        frame.loc[row % len(frame), column] = value  # type: ignore[call-overload]
    if twins:
        frame = pd.concat([frame, frame.iloc[[t % len(frame) for t in twins]]], ignore_index=True)
    return frame


def write_files(frame: pd.DataFrame, directory: Path, cuts: list[int]) -> Path:
    """The panel as Parquet files of the directory, cut at *cuts*."""
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    bounds = [0, *sorted({c % len(frame) for c in cuts} - {0}), len(frame)]
    for n, (start, end) in enumerate(itertools.pairwise(bounds)):
        frame.iloc[start:end].to_parquet(directory / f"part-{n:02d}.parquet", index=False)
    return directory


def reports(path: Path, engines: tuple[str, ...]) -> dict[str, dict[str, object]]:
    return {e: check_panel_outcome(path, INDICATORS, engine=e).to_json() for e in engines}


def growth_by_key(path: Path, engine: str) -> pd.Series:
    """Growth of every row by its key, on one engine."""
    checked = check_panel(path, INDICATORS, engine=engine)
    if engine == "pandas":
        frame = checked.frame.assign(growth=panel_growth(checked).to_numpy())  # type: ignore[union-attr]
    else:
        frame = to_frame(panel_growth(checked))
    key = [c for c in ("indicator", "geo", "counterpart", "period") if c in frame.columns]
    frame = frame.astype({c: "str" for c in key})
    return frame.set_index(key)["growth"].astype("float64").sort_index()


breaks = st.lists(st.tuples(st.integers(0, 500), st.sampled_from(sorted(BREAKS))), max_size=5)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 2**16),
    drop=st.integers(0, 20),
    breaks=breaks,
    twins=st.lists(st.integers(0, 500), max_size=2),
    cuts=st.lists(st.integers(0, 500), max_size=2),
)
def test_pandas_and_duckdb_report_the_same_problems(
    tmp_path: Path,
    seed: int,
    drop: int,
    breaks: list[tuple[int, str]],
    twins: list[int],
    cuts: list[int],
) -> None:
    frame = broken_panel(seed, drop, breaks, twins)
    path = write_files(frame, tmp_path / "panel", cuts)
    found = reports(path, ("pandas", "duckdb"))
    assert found["pandas"] == found["duckdb"]
    assert found["pandas"]["rows"] == len(frame)
    if breaks or twins:
        assert found["pandas"]["problems"], "a broken cell went unreported"


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 2**16),
    drop=st.integers(0, 40),
    cuts=st.lists(st.integers(0, 500), max_size=2),
)
def test_pandas_and_duckdb_give_the_same_growth(
    tmp_path: Path, seed: int, drop: int, cuts: list[int]
) -> None:
    path = write_files(base_panel(seed, drop), tmp_path / "panel", cuts)
    pandas, duckdb = growth_by_key(path, "pandas"), growth_by_key(path, "duckdb")
    pd.testing.assert_series_equal(pandas, duckdb, rtol=0, atol=0)  # the same float operations
    assert pandas.notna().any() and pandas.isna().any()  # firsts, gaps and bases <= 0 are NaN


def test_growth_follows_the_gap_and_base_rules(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "indicator": ["a.usd"] * 5,
            "geo": ["BLR"] * 5,
            "period": ["2015", "2016", "2018", "2019", "2020"],
            "value": [2.0, 3.0, 4.0, 0.0, 5.0],
            "unit": ["USD"] * 5,
        }
    )
    frame.to_parquet(tmp_path / "p.parquet")
    values = growth_by_key(tmp_path / "p.parquet", "duckdb").droplevel(["indicator", "geo"])
    assert np.isnan(values["2015"])  # the first of the series
    assert values["2016"] == 50.0
    assert np.isnan(values["2018"])  # 2017 is missing: a gap, not one year's growth
    assert values["2019"] == -100.0
    assert np.isnan(values["2020"])  # a zero base


def test_relation_and_frame_inputs(tmp_path: Path) -> None:
    import duckdb

    frame = broken_panel(3, 0, [(4, "geo-code")], [])
    with pytest.raises(PanelError) as in_memory:
        check_panel(frame, INDICATORS)
    with pytest.raises(PanelError) as on_duckdb:
        check_panel(frame, INDICATORS, engine="duckdb")
    assert in_memory.value.problems == on_duckdb.value.problems
    assert in_memory.value.problems[0].row == 6  # as in a CSV: header row 1, first data row 2
    connection = duckdb.connect()
    relation = connection.from_df(frame)
    with pytest.raises(PanelError) as related:
        check_panel(relation, INDICATORS, connection=connection)
    assert [p.value for p in related.value.problems] == ["XXA"]
    assert related.value.problems[0].row is None  # a relation has no row order


def test_memory_limit_and_spill_are_passed_to_duckdb(tmp_path: Path) -> None:
    path = write_files(base_panel(1, 0), tmp_path / "panel", [])
    checked = check_panel(
        path, INDICATORS, engine="duckdb", memory_limit="256MB", spill=str(tmp_path / "spill")
    )
    backend = checked.table._find_backend()  # type: ignore[union-attr]
    limit = backend.raw_sql("SELECT current_setting('memory_limit')").fetchone()[0]
    assert limit in ("244.1 MiB", "256.0 MB", "244.1MiB")
    assert (
        backend.raw_sql("SELECT current_setting('temp_directory')").fetchone()[0].endswith("spill")
    )


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_command_reports_as_json_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalogue = tmp_path / "catalogue"
    assert main(["init", str(catalogue)]) == 0
    capsys.readouterr()
    frame = pd.DataFrame(
        {
            "indicator": ["trade.goods.turnover"] * 2,
            "geo": ["BLR", "XXA"],
            "counterpart": ["RUS", "RUS"],
            "period": ["2019", "2020"],
            "value": [1.0, 2.0],
            "unit": ["billion USD"] * 2,
        }
    )
    frame.to_parquet(tmp_path / "p.parquet")
    status, out, _ = run(capsys, "check-panel", str(tmp_path / "p.parquet"), "--format", "json")
    report = json.loads(out)
    assert status == 1 and report["rows"] == 2
    assert report["problems"]["iso-country"] == 1
    assert report["first"]["iso-country"][0] == {
        "file": str(tmp_path / "p.parquet"),
        "row": 2,
        "column": "geo",
        "value": "XXA",
        "message": "not an economy code (ISO 3166-1 or 3166-3 alpha-3, or XKX, CHI, XBL, XYA)",
    }
    pandas = run(
        capsys, "check-panel", str(tmp_path / "p.parquet"), "--format", "json", "--engine", "pandas"
    )
    assert json.loads(pandas[1]) == report


def test_command_writes_the_normalised_panel_and_never_over_a_strangers_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one = base_panel(2, 0).query("indicator == 'a.usd' and counterpart == ''")
    one = one.assign(indicator="trade.goods.turnover", unit="million USD", counterpart="RUS")
    path = write_files(one, tmp_path / "panel", [10])
    out = tmp_path / "out.parquet"
    for engine in ("duckdb", "pandas"):
        status, said, _ = run(capsys, "check-panel", str(path), "--engine", engine, "-o", str(out))
        assert status == 0 and "panel OK" in said
        written = pd.read_parquet(out)
        assert set(written["unit"]) == {"USD"} and len(written) == len(GEOS) * len(YEARS)
        assert sorted(written["value"]) == sorted(one["value"] * 1e6)
        assert {"growth", "value"} <= set(written.columns)
    stranger = tmp_path / "stranger"
    stranger.mkdir()
    (stranger / "keep.txt").write_text("mine")
    status, _, err = run(capsys, "check-panel", str(path), "-o", str(stranger))
    assert status == 1 and "holds files the library did not write (keep.txt)" in err
    assert (stranger / "keep.txt").read_text() == "mine"


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["check-panel", "nowhere.parquet"], "no such file or directory"),
        (["check-panel", "{path}", "--memory-limit", "lots"], "e.g. --memory-limit 4GB"),
        (
            ["check-panel", "{path}", "--engine", "pandas", "--memory-limit", "4GB"],
            "--engine duckdb",
        ),
        (["check-panel", "{path}", "--engine", "polars"], "invalid choice"),
    ],
)
def test_command_usage_errors_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    base_panel(0, 0).to_parquet(tmp_path / "p.parquet")
    status, _, err = run(capsys, *[a.format(path=tmp_path / "p.parquet") for a in argv])
    assert status == 2 and said in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_command_names_a_missing_extra(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "pyspark" else real(name, *a)
    )
    base_panel(0, 0).to_parquet(tmp_path / "p.parquet")
    status, _, err = run(capsys, "check-panel", str(tmp_path / "p.parquet"), "--engine", "spark")
    assert status == 2 and "pip install 'integration-indicators[spark]'" in err


def test_parquet_is_listed_before_it_is_read(tmp_path: Path) -> None:
    from integration_indicators.errors import ValidationError

    folder = tmp_path / "panel"
    folder.mkdir()
    (folder / "a.parquet").write_text("not parquet")
    with pytest.raises(ValidationError, match="unreadable-parquet"):
        check_panel(folder, INDICATORS, engine="duckdb")
    (folder / "a.parquet").unlink()
    os.mkfifo(folder / "b.parquet")
    with pytest.raises(ValidationError, match="not-regular-file"):
        check_panel(folder, INDICATORS, engine="duckdb")
    (folder / "b.parquet").unlink()
    with pytest.raises(ValidationError, match="no-parquet-files"):
        check_panel(folder, INDICATORS, engine="pandas")
    wide = pd.DataFrame({f"c{i}": [1] for i in range(300)})
    wide.to_parquet(folder / "wide.parquet")
    with pytest.raises(ValidationError, match="too-many-columns"):
        check_panel(folder, INDICATORS, engine="duckdb")


def _null_typed_panel(folder: Path) -> Path:
    """Two files; in the second, the indicator column is all null (Parquet's null type)."""
    folder.mkdir()
    base_panel(0, 0).iloc[:20].to_parquet(folder / "part-00.parquet", index=False)
    alone = base_panel(0, 0).iloc[20:21].assign(indicator=pd.Series([None], dtype=object))
    alone.to_parquet(folder / "part-01.parquet", index=False)
    return folder


def test_a_file_whose_column_is_all_null_and_files_that_disagree_on_types(
    tmp_path: Path,
) -> None:
    from integration_indicators.errors import ValidationError

    path = _null_typed_panel(tmp_path / "panel")
    found = reports(path, ("pandas", "duckdb"))
    assert found["pandas"] == found["duckdb"]
    assert found["pandas"]["problems"] == {"unknown-indicator": 1}
    odd = base_panel(1, 0).iloc[:3].assign(indicator=[1, 2, 3])  # numbers, not ids
    odd.to_parquet(path / "part-02.parquet", index=False)
    for engine in ("pandas", "duckdb"):
        with pytest.raises(ValidationError, match=r"different types .*\[parquet-types\]"):
            check_panel(path, INDICATORS, engine=engine)


# Spark: the same property on a few panels (a JVM per session: marked, run in CI's spark step)


@pytest.fixture(scope="module")
def spark() -> Any:
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java")
    from integration_indicators.validation.panel_sources import spark_session

    return spark_session()


#: py4j leaves sockets to the garbage collector; nothing of ours opens one.
spark_warnings = pytest.mark.filterwarnings(
    "ignore:unclosed <socket:ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning"
)


@pytest.mark.spark
@spark_warnings
@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 2**16),
    breaks=breaks,
    twins=st.lists(st.integers(0, 500), max_size=2),
    cuts=st.lists(st.integers(0, 500), max_size=2),
)
def test_spark_reports_what_pandas_and_duckdb_report(
    spark: Any,
    tmp_path: Path,
    seed: int,
    breaks: list[tuple[int, str]],
    twins: list[int],
    cuts: list[int],
) -> None:
    path = write_files(broken_panel(seed, 5, breaks, twins), tmp_path / "panel", cuts)
    found = reports(path, ("pandas", "duckdb", "spark"))
    assert found["spark"] == found["pandas"] == found["duckdb"]


#: Non-finite values of ``value`` a file holds, and the ``number`` problems they make. A NaN
#: alone in a file (no null, no infinity) is what DuckDB's statistics folded away.
NON_FINITE = {
    "nan alone": ([np.nan], False, 1),
    "infinities and a null": ([np.inf, -np.inf], True, 3),
}


def _non_finite_panel(directory: Path, kind: str, case: str) -> Path:
    """One file whose ``value`` (of type *kind*) holds the values of *case* as they are (a
    true NaN, not a null)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    directory.mkdir(parents=True)
    put, null, _ = NON_FINITE[case]
    frame = base_panel(0, 0).iloc[:20]
    values = frame["value"].to_numpy(dtype=kind, copy=True)
    values[1 : 1 + len(put)] = put
    mask = np.zeros(len(values), dtype=bool)
    mask[7] = null
    table = pa.Table.from_pandas(frame.drop(columns="value"), preserve_index=False)
    column = pa.array(values, mask=mask, from_pandas=False)  # NaN stays NaN
    pq.write_table(table.append_column("value", column), directory / "part-0.parquet")
    return directory


@pytest.mark.parametrize("case", sorted(NON_FINITE))
@pytest.mark.parametrize("kind", ["float32", "float64"])
def test_nan_infinity_and_null_are_one_problem_on_every_engine(
    tmp_path: Path, kind: str, case: str
) -> None:
    """DuckDB folded ISNAN() on a Parquet FLOAT column to false from its statistics (NaN is
    no null, and statistics leave it out): every engine now counts the same."""
    found = reports(_non_finite_panel(tmp_path / "panel", kind, case), ("pandas", "duckdb"))
    expected = {"number": NON_FINITE[case][2]}
    assert found["pandas"]["problems"] == found["duckdb"]["problems"] == expected


@pytest.mark.spark
@spark_warnings
@pytest.mark.parametrize("case", sorted(NON_FINITE))
@pytest.mark.parametrize("kind", ["float32", "float64"])
def test_spark_counts_nan_infinity_and_null_as_the_others_do(
    spark: Any, tmp_path: Path, kind: str, case: str
) -> None:
    found = reports(_non_finite_panel(tmp_path / "panel", kind, case), ("pandas", "spark"))
    expected = {"number": NON_FINITE[case][2]}
    assert found["spark"]["problems"] == found["pandas"]["problems"] == expected


@pytest.mark.spark
@spark_warnings
def test_spark_reads_a_file_whose_column_is_all_null(spark: Any, tmp_path: Path) -> None:
    """Spark alone refuses Parquet's null type beside a string: the file is read apart and
    cast, and the report is the other engines' (found by the property test above)."""
    path = _null_typed_panel(tmp_path / "panel")
    found = reports(path, ("pandas", "spark"))
    assert found["spark"] == found["pandas"]


@pytest.mark.spark
@spark_warnings
def test_spark_growth_and_output(spark: Any, tmp_path: Path) -> None:
    path = write_files(base_panel(7, 10), tmp_path / "panel", [40])
    pd.testing.assert_series_equal(
        growth_by_key(path, "spark"), growth_by_key(path, "pandas"), rtol=0, atol=0
    )
    outcome = check_panel_outcome(path, INDICATORS, engine="spark", output=tmp_path / "out")
    assert outcome.valid and pd.read_parquet(tmp_path / "out").shape[0] == outcome.rows
    frame = spark.read.parquet(str(path))
    assert check_panel(frame, INDICATORS).rows == outcome.rows  # a Spark DataFrame as given


def test_pysparks_pandas_warning_never_reaches_the_commands_user(tmp_path: Path) -> None:
    """pandera imports pyspark.pandas where pyspark is installed; PySpark 4.1 and later then
    warn that pandas 3 is not fully supported. A stand-in pyspark that warns as they do (then
    fails to import, which pandera allows): validating a catalogue, which imports pandera,
    with warnings as errors still succeeds, and prints no warning."""
    import subprocess
    import sys

    fake = tmp_path / "site" / "pyspark"
    (fake / "pandas").mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "pandas" / "__init__.py").write_text(
        "import warnings\nwarnings.warn('PySpark does not yet fully support pandas >= 3.0.0. "
        "Some features may not work correctly.', FutureWarning)\n"
        "raise ImportError('a stand-in: only the warning is real')\n"  # pandera then goes on
    )
    catalogue = tmp_path / "catalogue"
    assert main(["init", str(catalogue)]) == 0
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site"), "PYTHONWARNINGS": "error"}
    command = [
        sys.executable,
        "-c",
        "import sys; from integration_indicators.cli import main; "
        f"sys.exit(main(['validate', {str(catalogue)!r}]))",
    ]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert "FutureWarning" not in done.stderr and "catalogue OK" in done.stdout
    bare = [sys.executable, "-c", "import pandera.pandas"]
    warned = subprocess.run(bare, capture_output=True, text=True, env=env, check=False)
    assert "PySpark does not yet fully support pandas" in warned.stderr  # the stand-in warns
