"""Feeds out: RSS 2.0 and Atom for the home page, every source, category, story and search.

Each item links to the original article (its outlet's page) and names the outlet: the
RSS ``<source>`` element and the author carry its name, the ``<guid>`` and an Atom
``related`` link point to the article's page on Akhbar. Held articles never appear; an
image is enclosed only while readers may see it (``visible_image_url``).
"""

from __future__ import annotations

import mimetypes
from datetime import UTC, datetime

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.translation import gettext as _

from akhbar.news.models import Article, Category, Source, Story
from akhbar.search.query import QueryError
from akhbar.search.service import search as run_search
from akhbar.stories.service import resolve_story
from akhbar.web.queries import visible_articles

FEED_SIZE = 50
# What an empty feed gives as its last change (Atom's <updated>, RSS's <lastBuildDate>).
# Django's default is the moment of the request, so an empty feed's bytes and ETag changed
# every second and a reader's conditional GET never matched; an empty feed has not changed
# since it was made, and this stays put until its first item arrives.
EMPTY_FEED_UPDATED = datetime(1970, 1, 1, tzinfo=UTC)


class StableEmptyFeed:
    """A feed generator whose empty feed names a fixed last change (``EMPTY_FEED_UPDATED``)."""

    def latest_post_date(self):
        return super().latest_post_date() if self.items else EMPTY_FEED_UPDATED


class AttributedRss(StableEmptyFeed, Rss201rev2Feed):
    """RSS 2.0 with the outlet named in ``<source url="…">`` (the spec's attribution element)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("source", item["source_name"], {"url": item["source_feed"]})


class AttributedAtom(StableEmptyFeed, Atom1Feed):
    """Atom with a ``related`` link to the article's page on Akhbar and the outlet's name."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("link", "", {"rel": "related", "href": item["page"]})
        handler.startElement("source", {})
        handler.addQuickElement("title", item["source_name"])
        handler.addQuickElement("link", "", {"rel": "alternate", "href": item["source_home"]})
        handler.endElement("source")


class ArticleFeed(Feed):
    """What every feed shares: the items and how they are attributed."""

    feed_type = AttributedRss

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def absolute(self, path: str) -> str:
        return self.request.build_absolute_uri(path)

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        published = _("Published in %(source)s") % {"source": item.source.display_name}
        return f"{item.lede}\n\n{published}" if item.lede else published

    def item_link(self, item: Article) -> str:
        return item.url  # the original, at its outlet

    def item_guid(self, item: Article) -> str:
        return self.absolute(item.get_absolute_url())

    item_guid_is_permalink = True

    def item_author_name(self, item: Article) -> str:
        outlet = item.source.display_name
        return f"{item.author} ({outlet})" if item.author else outlet

    def item_pubdate(self, item: Article):
        return item.published_at or item.fetched_at

    def item_updateddate(self, item: Article):
        return item.edited_at_source or self.item_pubdate(item)

    def item_categories(self, item: Article) -> list[str]:
        return [item.category.display_name] if item.category_id else []

    def item_enclosures(self, item: Article) -> list[Enclosure]:
        image = item.visible_image_url  # never an image that readers' reports hid
        if not image:
            return []
        kind = mimetypes.guess_type(image)[0] or "image/jpeg"
        return [Enclosure(image, "0", kind)]

    def item_extra_kwargs(self, item: Article) -> dict:
        return {
            "source_name": item.source.display_name,
            "source_feed": self.absolute(reverse("web:feed_source", args=[item.source.slug])),
            "source_home": item.source.homepage,
            "page": self.absolute(item.get_absolute_url()),
        }


class LatestFeed(ArticleFeed):
    def title(self):
        return _("Akhbar: latest news")

    def link(self):
        return reverse("web:home")

    def description(self):
        return _("The latest articles of every outlet, wire copies folded.")

    def items(self):
        return visible_articles().filter(duplicate_of__isnull=True)[:FEED_SIZE]


class SourceFeed(ArticleFeed):
    def get_object(self, request, source_slug: str) -> Source:
        return get_object_or_404(Source, slug=source_slug)

    def title(self, obj: Source):
        return _("Akhbar: %(source)s") % {"source": obj.display_name}

    def link(self, obj: Source):
        return obj.get_absolute_url()

    def description(self, obj: Source):
        return _("The latest articles of %(source)s.") % {"source": obj.display_name}

    def items(self, obj: Source):
        return visible_articles().filter(source=obj)[:FEED_SIZE]


class CategoryFeed(ArticleFeed):
    def get_object(self, request, slug: str) -> Category:
        return get_object_or_404(Category, slug=slug)

    def title(self, obj: Category):
        return _("Akhbar: %(category)s") % {"category": obj.display_name}

    def link(self, obj: Category):
        return obj.get_absolute_url()

    def description(self, obj: Category):
        return _("The latest articles filed under %(category)s.") % {"category": obj.display_name}

    def items(self, obj: Category):
        return visible_articles().filter(category=obj, duplicate_of__isnull=True)[:FEED_SIZE]


class StoryFeed(ArticleFeed):
    def get_object(self, request, story_id: int) -> Story:
        # a story merged into another lives on in the survivor: its readers keep a feed
        return get_object_or_404(Story, pk=resolve_story(story_id))

    def title(self, obj: Story):
        return _("Akhbar: %(story)s") % {"story": obj.title}

    def link(self, obj: Story):
        return obj.get_absolute_url()

    def description(self, obj: Story):
        return _("Every outlet's article about this story, newest first.")

    def items(self, obj: Story):
        return visible_articles().filter(story=obj)[:FEED_SIZE]


class SearchFeed(ArticleFeed):
    """The newest articles matching a reader's query: ``/feeds/search/?q=…``."""

    def get_object(self, request) -> str:
        text = request.GET.get("q", "").strip()
        if not text:
            raise Http404("feeds: a search feed needs a query (?q=)")
        return text

    def title(self, obj: str):
        return _("Akhbar: search for %(query)s") % {"query": obj}

    def link(self, obj: str):
        return reverse("web:search") + "?" + self.request.GET.urlencode()

    def description(self, obj: str):
        return _("The newest articles matching %(query)s.") % {"query": obj}

    def items(self, obj: str) -> list[Article]:
        try:
            found = run_search(obj, sort="newest", limit=FEED_SIZE, facets=False, snippets=False)
        except QueryError:
            return []
        return [result.article for result in found.results if not result.article.held_reason]


def atom(feed_class: type[ArticleFeed]) -> type[ArticleFeed]:
    """The same feed as Atom 1.0."""
    return type(f"Atom{feed_class.__name__}", (feed_class,), {"feed_type": AttributedAtom})


def feed_view(feed_class: type[ArticleFeed]):
    """A view making one feed object per request (the feed keeps the request it serves)."""

    def view(request, *args, **kwargs):
        return feed_class()(request, *args, **kwargs)

    view.__name__ = feed_class.__name__
    return view
