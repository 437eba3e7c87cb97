"""akhbar/text stays pure: no Django, no network (checked by reading the imports)."""

import ast
from pathlib import Path

TEXT = Path(__file__).resolve().parents[2] / "akhbar" / "text"
FORBIDDEN = ("django", "httpx", "socket", "urllib.request", "http.client", "requests", "ssl")


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_it_imports_nothing_from_django_or_the_network():
    found = [
        f"{path.name} imports {name}"
        for path in sorted(TEXT.rglob("*.py"))
        for name in imported_modules(path)
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN)
    ]
    # it should find no forbidden import in any module of akhbar/text
    assert found == []
