"""The editable texts (templates/): one engine for both formats, and no key missing or unused.

Keys are read from the writers' source: the first argument of every `short(...)` (the deck's
texts) and `sheet_text(...)` / `sentence(...)` (the workbook's) call, a literal or an f-string
(its fields match any part of a key), plus the keys written as string literals in tables of
keys (exposure.py).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from officefiches.errors import OfficeFichesError
from officefiches.writers import texts

WRITERS = Path(texts.__file__).resolve().parent
# the functions taking a key: the deck's short texts, the workbook's texts and sentences
CALLS = {"short": texts.DECK, "sheet_text": texts.WORKBOOK, "sentence": texts.WORKBOOK}


def sources() -> list[tuple[Path, ast.AST]]:
    return [(path, ast.parse(path.read_text())) for path in sorted(WRITERS.rglob("*.py"))]


def pattern(node: ast.AST) -> re.Pattern | None:
    """The keys a call's first argument can be: a literal, or an f-string as a regex."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.compile(re.escape(node.value))
    if isinstance(node, ast.JoinedStr):
        parts = [
            re.escape(v.value) if isinstance(v, ast.Constant) else r"[a-z_]*" for v in node.values
        ]
        return re.compile("".join(parts))
    return None  # a key in a variable: its literal is found among the constants


def used_keys() -> dict[str, list[tuple[re.Pattern, str]]]:
    """Per TOML file, the patterns of keys the code asks for, with where."""
    used: dict[str, list[tuple[re.Pattern, str]]] = {name: [] for name in CALLS.values()}
    for path, tree in sources():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", None))
            if name in CALLS and (found := pattern(node.args[0])) is not None:
                where = f"{path.relative_to(WRITERS)}:{node.lineno}"
                used[CALLS[name]].append((found, where))
    return used


def constants() -> set[str]:
    return {
        node.value
        for _, tree in sources()
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


@pytest.mark.parametrize("name", sorted(set(CALLS.values())))
def test_every_key_used_exists(name):
    keys = texts.table(name)
    missing = [
        f"{where}: {found.pattern}"
        for found, where in used_keys()[name]
        if not any(found.fullmatch(key) for key in keys)
    ]
    assert not missing, f"clés absentes de templates/{name} : {missing}"


@pytest.mark.parametrize("name", sorted(set(CALLS.values())))
def test_every_key_of_the_templates_is_used(name):
    patterns = [found for found, _ in used_keys()[name]]
    literals = constants()
    unused = [
        key
        for key in texts.table(name)
        if key not in literals and not any(found.fullmatch(key) for found in patterns)
    ]
    assert not unused, f"clés de templates/{name} jamais utilisées : {unused}"


def test_the_scan_sees_both_kinds_of_key():
    used = used_keys()
    assert any(found.pattern == "titre_balance" for found, _ in used[texts.DECK])
    assert any(found.fullmatch("titre_export") for found, _ in used[texts.DECK])
    assert not any(found.fullmatch("clé inconnue") for found, _ in used[texts.DECK])


def test_one_fill_for_both_formats():
    values = {"annee": "2024"}
    assert texts.fill("Données {annee}, {inconnu}, {{accolades}}", values, "x") == (
        "Données 2024, {inconnu}, {accolades}"
    )
    with pytest.raises(OfficeFichesError, match="doublez-les"):
        texts.fill("une accolade { seule", values, "x")


def test_tagged_lines_keep_the_tags_asked_for():
    lines = texts.tagged_lines("methode.md", {"synthèse"}, {"membres": "départements"})
    text = "\n".join(lines)
    assert "[synthèse]" not in text and "[département]" not in text
    assert "compare ses départements" in text
    assert "onglet « Données » reprend une à une" not in text  # a department's line
    assert "## Évolution" not in text  # a heading left without any line is dropped
