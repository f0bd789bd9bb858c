"""The examples in the docstrings of every module of the package run and print what they say."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import integration_indicators

#: Every module of the package, found by walking it (not a hand list).
MODULES = [
    "integration_indicators",
    *(
        info.name
        for info in pkgutil.walk_packages(
            integration_indicators.__path__, prefix="integration_indicators."
        )
    ),
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_the_walk_finds_every_module() -> None:
    assert {"integration_indicators.model.units", "integration_indicators.io.outputs"} <= set(
        MODULES
    )
    assert len(MODULES) > 30
