"""Source slugs never shadow the site's own pages."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import URLPattern, URLResolver, get_resolver

from akhbar.news.models import Source
from akhbar.news.slugs import RESERVED_SLUGS, usable_slug


def first_segments(patterns, prefix: str = "") -> set[str]:
    """The fixed first path segment of every route (``search`` of ``search/``)."""
    found = set()
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found |= first_segments(entry.url_patterns, route)
            continue
        assert isinstance(entry, URLPattern)
        head = route.lstrip("^").split("/", 1)[0]
        if head and "<" not in head and "." not in head and "(" not in head:
            found.add(head)
    return found


def test_every_fixed_route_prefix_is_a_reserved_slug():
    assert first_segments(get_resolver().url_patterns) - {"static"} <= RESERVED_SLUGS
    assert {"search", "story", "category", "archive", "author", "feeds", "sources"} <= (
        first_segments(get_resolver().url_patterns)
    )


def test_a_name_that_a_route_owns_becomes_a_different_slug():
    assert usable_slug("search") == "search-source"
    assert usable_slug("echorouk") == "echorouk"


@pytest.mark.django_db
def test_the_admin_form_refuses_a_reserved_slug():
    source = Source(slug="feeds", name_ar="مصدر", homepage="https://example.test/", kind="daily")
    source.ownership = "private"
    with pytest.raises(ValidationError) as caught:
        source.full_clean()
    assert "slug" in caught.value.message_dict


@pytest.mark.django_db
def test_opml_import_gives_a_site_named_like_a_route_its_own_slug(tmp_path):
    from django.core.management import call_command

    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>'
        '<outline text="Search" title="Search" type="rss" category="search"'
        ' xmlUrl="https://search.example.test/feed" htmlUrl="https://search.example.test/"/>'
        "</body></opml>",
        encoding="utf-8",
    )
    call_command("sources", "import-opml", str(opml), verbosity=0)
    assert Source.objects.get(homepage="https://search.example.test/").slug == "search-source"
