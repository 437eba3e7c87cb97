"""An outlet's kind and ownership as its page names them."""

import pytest
from django.utils import translation

from akhbar.news.models import Source
from akhbar.news.models.source import Ownership, SourceKind

LANGUAGES = ("ar", "fr", "en")


def _django_display(source: Source, name: str):
    """What Django's generated ``get_FOO_display`` gives."""
    return source._get_FIELD_display(Source._meta.get_field(name))


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_names_each_kind_and_ownership_as_djangos_display_did(language):
    with translation.override(language):
        for kind in SourceKind.values:
            for ownership in Ownership.values:
                source = Source(slug="x", name_ar="س", kind=kind, ownership=ownership)
                # it should give the choice's label in the reader's language
                assert source.get_kind_display() == _django_display(source, "kind")
                assert source.get_ownership_display() == _django_display(source, "ownership")


def test_it_gives_a_value_that_is_no_choice_as_it_stands():
    source = Source(slug="x", name_ar="س", kind="blog", ownership="")
    # it should give the value itself, as Django's display does
    assert source.get_kind_display() == _django_display(source, "kind") == "blog"
    assert source.get_ownership_display() == _django_display(source, "ownership") == ""
