"""The documentation stays true: every setting and every command is documented."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OWN_COMMAND_DIRS = ["news", "ingest", "devtools", "search", "ops", "stories", "moderation", "api"]


def settings_read_from_environment() -> set[str]:
    source = (ROOT / "akhbar" / "settings.py").read_text(encoding="utf-8")
    return set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', source))


def own_commands() -> set[str]:
    return {
        path.stem
        for part in OWN_COMMAND_DIRS
        for path in (ROOT / "akhbar" / part / "management" / "commands").glob("*.py")
        if not path.stem.startswith("_")
    }


def test_it_documents_every_setting():
    documented = (ROOT / "docs" / "SETTINGS.md").read_text(encoding="utf-8")
    missing = sorted(
        name for name in settings_read_from_environment() if f"`{name}`" not in documented
    )
    # it should find each environment variable in docs/SETTINGS.md
    assert missing == []


def test_it_documents_every_command():
    documented = (ROOT / "docs" / "CLI.md").read_text(encoding="utf-8")
    missing = sorted(name for name in own_commands() if f"## `akhbar {name}" not in documented)
    # it should find a section for each of our management commands in docs/CLI.md
    assert missing == []


def test_it_puts_the_two_commands_at_the_top_of_the_readme():
    head = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:40]
    # it should name make demo first, then make test
    lines = [line for line in head if line.startswith(("make demo", "make test"))]
    assert [line.split()[1] for line in lines] == ["demo", "test"]
