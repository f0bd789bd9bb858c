"""The validation cache: a hit for unchanged bytes, a miss for any edit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import integration_indicators as ii
from integration_indicators import cache


def test_second_load_is_a_hit_and_equal(catalogue_dir: Path, private_cache: Path) -> None:
    first = ii.load(catalogue_dir)
    entries = list(private_cache.glob("*.pickle"))
    assert entries
    second = ii.load(catalogue_dir)
    pd.testing.assert_frame_equal(first.observations(), second.observations())
    pd.testing.assert_frame_equal(first.sources, second.sources)
    assert second.location == str(catalogue_dir)


def test_any_edit_is_validated_again(catalogue_dir: Path) -> None:
    ii.load(catalogue_dir)
    path = catalogue_dir / "observations.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(",BLR,RUS,2019,", ",XXA,RUS,2019,"),
        encoding="utf-8",
    )
    with pytest.raises(ii.ValidationError, match="iso-country"):
        ii.load(catalogue_dir)
    # a one-character edit of a note, which changes nothing checked, is a new key too
    before = cache.catalogue_key([path])
    path.write_text(path.read_text(encoding="utf-8").replace("XXA", "BLR"), encoding="utf-8")
    assert cache.catalogue_key([path]) != before
    assert len(ii.load(catalogue_dir).observations()) == 27


def test_an_unreadable_entry_is_ignored_and_rewritten(
    catalogue_dir: Path, private_cache: Path
) -> None:
    ii.load(catalogue_dir)
    for entry in private_cache.glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    assert len(ii.load(catalogue_dir).observations()) == 27
    key = cache.catalogue_key(sorted(catalogue_dir.iterdir()))
    assert key  # the key is a digest of the bytes, not of the time


def test_cache_off(catalogue_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("INTEGRATION_INDICATORS_CACHE_DIR", "")
    assert cache.cache_dir() is None
    assert len(ii.load(catalogue_dir).observations()) == 27


def test_a_cached_load_does_not_import_the_validators(tmp_path: Path) -> None:
    code = (
        "import sys, integration_indicators as ii; ii.load(); "
        "print(sorted(m for m in ('pandera', 'pint', 'pycountry') if m in sys.modules))"
    )
    env = {"INTEGRATION_INDICATORS_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    first = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    second = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert first.stdout.strip() == "['pandera', 'pint', 'pycountry']"
    assert second.stdout.strip() == "[]"
