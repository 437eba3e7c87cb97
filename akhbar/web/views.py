"""The reader's pages. Each view reads the archive and renders a template."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from akhbar.news.links import cached_reverse
from akhbar.news.models import Category, Story
from akhbar.ops import sourcehealth
from akhbar.search.query import QueryError
from akhbar.search.service import search as run_search
from akhbar.stories.service import resolve_story
from akhbar.web.context import sections
from akhbar.web.headlines import by_day, outlets_by_slug
from akhbar.web.queries import (
    category_sections,
    front_page_articles,
    headline_page,
    latest_per_outlet,
    most_read_today,
    outlet_by_slug,
    outlet_rows,
    related_articles,
    section_rows,
    shown_article,
    story_articles,
    story_timeline_headlines,
    ticker_headlines,
    wire_group_headlines,
)

HOME_SECTION_LENGTH = 5


def home(request):
    """The latest originals, then sections by category, the day's most read, and the latest
    article of each outlet."""
    menu = sections()
    context = {
        "categories": menu,
        "ticker": ticker_headlines(),
        "articles": front_page_articles(settings.AKHBAR_PAGE_SIZE),
        "sections": category_sections(menu, HOME_SECTION_LENGTH),
        "most_read": most_read_today(),
        "per_outlet": latest_per_outlet(),
    }
    return render(request, "web/home.html", context)


def article(request, source_slug: str, article_id: int):
    # only what the page shows: the outlet and the section (the JSON-LD), not the story or
    # the original of a copy (its lists read ids); each related model costs compiling
    item = shown_article(source_slug, article_id)
    if item is None:
        raise Http404("No Article matches the given query.")
    context = {
        "ticker": ticker_headlines(),
        "article": item,
        "story_url": cached_reverse("web:story", item.story_id) if item.story_id else "",
        "reported": request.GET.get("reported", ""),
        "copies": wire_group_headlines(item),
        "story_articles": story_articles(item),
        "related": related_articles(item),
    }
    return render(request, "web/article.html", context)


def _paginated(request, rows):
    return headline_page(request, rows, settings.AKHBAR_PAGE_SIZE)


def source(request, source_slug: str):
    outlet = outlet_by_slug(source_slug)
    if outlet is None:
        raise Http404("No Source matches the given query.")
    page = _paginated(request, outlet_rows(outlet.pk))
    context = {"source": outlet, "page": page, "days": by_day(page.object_list)}
    return render(request, "web/source.html", context)


def category(request, slug: str):
    section = get_object_or_404(Category, slug=slug)
    page = _paginated(request, section_rows(section.pk))
    return render(request, "web/category.html", {"category": section, "page": page})


def story(request, story_id: int):
    item = Story.objects.filter(pk=story_id).first()
    if item is None:  # merged into another story since its address was shared?
        survivor = resolve_story(story_id)
        if survivor == story_id:
            raise Http404
        return redirect("web:story", story_id=survivor, permanent=True)
    context = {"story": item, "timeline": story_timeline_headlines(item.pk)}
    return render(request, "web/story.html", context)


def source_health(request):
    rows = sourcehealth.source_health(timezone.now())
    return render(request, "web/source_health.html", {"rows": rows})


SEARCH_PAGE_SIZE = 20


def search(request):
    text = request.GET.get("q", "").strip()
    sort = "newest" if request.GET.get("sort") == "newest" else "relevance"
    page_number = max(1, _int(request.GET.get("page"), 1))
    context = {"q": text, "sort": sort, "page_number": page_number}
    if text:
        try:
            offset = (page_number - 1) * SEARCH_PAGE_SIZE
            found = run_search(text, sort=sort, limit=SEARCH_PAGE_SIZE, offset=offset)
            menu = sections()  # the facets' names and the menu's (read once, not twice)
            context.update(
                found=found,
                facets=named_facets(found.facets, menu),
                has_next=offset + SEARCH_PAGE_SIZE < found.total,
                categories=menu,
            )
        except QueryError as exc:
            context["error"] = str(exc).removeprefix("search: ")
    return render(request, "web/search.html", context)


def named_facets(facets: dict, menu) -> dict[str, list[tuple[str, str, int]]]:
    """The source and category facets as (slug, name, count): the backends count by slug
    (what a ``source:``/``category:`` filter takes); readers see the outlet's or category's
    name in their language. One query over the outlets' few slugs; the categories are the
    menu's (``menu``: ``sections()``, which the caller reads for the page's menu too)."""
    source_counts = facets.get("source") or []
    outlets = outlets_by_slug(slug for slug, _ in source_counts)
    names = {
        "source": {slug: outlet.display_name for slug, outlet in outlets.items()},
        "category": {section.slug: section.display_name for section in menu},
    }
    return {
        key: [(slug, names[key].get(slug, slug), count) for slug, count in facets.get(key) or []]
        for key in ("source", "category")
    }


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@never_cache
def language(request):
    """The language switcher without JavaScript: a small page of this reader's own, holding
    the CSRF token that the shared pages leave out, posting to Django's set_language."""
    context = {
        "chosen": request.GET.get("language", ""),
        "next": request.GET.get("next", "/"),
    }
    return render(request, "web/language.html", context)


def page_not_found(request, exception=None):
    return render(request, "web/404.html", status=404)


def server_error(request):
    return render(request, "web/500.html", status=500)
