"""The parts keep their boundaries (docs/ARCHITECTURE.md): checked by reading the imports."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "akhbar"
NETWORK = ("socket", "http.client", "urllib.request", "httpx", "requests", "aiohttp", "ssl")
FETCH_OR_EXTRACT = ("akhbar.ingest", "akhbar.text.extract", "trafilatura", *NETWORK)
TEST_SIDE = ("newsweb", "devtools")


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, at any depth (lazy imports inside functions count)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules_under(part: str) -> list[Path]:
    return sorted((PACKAGE / part).rglob("*.py"))


def offending(paths: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    found = []
    for path in paths:
        for name in imports_of(path):
            if any(name == bad or name.startswith(bad + ".") for bad in forbidden):
                found.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    return found


def test_it_finds_imports_inside_functions(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    import httpx\n    from django.db import models\n")
    # it should see lazy imports too
    assert imports_of(module) == {"httpx", "django.db"}


def test_it_keeps_text_pure():
    # it should find no Django, network or other akhbar part in text/
    forbidden = ("django", *NETWORK, "akhbar.news", "akhbar.ingest", "akhbar.web", "akhbar.search")
    assert offending(modules_under("text"), forbidden) == []


@pytest.mark.parametrize("part", ["web", "api"])
def test_it_keeps_the_fetcher_and_extractor_out_of_pages_and_api(part):
    # it should find no fetcher, extractor or HTTP client in the read side
    assert offending(modules_under(part), FETCH_OR_EXTRACT) == []


def test_it_keeps_newsweb_out_of_the_product():
    product = [
        path
        for path in PACKAGE.rglob("*.py")
        if path.relative_to(PACKAGE).parts[0] not in TEST_SIDE
    ]
    # it should find no product module importing the simulated news web
    assert offending(product, ("akhbar.newsweb", "akhbar.devtools")) == []


def test_it_keeps_django_out_of_newsweb():
    # it should run standalone, without Django
    assert offending(modules_under("newsweb"), ("django", "akhbar.news")) == []
