"""``{% cached_url %}`` writes the addresses ``{% url %}`` wrote, remembered."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch

CASES = [
    ("web:feed_source", ["wakala"]),
    ("web:feed_category_atom", ["national"]),
    ("web:author", ['Jean <Dupont> & "Cie"']),
    ("web:author", ["(واج) م. ع"]),
    ("moderation:report_article", [42]),
    ("moderation:report_image", [42]),
]


def _render(tag: str, name: str, args: list) -> str:
    names = " ".join(f"a{n}" for n in range(len(args)))
    text = f"{{% load akhbar_pages %}}{{% {tag} '{name}' {names} %}}"
    return Template(text).render(Context({f"a{n}": value for n, value in enumerate(args)}))


@pytest.mark.parametrize(("name", "args"), CASES)
def test_it_writes_the_address_as_the_url_tag_did(name, args):
    # it should write the same bytes, escaped alike, the first time and when remembered
    expected = _render("url", name, args)
    assert _render("cached_url", name, args) == expected
    assert _render("cached_url", name, args) == expected


def test_it_fails_as_the_url_tag_does_for_an_unknown_name():
    # it should not hide a broken link
    with pytest.raises(NoReverseMatch):
        _render("cached_url", "web:nosuch", [])
