"""The wheel carries the datasets: a plain, non-editable install loads the catalogue."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    if not (ROOT / "pyproject.toml").is_file():
        pytest.skip("not run from a source checkout")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
    )
    (found,) = out.glob("integration_indicators-*.whl")
    return found


def test_wheel_ships_datasets_and_py_typed(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (
        "sources.yaml",
        "sources-wdi.yaml",
        "sources-dots.yaml",
        "indicators.yaml",
        "observations.csv",
        "observations-wdi.csv",
        "observations-dots.csv",
        "observations.meta.yaml",
    ):
        assert f"integration_indicators/datasets/{name}" in names
    assert "integration_indicators/py.typed" in names
    assert "integration_indicators/model/unit_definitions.txt" in names
    assert "integration_indicators/publish/templates/claim.md.j2" in names
    assert "integration_indicators/publish/assets/iframe-worker-shim.js" in names


def test_installed_wheel_loads_outside_the_source_tree(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    code = (
        "import integration_indicators as ii; cat = ii.load(); "
        "print(ii.__file__); print(ii.bundled_path()); print(len(cat.observations()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={
            "PYTHONPATH": str(target),
            "PATH": "/usr/bin:/bin",
            "INTEGRATION_INDICATORS_CACHE_DIR": str(tmp_path / "cache"),
        },
        capture_output=True,
        text=True,
        check=True,
    )
    module, datasets, count = result.stdout.split()
    assert module.startswith(str(target))
    assert datasets == str(target / "integration_indicators" / "datasets")
    assert count == "7097"
