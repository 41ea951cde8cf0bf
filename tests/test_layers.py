"""The house's rooms import one way: bot -> handlers -> services -> detection -> storage.

Every import in the five packages is read with `ast` (module level, inside
functions and under TYPE_CHECKING alike) and checked against the rules:
handlers never import bot; services import neither bot nor handlers;
detection imports none of handlers, bot and services; storage imports none
of the others; and no two packages import each other, directly or round a
longer loop.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "handlers", "services", "detection", "storage")
#: What each package may not import.
FORBIDDEN: dict[str, frozenset[str]] = {
    "handlers": frozenset({"bot"}),
    "services": frozenset({"bot", "handlers"}),
    "detection": frozenset({"bot", "handlers", "services"}),
    "storage": frozenset({"bot", "handlers", "services", "detection"}),
}


def imports_of(path: Path, root: Path) -> Iterator[tuple[str, int]]:
    """(imported module, line) for every import in the file at `path`, relative ones resolved."""
    package = path.relative_to(root).with_suffix("").parts[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1])
                yield ".".join(p for p in (base, node.module) if p), node.lineno
            elif node.module:
                yield node.module, node.lineno


def package_imports(root: Path) -> list[tuple[str, str, str, int]]:
    """(importing package, imported package, file, line) for imports between PACKAGES."""
    found = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            for module, line in imports_of(path, root):
                target = module.split(".", 1)[0]
                if target in PACKAGES and target != package:
                    found.append((package, target, str(path.relative_to(root)), line))
    return found


def violations(root: Path) -> list[str]:
    """Each import that breaks a FORBIDDEN rule, as "file:line: a imports b"."""
    return [
        f"{where}:{line}: {source} imports {target}"
        for source, target, where, line in package_imports(root)
        if target in FORBIDDEN.get(source, frozenset())
    ]


def cycles(root: Path) -> list[list[str]]:
    """Loops in the graph of which package imports which (each found once, from its least name)."""
    edges: dict[str, set[str]] = {p: set() for p in PACKAGES}
    for source, target, _, _ in package_imports(root):
        edges[source].add(target)
    loops = []

    def walk(start: str, path: list[str]) -> None:
        for nxt in sorted(edges[path[-1]]):
            if nxt == start:
                loops.append([*path, start])
            elif nxt not in path and nxt > start:
                walk(start, [*path, nxt])

    for start in PACKAGES:
        walk(start, [start])
    return loops


def test_no_room_imports_a_room_it_must_not() -> None:
    assert violations(ROOT) == []


def test_no_two_packages_import_each_other() -> None:
    assert cycles(ROOT) == []


def test_every_package_is_read() -> None:
    for package in PACKAGES:
        assert list((ROOT / package).rglob("*.py")), f"{package}/ has no modules: renamed?"
    found = {(source, target) for source, target, _, _ in package_imports(ROOT)}
    # The walk sees the arrows the house is built on.
    assert {("bot", "handlers"), ("handlers", "services"), ("services", "detection")} <= found
    assert ("detection", "storage") in found


@pytest.fixture
def crooked_house(tmp_path: Path) -> Path:
    """A tree that breaks the rules: handlers import bot, detection and storage import each other."""
    files = {
        "bot/__init__.py": "",
        "bot/app.py": "from handlers import cards\n",
        "handlers/__init__.py": "",
        "handlers/cards.py": (
            "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n"
            "    from bot.app import App\n"
        ),
        "services/__init__.py": "",
        "detection/__init__.py": "",
        "detection/check.py": "from storage import queries\n",
        "storage/__init__.py": "",
        "storage/queries.py": "def f():\n    from ..detection import check\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_a_crooked_house_is_caught(crooked_house: Path) -> None:
    assert violations(crooked_house) == [
        "handlers/cards.py:3: handlers imports bot",
        "storage/queries.py:2: storage imports detection",
    ]
    assert cycles(crooked_house) == [
        ["bot", "handlers", "bot"],
        ["detection", "storage", "detection"],
    ]
