"""The validation cache: data not code, a hit for unchanged bytes, never trusted blindly."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import integration_indicators as ii
from integration_indicators.catalogue import cache, loader


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.arrows"))


def test_second_load_is_a_hit_and_equal(catalogue_dir: Path, private_cache: Path) -> None:
    main = catalogue_dir / "observations.csv"
    main.write_text(main.read_text(encoding="utf-8") + "\n\n\n", encoding="utf-8")  # new key
    before = set(_entries(private_cache))
    first = ii.load(catalogue_dir)
    assert set(_entries(private_cache)) - before
    second = ii.load(catalogue_dir)
    pd.testing.assert_frame_equal(first.observations(), second.observations())
    pd.testing.assert_frame_equal(first.sources, second.sources)
    pd.testing.assert_frame_equal(first.indicators, second.indicators)
    assert second.location == str(catalogue_dir)


def test_entries_are_arrow_data_never_pickles(catalogue_dir: Path, private_cache: Path) -> None:
    ii.load(catalogue_dir)
    data = _entries(private_cache)[0].read_bytes()
    assert data.startswith(cache.MAGIC)
    assert b"ARROW" in data or b"\xff\xff\xff\xff" in data  # Arrow IPC stream continuation
    assert not list(private_cache.glob("*.pickle"))


def test_entries_are_compressed_and_read_back_equal() -> None:
    """Each table of an entry is an LZ4-compressed Arrow IPC stream: the bundled catalogue's
    entry is less than half the bytes of the same streams uncompressed, and decodes to the
    same frames."""
    import io

    import pyarrow as pa

    cat = ii.load()
    entry = cache.encode("key", cat)
    plain = 0
    for frame in cache.entry_tables(cat):
        table = pa.Table.from_pandas(frame, preserve_index=False)
        sink = io.BytesIO()
        with pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
        plain += len(sink.getvalue())
    assert len(entry) < plain / 2
    back = cache.decode("key", entry)
    assert back is not None
    pd.testing.assert_frame_equal(back.observations(), cat.observations())
    pd.testing.assert_frame_equal(back.superseded(), cat.superseded())


def test_any_edit_is_validated_again(catalogue_dir: Path) -> None:
    ii.load(catalogue_dir)
    path = catalogue_dir / "observations.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(",BLR,RUS,2019,", ",XXA,RUS,2019,"),
        encoding="utf-8",
    )
    with pytest.raises(ii.ValidationError, match="iso-country"):
        ii.load(catalogue_dir)
    before = cache.catalogue_key(loader.digest_files(catalogue_dir))
    path.write_text(path.read_text(encoding="utf-8").replace("XXA", "BLR"), encoding="utf-8")
    assert cache.catalogue_key(loader.digest_files(catalogue_dir)) != before
    assert len(ii.load(catalogue_dir).observations()) == 27


def test_a_planted_pickle_never_runs(catalogue_dir: Path, private_cache: Path) -> None:
    ii.load(catalogue_dir)
    key = cache.catalogue_key(loader.digest_files(catalogue_dir))
    witness = catalogue_dir.parent / "ran"

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {witness}",))

    planted = pickle.dumps(Payload())
    (private_cache / f"{key}.pickle").write_bytes(planted)
    (private_cache / f"{key}.arrows").write_bytes(planted)
    assert len(ii.load(catalogue_dir).observations()) == 27
    assert not witness.exists()
    assert (private_cache / f"{key}.arrows").read_bytes().startswith(cache.MAGIC)  # rewritten


def test_every_single_bit_flip_is_rejected(catalogue_dir: Path) -> None:
    catalogue = ii.load(catalogue_dir, cache=False)
    key = "k" * 64
    data = cache.encode(key, catalogue)
    assert cache.decode(key, data) is not None
    step = max(1, len(data) // 400)
    for position in range(0, len(data), step):
        flipped = bytearray(data)
        flipped[position] ^= 1 << (position % 8)
        assert cache.decode(key, bytes(flipped)) is None, position
    assert cache.decode("other", data) is None


def test_an_entry_of_the_wrong_types_is_rejected(catalogue_dir: Path) -> None:
    catalogue = ii.load(catalogue_dir, cache=False)
    forged = catalogue.observations().astype({"value": "str"})
    object.__setattr__(catalogue, "_observation_rows", forged)
    assert cache.decode("k", cache.encode("k", catalogue)) is None


def test_a_broken_entry_is_ignored_and_rewritten(catalogue_dir: Path, private_cache: Path) -> None:
    ii.load(catalogue_dir)
    key = cache.catalogue_key(loader.digest_files(catalogue_dir))
    entry = private_cache / f"{key}.arrows"
    entry.write_bytes(entry.read_bytes()[:1000])
    assert len(ii.load(catalogue_dir).observations()) == 27
    assert cache.decode(key, entry.read_bytes()) is not None


def test_directory_is_created_0700_under_a_loose_umask(
    catalogue_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "fresh" / "cache"
    monkeypatch.setenv("INTEGRATION_INDICATORS_CACHE_DIR", str(folder))
    mask = os.umask(0)
    try:
        ii.load(catalogue_dir)
    finally:
        os.umask(mask)
    assert folder.stat().st_mode & 0o777 == 0o700
    assert all(e.stat().st_mode & 0o077 == 0 for e in _entries(folder))


def test_a_directory_others_can_write_is_not_used(
    catalogue_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "shared-cache"
    folder.mkdir()
    folder.chmod(0o777)
    monkeypatch.setenv("INTEGRATION_INDICATORS_CACHE_DIR", str(folder))
    with pytest.warns(cache.CacheWarning, match="group or others can write"):
        assert len(ii.load(catalogue_dir).observations()) == 27
    assert not _entries(folder)


def test_the_key_is_of_the_bytes_validated(
    catalogue_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file added while validating is not in the entry, and the next load reads it."""
    real = loader.build_catalogue
    extra = catalogue_dir / "observations-late.csv"
    main = catalogue_dir / "observations.csv"
    main.write_text(main.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # a new key
    header = main.read_text(encoding="utf-8").splitlines()[0]

    def build_and_add(*args: object, **kwargs: object) -> ii.Catalogue:
        row = (
            "late-row,population.total,BLR,,2019,,9,,,million person,exact,official,,,,,"
            "belarus-weekly-2024-02-02,"
        )
        extra.write_text(f"{header}\n{row}\n", encoding="utf-8")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "build_catalogue", build_and_add)
    assert len(ii.load(catalogue_dir).observations()) == 27
    monkeypatch.setattr(loader, "build_catalogue", real)
    assert len(ii.load(catalogue_dir).observations()) == 28


