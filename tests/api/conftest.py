"""The cast of the API tests: the shared outlets and articles, plus a held article, a removed
one, one with a hidden image, a story, and a client that is never rate-limited unless told."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client

from akhbar.news.models import Article, ImageState, Story


@pytest.fixture(autouse=True)
def generous_limits(settings):
    """Each test starts with an empty rate-limit cache and room for many requests."""
    cache.clear()
    settings.AKHBAR_API_RATE_LIMIT = 100_000


@pytest.fixture
def client() -> Client:
    return Client(HTTP_HOST="127.0.0.1")


@pytest.fixture
def story(dispatch, wire_copy) -> Story:
    """The dispatch and its copy, grouped into one story."""
    story = Story.objects.create(
        title=dispatch.title,
        first_published_at=dispatch.published_at,
        last_published_at=wire_copy.published_at,
        article_count=2,
        source_count=2,
        first_article=dispatch,
    )
    Article.objects.filter(pk__in=[dispatch.pk, wire_copy.pk]).update(story=story)
    return story


def _article(source, n: int, base, **fields) -> Article:
    return Article.objects.create(
        source=source,
        url=f"https://{source.slug}.test/{n}",
        title=fields.pop("title", f"خبر رقم {n}"),
        body=fields.pop("body", "نص الخبر."),
        published_at=fields.pop("published_at", base + timedelta(hours=n)),
        fetched_at=base + timedelta(hours=n),
        language="ar",
        **fields,
    )


@pytest.fixture
def held(daily, dispatch) -> Article:
    """An article the quality gate held back: never shown."""
    return _article(daily, 50, dispatch.published_at, held_reason="body too short")


@pytest.fixture
def removed(daily, dispatch) -> Article:
    """An article its source deleted: still shown, marked."""
    return _article(daily, 51, dispatch.published_at, removed_at_source=dispatch.fetched_at)


@pytest.fixture
def hidden_image(daily, dispatch) -> Article:
    """An article whose image readers' reports hid."""
    return _article(
        daily,
        52,
        dispatch.published_at,
        image_url="https://sada.test/secret.jpg",
        image_state=ImageState.HIDDEN,
    )


@pytest.fixture
def archive(agency, daily, dispatch):
    """Thirty-five articles over two outlets, three of them sharing one publication time,
    and two undated: enough for several pages."""
    base = dispatch.published_at
    made = [_article(agency if n % 2 else daily, n, base) for n in range(1, 31)]
    same_time = [_article(daily, 100 + n, base, published_at=base) for n in range(3)]
    undated = [_article(agency, 200 + n, base, published_at=None) for n in range(2)]
    return [dispatch, *made, *same_time, *undated]
