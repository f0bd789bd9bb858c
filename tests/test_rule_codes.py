"""Every rule code used in the library is registered with a description, and none is stale.

The source is read as syntax trees: a code is a string constant in the place where a problem
or error takes its rule (``Problem(file, row, column, value, RULE, message)``,
``emit(table, mask, column, RULE, ...)``, ``report.add(mask, column, RULE, ...)``,
``UnitError(unit, RULE, ...)``, ``OutputError(path, RULE, ...)``, ``rule=RULE``, a
parameter ``rule: str = RULE``, an assignment ``rule = RULE``), a check name of the pandera
models, or a rule the schemas map pandera's own checks to.
"""

from __future__ import annotations

import ast
import html
import re
from pathlib import Path

import integration_indicators as ii
from integration_indicators.rule_codes import RULE_CODES

#: Call name -> position of the rule among its arguments.
RULE_ARGUMENT = {
    "Problem": 4,
    "emit": 3,
    "add": 2,
    "UnitError": 1,
    "OutputError": 1,
    "failed_table": 1,
    "_RefusedError": 0,
    "_problem": 1,
    "fail": 2,
}

CODE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


def _strings(node: ast.AST | None) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _strings(node.body) + _strings(node.orelse)
    if isinstance(node, ast.Tuple):
        return [s for element in node.elts for s in _strings(element)]
    return []


def _used_in(tree: ast.AST) -> set[str]:
    used: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            at = RULE_ARGUMENT.get(name)
            if at is not None and len(node.args) > at:
                used.update(_strings(node.args[at]))
            for keyword in node.keywords:
                if keyword.arg == "rule" or (keyword.arg == "name" and name == "_check"):
                    used.update(_strings(keyword.value))
        elif isinstance(node, ast.arguments):
            named = node.posonlyargs + node.args + node.kwonlyargs
            defaults = [
                *([None] * (len(node.posonlyargs + node.args) - len(node.defaults))),
                *node.defaults,
                *node.kw_defaults,
            ]
            for argument, default in zip(named, defaults, strict=True):
                if argument.arg == "rule":
                    used.update(_strings(default))
        elif isinstance(node, ast.Assign):
            targets = [
                t
                for target in node.targets
                for t in (target.elts if isinstance(target, ast.Tuple) else [target])
            ]
            values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
            for target, value in zip(targets, values, strict=False):
                if getattr(target, "id", getattr(target, "attr", "")) == "rule":
                    used.update(_strings(value))
    return {code for code in used if CODE.fullmatch(code)}


def _used() -> dict[str, set[str]]:
    package = Path(ii.__file__).parent
    where: dict[str, set[str]] = {}
    for path in package.rglob("*.py"):
        for code in _used_in(ast.parse(path.read_text(encoding="utf-8"))):
            where.setdefault(code, set()).add(path.name)
    from integration_indicators.validation import schemas

    for code in [*schemas.RULES, *schemas._PANDERA_RULES.values()]:
        where.setdefault(code, set()).add("schemas.py")
    return where


def test_every_rule_code_used_is_registered() -> None:
    unregistered = {
        code: sorted(files) for code, files in _used().items() if code not in RULE_CODES
    }
    assert unregistered == {}


def test_every_registered_rule_code_is_used() -> None:
    assert sorted(set(RULE_CODES) - set(_used())) == []


def test_descriptions_are_one_line_each() -> None:
    for code, text in RULE_CODES.items():
        assert text and "\n" not in text and len(text) < 120, code


def test_the_scanner_finds_codes_in_each_place() -> None:
    source = """
Problem("f", 1, "c", "v", "in-problem", "m")
emit(t, mask, "c", "in-emit", "m")
report.add(mask, "c", "in-add", "m")
UnitError("u", "a" if x else "in-ifexp", "m")
check(rule="in-keyword")
def f(rule: str = "in-default"): ...
rule, message = "in-tuple", "m"
"""
    assert _used_in(ast.parse(source)) == {
        "in-problem",
        "in-emit",
        "in-add",
        "a",
        "in-ifexp",
        "in-keyword",
        "in-default",
        "in-tuple",
    }


def test_the_docs_page_lists_every_code() -> None:
    from integration_indicators.publish.docs import rule_codes_page

    page = rule_codes_page()
    for code, text in RULE_CODES.items():
        assert f'<span id="{code}"></span>`{code}`' in page
        assert text.split(":")[0] in html.unescape(page)  # text written as references
