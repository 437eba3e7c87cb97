"""Pages beyond the front page and the article: date archives, authors, and the read counter."""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from functools import wraps

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import TruncDay, TruncMonth
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from akhbar.readership.service import count_view
from akhbar.web.fastpath import COUNT_ATTRIBUTE
from akhbar.web.queries import author_rows, headline_page, published_rows, visible_articles


def counted(view):
    """Count one reading of the article each time its page is served (cached or not).

    Not when a caching proxy counts them (``AKHBAR_READINGS_COUNTED_BY_PROXY``): its hits
    never reach Django, so it reports every article request to ``reading`` instead, the
    ones it passes on included.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if settings.AKHBAR_READINGS_COUNTED_BY_PROXY:
            return response
        if request.method == "GET" and response.status_code in (200, 304):
            count_view(kwargs["article_id"])
            # and each time the WSGI layer serves it from its cache (fastpath.py)
            setattr(response, COUNT_ATTRIBUTE, kwargs["article_id"])
        return response

    return wrapper


@never_cache
def reading(request, source_slug: str, article_id: int):
    """One reading of an article page, as reported by the caching proxy (deploy/nginx.conf
    mirrors each article request here, cache hits included): counted for a GET of an
    article readers may see. 404 unless ``AKHBAR_READINGS_COUNTED_BY_PROXY`` is on."""
    if not settings.AKHBAR_READINGS_COUNTED_BY_PROXY:
        raise Http404
    if request.method == "GET":
        shown = visible_articles().filter(pk=article_id, source__slug=source_slug)
        if shown.exists():
            count_view(article_id)
    return HttpResponse(status=204)


def _paginated(request, rows):
    return headline_page(request, rows, settings.AKHBAR_PAGE_SIZE)


def _local(moment: date) -> datetime:
    return timezone.make_aware(datetime.combine(moment, time.min))


def _day(year: int, month: int, day: int = 1) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise Http404("archive: no such date") from None


def archive_day(request, year: int, month: int, day: int):
    """Every article published on one day (the site's time zone), newest first."""
    start = _day(year, month, day)
    articles = published_rows(_local(start), _local(start + timedelta(days=1)))
    context = {
        "day": start,
        "page": _paginated(request, articles),
        "previous_day": start - timedelta(days=1),
        "next_day": start + timedelta(days=1) if start < timezone.localdate() else None,
    }
    return render(request, "web/archive_day.html", context)


def archive_month(request, year: int, month: int):
    """The days of one month that have articles, with how many."""
    start = _day(year, month)
    end = start + timedelta(days=calendar.monthrange(year, month)[1])
    days = _counts(TruncDay, _local(start), _local(end))
    return render(request, "web/archive_month.html", {"month": start, "days": days})


def archive_year(request, year: int):
    """The months of one year that have articles, with how many."""
    start = _day(year, 1)
    months = _counts(TruncMonth, _local(start), _local(date(year + 1, 1, 1)))
    return render(request, "web/archive_year.html", {"year": year, "months": months})


def archive_index(request):
    """The years of the archive, newest first, with the latest days as a shortcut."""
    first = visible_articles().exclude(published_at=None).order_by("published_at").first()
    today = timezone.localdate()
    years = list(range(today.year, first.published_at.year - 1, -1)) if first else []
    return render(request, "web/archive_index.html", {"years": years, "today": today})


def _counts(trunc, start: datetime, end: datetime) -> list[tuple[date, int]]:
    rows = (
        visible_articles()
        .filter(published_at__gte=start, published_at__lt=end)
        .order_by()
        .annotate(period=trunc("published_at"))
        .values("period")
        .annotate(n=Count("id"))
        .order_by("period")
    )
    return [(_as_date(row["period"]), row["n"]) for row in rows]


def _as_date(value) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def author(request, name: str):
    """An author's articles (the byline as the outlet printed it), newest first."""
    articles = author_rows(name)
    page = _paginated(request, articles)
    if not page.object_list:
        raise Http404("author: no article carries this byline")
    return render(request, "web/author.html", {"author": name, "page": page})
