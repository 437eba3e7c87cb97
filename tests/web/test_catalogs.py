"""The Arabic and French catalogs are complete: no empty, fuzzy or half-filled plural entry."""

from pathlib import Path

import pytest

polib = pytest.importorskip("polib")  # installed in the development venv

LOCALE = Path(__file__).resolve().parents[2] / "akhbar" / "locale"


def untranslated(language: str) -> list[str]:
    catalog = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    missing = []
    for entry in catalog:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            missing.append(f"fuzzy: {entry.msgid}")
        elif entry.msgid_plural:
            forms = entry.msgstr_plural
            if not forms or any(not text.strip() for text in forms.values()):
                missing.append(f"plural: {entry.msgid}")
        elif not entry.msgstr.strip():
            missing.append(entry.msgid)
    return missing


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_it_translates_every_message(language):
    # it should find no empty, fuzzy or incomplete plural entry
    assert untranslated(language) == []


def test_it_gives_arabic_plurals_all_six_forms():
    catalog = polib.pofile(str(LOCALE / "ar" / "LC_MESSAGES" / "django.po"))
    short = [e.msgid for e in catalog if e.msgid_plural and len(e.msgstr_plural) != 6]
    # it should have the zero, one, two, few, many and other forms of each plural
    assert short == []


def test_it_compiles_the_catalogs():
    for language in ("ar", "fr"):
        po = LOCALE / language / "LC_MESSAGES" / "django.po"
        mo = po.with_suffix(".mo")
        # it should ship a compiled catalog no older than its source
        assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime - 1