def test_a_huge_file_is_refused_before_it_is_hashed(catalogue_dir: Path) -> None:
    big = catalogue_dir / "observations-big.csv"
    with big.open("wb") as stream:
        stream.truncate(3 * 1024**3)  # sparse: 3 GB that cost no disk
    problems = {(p.file, p.rule) for p in _problems(catalogue_dir)}
    assert ("observations-big.csv", "file-too-large") in problems


def _problems(directory: Path) -> tuple[ii.Problem, ...]:
    with pytest.raises(ii.ValidationError) as caught:
        ii.load(directory)
    return caught.value.problems


def test_old_entries_are_pruned_beyond_the_limit(tmp_path: Path) -> None:
    for age, name in enumerate(("old", "mid", "new")):
        path = tmp_path / f"{name}.arrows"
        path.write_bytes(b"x" * 100)
        os.utime(path, (1_000_000 + age, 1_000_000 + age))
    removed = cache.prune(tmp_path, limit=250)
    assert [p.name for p in removed] == ["old.arrows"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mid.arrows", "new.arrows"]


def test_cache_off(catalogue_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTEGRATION_INDICATORS_CACHE_DIR", "")
    assert cache.cache_dir() is None
    assert len(ii.load(catalogue_dir).observations()) == 27


def test_a_cached_load_does_not_import_the_validators(tmp_path: Path) -> None:
    code = (
        "import sys, integration_indicators as ii; ii.load(); "
        "print(sorted(m for m in ('pandera', 'pint', 'pycountry') if m in sys.modules))"
    )
    env = {"INTEGRATION_INDICATORS_CACHE_DIR": str(tmp_path / "c"), "PATH": "/usr/bin:/bin"}
    first = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    second = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert first.stdout.strip() == "['pandera', 'pint', 'pycountry']"
    assert second.stdout.strip() == "[]"


def test_the_newest_entry_stays_whatever_its_size(tmp_path: Path) -> None:
    big = tmp_path / "big.arrows"
    big.write_bytes(b"x" * 1000)
    assert cache.prune(tmp_path, limit=10) == []  # a catalogue larger than the limit is kept
    older = tmp_path / "older.arrows"
    older.write_bytes(b"x" * 6)
    os.utime(older, (1_000_000, 1_000_000))
    oldest = tmp_path / "oldest.arrows"
    oldest.write_bytes(b"x" * 6)
    os.utime(oldest, (999_000, 999_000))
    # the big entry does not count against the others: 6 + 6 > 10, the least recent goes
    assert cache.prune(tmp_path, limit=10) == [oldest]


def test_a_big_catalogues_entry_survives_a_small_one_written_after_it(tmp_path: Path) -> None:
    """A catalogue of all of DOTS (an entry over the limit on its own) used, then a bundled
    docs build writes a small entry: the big one stays (it used to be evicted, and the next
    load validated 2 million rows again); a newer big entry replaces it."""
    big = tmp_path / "all-of-dots.arrows"
    big.write_bytes(b"x" * 1000)
    os.utime(big, (1_000_000, 1_000_000))
    small = tmp_path / "bundled.arrows"
    small.write_bytes(b"x" * 5)
    assert cache.prune(tmp_path, limit=10) == []
    newer = tmp_path / "another-big.arrows"
    newer.write_bytes(b"x" * 2000)
    os.utime(newer, (1_500_000, 1_500_000))
    assert cache.prune(tmp_path, limit=10) == [big]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["another-big.arrows", "bundled.arrows"]


def test_a_read_marks_its_entry_used(
    catalogue_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INTEGRATION_INDICATORS_CACHE_DIR", str(tmp_path / "c"))
    ii.load(catalogue_dir)
    (entry,) = (tmp_path / "c").glob("*.arrows")
    os.utime(entry, (1_000_000, 1_000_000))
    ii.load(catalogue_dir)  # a hit
    assert entry.stat().st_mtime > 1_000_000


def _forged(
    key: str, tables: list[object], header: bytes | None = None, columns: object = None
) -> bytes:
    """An entry with a valid digest around whatever tables and header it is given."""
    import hashlib
    import json

    import pyarrow as pa

    chunks = []
    for table in tables:
        sink = pa.BufferOutputStream()
        with pa.ipc.new_file(sink, table.schema) as writer:  # type: ignore[attr-defined]
            writer.write_table(table)
        chunks.append(sink.getvalue().to_pybytes())
    if header is None:
        names = ["sources", "indicators", "observations", "rules", "releases", "history"]
        header = json.dumps(
            {
                "key": key,
                "tables": [[n, len(c)] for n, c in zip(names, chunks, strict=True)],
                "columns": cache._model_layout() if columns is None else columns,
            }
        ).encode()
    body = len(header).to_bytes(8, "little") + header + b"".join(chunks)
    return cache.MAGIC + hashlib.sha256(body).digest() + body


def _tables_of(catalogue: ii.Catalogue) -> list[object]:
    import pyarrow as pa

    return [pa.Table.from_pandas(f, preserve_index=False) for f in cache.entry_tables(catalogue)]


def test_a_digest_valid_entry_is_still_checked_column_by_column() -> None:
    import pyarrow as pa

    key = "k" * 64
    good = _tables_of(ii.load())
    assert cache.decode(key, _forged(key, good)) is not None  # the forger's tables as written
    only_id = [pa.table({"id": ["a"]}), *good[1:]]
    listed = list(good)
    observations = good[2]
    assert isinstance(observations, pa.Table)
    at = observations.schema.get_field_index("value")
    listed[2] = observations.set_column(
        at, "value", pa.array([[1]] * observations.num_rows, type=pa.list_(pa.int64()))
    )
    text_value = list(good)
    text_value[2] = observations.set_column(at, "value", pa.array(["1"] * observations.num_rows))
    for forged in (only_id, listed, text_value):
        assert cache.decode(key, _forged(key, forged)) is None


def test_a_deeply_nested_header_is_refused_not_a_recursion_error() -> None:
    key = "k" * 64
    header = b'{"key": "' + key.encode() + b'", "tables": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
    assert cache.decode(key, _forged(key, [], header=header[: 60 * 1024])) is None
    assert cache.decode(key, _forged(key, [], header=b"[" * 20_000 + b"]" * 20_000)) is None


def test_an_entry_is_written_over_a_planted_symlink_never_through_it(
    catalogue_dir: Path, private_cache: Path, tmp_path: Path
) -> None:
    key = cache.catalogue_key(loader.digest_files(catalogue_dir))
    victim = tmp_path / "victim.txt"
    victim.write_text("the user's file", encoding="utf-8")
    entry = private_cache / f"{key}.arrows"
    entry.unlink(missing_ok=True)
    entry.symlink_to(victim)
    ii.load(catalogue_dir, cache=True)
    assert victim.read_text(encoding="utf-8") == "the user's file"
    assert not entry.is_symlink() and entry.read_bytes().startswith(cache.MAGIC)


def test_the_column_lists_of_earlier_releases_are_the_models_and_say_so() -> None:
    from integration_indicators import catalogue
    from integration_indicators.validation import schemas, tables

    pairs = [
        ("SOURCE_COLUMNS", schemas.SourceFile),
        ("INDICATOR_COLUMNS", schemas.IndicatorFile),
        ("RULE_COLUMNS", schemas.CrosscheckFile),
        ("RELEASE_COLUMNS", schemas.ReleaseFile),
        ("OBSERVATION_COLUMNS", tables.Observation),
    ]
    for name, model in pairs:
        with pytest.warns(DeprecationWarning, match=name):
            assert getattr(catalogue, name) == tuple(model.to_schema().columns)
    with pytest.raises(AttributeError, match="NO_SUCH"):
        catalogue.NO_SUCH  # noqa: B018


def test_a_header_whose_columns_are_not_the_models_is_refused() -> None:
    key = "k" * 64
    good = _tables_of(ii.load())
    layout = cache._model_layout()
    layout[2] = [[name, "text"] for name, _ in layout[2]]  # value declared as text
    assert cache.decode(key, _forged(key, good)) is not None
    for columns in (layout, layout[:4], [[["id", "blob"]]] * 5, "columns", [[[1, "text"]]] * 5):
        assert cache.decode(key, _forged(key, good, columns=columns)) is None


def test_the_trade_table_is_kept_beside_the_entry_and_read_in_a_new_load(
    private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trade table of a cached catalogue is kept beside its entry: a later load (a new
    Catalogue, as in a new process) reads it instead of building it, equal to a build; a
    tampered or foreign copy is never read; a view of a date keeps nothing."""
    from integration_indicators.analysis import indices

    first = ii.load()
    assert first.digest
    built = indices.trade_frame(first)
    kept = sorted(private_cache.glob(f"{first.digest}-*.trade.arrows"))
    assert len(kept) == 1  # other tests of this worker keep theirs beside it

    def no_build(cat: ii.Catalogue) -> pd.DataFrame:
        raise AssertionError("built again, not read")

    with monkeypatch.context() as patch:
        patch.setattr(indices, "_built_trade_frame", no_build)
        read = indices.trade_frame(ii.load())
    pd.testing.assert_frame_equal(read, built)
    assert read["geo"].dtype == read["counterpart"].dtype  # one shared set of economies

    data = bytearray(kept[0].read_bytes())
    data[-20] ^= 0xFF  # a flipped byte: the digest fails, the table is built again
    kept[0].write_bytes(bytes(data))
    calls: list[int] = []

    def counted(cat: ii.Catalogue) -> pd.DataFrame:
        calls.append(1)
        return built

    with monkeypatch.context() as patch:
        patch.setattr(indices, "_built_trade_frame", counted)
        indices.trade_frame(ii.load())
    assert calls == [1]

    other = [("geo", "category"), ("value", "float")]  # a table of other columns
    assert cache.read_derived(f"{first.digest}-{indices._TRADE_RECIPE}", "trade", other) is None
    view = first.as_of("2019-12-01")
    assert view.digest == ""
    before = {p.name: p.stat().st_mtime_ns for p in private_cache.glob("*.trade.arrows")}
    indices.trade_frame(view)
    after = {p.name: p.stat().st_mtime_ns for p in private_cache.glob("*.trade.arrows")}
    assert after == before
    with pytest.raises(ValueError, match="no derived table"):
        cache.write_derived(first.digest, "../elsewhere", built, other)
