"""Data flows one way through the package: each module imports only from its own layer or
the layers below it (imports inside functions included), so the folders read as the flow."""

from __future__ import annotations

import ast
from pathlib import Path

import integration_indicators

PACKAGE = Path(integration_indicators.__file__).parent

#: Layers from the bottom up; a module may import from its layer and those before it.
LAYERS = (
    ("errors", "rule_codes"),
    ("model",),
    ("io",),
    ("validation",),
    ("catalogue",),
    ("importers",),
    ("analysis",),
    ("publish",),
    ("cli", "__init__"),
)

#: The one way up, and why: ``Catalogue.series`` and ``Catalogue.crosscheck`` are the public
#: façade's methods, handing the catalogue to analysis (imported when called).
FACADE = {("catalogue/__init__.py", "analysis")}


def layer_of(part: str) -> int:
    return next(i for i, names in enumerate(LAYERS) if part in names)


def imported(path: Path) -> list[tuple[int, str]]:
    """Line and first part below the package of every import of the package in *path*."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.level:  # relative: only __init__ uses them, for type checking
                found.append((node.lineno, node.module.split(".")[0]))
            elif node.module.startswith("integration_indicators."):
                found.append((node.lineno, node.module.split(".")[1]))
            elif node.module == "integration_indicators":
                found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [
                (node.lineno, alias.name.split(".")[1])
                for alias in node.names
                if alias.name.startswith("integration_indicators.")
            ]
    return found


def test_every_module_sits_in_a_layer() -> None:
    parts = {p.relative_to(PACKAGE).parts[0].removesuffix(".py") for p in PACKAGE.glob("*")}
    parts -= {"py.typed", "__pycache__", "datasets", "guides"}
    assert parts == {name for names in LAYERS for name in names}


def test_imports_flow_from_lower_layers_only() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = layer_of(path.relative_to(PACKAGE).parts[0].removesuffix(".py"))
        for line, part in imported(path):
            if part == "__version__":
                continue  # the version string, read where it is reported
            if layer_of(part) > own and (str(path.relative_to(PACKAGE)), part) not in FACADE:
                wrong.append(f"{path.relative_to(PACKAGE)}:{line} imports {part}")
    assert wrong == []


def test_public_modules_keep_their_names() -> None:
    import importlib

    for name, where in integration_indicators.MODULES.items():
        module = getattr(integration_indicators, name)
        assert module is importlib.import_module(f"integration_indicators.{where}")
    assert not hasattr(integration_indicators, "no_such_module")


#: The catalogue's private attributes: only the Catalogue's own module may read them;
#: everything else (the loader that builds it included) uses its public methods.
PRIVATE = {
    "_observations",
    "_observation_rows",
    "_sources",
    "_indicators",
    "_rules",
    "_releases",
    "_derived",
    "_history",
}


def test_no_module_reads_the_catalogues_private_attributes() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.relative_to(PACKAGE).as_posix() == "catalogue/__init__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [
            f"{path.relative_to(PACKAGE)}:{node.lineno} .{node.attr}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr in PRIVATE
        ]
    assert found == []


def test_the_public_modules_import_by_their_short_names() -> None:
    """``import integration_indicators.metrics`` (as the docstrings write it) is the module of
    ``analysis/metrics.py``, and ``dir()`` lists the lazily imported modules."""
    import importlib

    assert {"metrics", "indices", "groups", "claims"} <= set(dir(integration_indicators))
    for short, where in integration_indicators.MODULES.items():
        alias = importlib.import_module(f"integration_indicators.{short}")
        assert alias is importlib.import_module(f"integration_indicators.{where}")
    as_written = importlib.import_module("integration_indicators.metrics")  # what users write
    assert as_written.ratio.__module__ == "integration_indicators.analysis.metrics"


def _private(name: str | None) -> bool:
    return bool(name) and str(name).startswith("_") and not str(name).startswith("__")


def test_no_module_imports_or_writes_another_modules_private_names() -> None:
    """A name starting with ``_`` stays in its module: never imported by another module of
    the package, never written through ``dataclasses.replace`` (a catalogue is built with
    its public constructors, ``Catalogue.with_rows``)."""
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(PACKAGE)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "integration_indicators"
            ):
                wrong += [
                    f"{where}:{node.lineno} imports {a.name}"
                    for a in node.names
                    if _private(a.name)
                ]
            if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("replace"):
                wrong += [
                    f"{where}:{node.lineno} writes {k.arg}"
                    for k in node.keywords
                    if _private(k.arg)
                ]
    assert wrong == []
