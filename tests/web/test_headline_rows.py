"""Lists of headlines written in Python come out exactly as the templates they replace wrote
them: the same markup, escaping, dates, digits and translations in every language."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation

from akhbar.web.context import Section
from akhbar.web.headline_rows import ROWS, article_list, day_sections, headline_rows, home_sections
from akhbar.web.headlines import Headline, Outlet, by_day

ALGIERS = ZoneInfo("Africa/Algiers")

# The templates as they were before the rows moved to Python (web/_article_list.html, the
# loops of web/_home_sections.html and web/base.html's ticker), kept verbatim as the pin.
TEMPLATE_ARTICLE_LIST = (
    '{% load i18n akhbar_pages %}<ul class="article-list">\n'
    "{% for item in articles %}\n"
    "  <li>\n"
    '    <a class="headline" href="{{ item.url }}" dir="auto" lang="{{ item.language }}">{{ item.title }}</a>\n'
    '    <span class="meta"><a href="{{ item.source.url }}">{{ item.source.display_name }}</a>{% if item.published_at %} · <time datetime="{{ item.published_iso }}">{{ item.published_on|digits }}</time>{% endif %}</span>\n'
    '    {% if item.other_outlets %}<span class="also">{% translate "Also published by" %} {% for outlet in item.other_outlets|slice:":3" %}{{ outlet.display_name }}{% if not forloop.last %}، {% endif %}{% endfor %}{% with more=item.other_outlets|length|add:"-3" %}{% if more > 0 %} {% blocktranslate count counter=more asvar others %}and {{ counter }} other outlet{% plural %}and {{ counter }} other outlets{% endblocktranslate %}{{ others|digits }}{% endif %}{% endwith %}</span>{% endif %}\n'
    "  </li>\n"
    "{% empty %}\n"
    '  <li class="empty">{% translate "No articles yet." %}</li>\n'
    "{% endfor %}\n"
    "</ul>\n"
)
TEMPLATE_ROWS = {
    "ticker": '{% for item in items %}<li><a href="{{ item.url }}" dir="auto" lang="{{ item.language }}">{{ item.title }}</a> <span class="outlet">{{ item.source.display_name }}</span></li>{% endfor %}',
    "most_read": '{% for item in items %}<li><a class="headline" href="{{ item.url }}" dir="auto" lang="{{ item.language }}">{{ item.title }}</a> <span class="meta">{{ item.source.display_name }}</span></li>{% endfor %}',
    "section": '{% for item in items %}<li><a class="headline" href="{{ item.url }}" dir="auto" lang="{{ item.language }}">{{ item.title }}</a> <span class="meta">{{ item.source.display_name }}{% if item.published_at %} · <time datetime="{{ item.published_iso }}">{{ item.published_on|digits }}</time>{% endif %}</span></li>{% endfor %}',
    "per_outlet": '{% for item in items %}<li><a class="outlet-name" href="{{ item.source.url }}">{{ item.source.display_name }}</a> <a class="headline" href="{{ item.url }}" dir="auto" lang="{{ item.language }}">{{ item.title }}</a></li>{% endfor %}',
}
# web/source.html's days (its include of the list, pinned above, as the tag that replaced it)
TEMPLATE_DAYS = (
    '{% for day in days %}<section class="day" aria-labelledby="day-{{ forloop.counter }}">\n'
    '  <h2 id="day-{{ forloop.counter }}">{% if day.date %}<a href="{{ day.url }}"><time datetime="{{ day.iso }}">{{ day.label|digits }}</time></a>{% else %}{% translate "Undated" %}{% endif %}</h2>\n'
    "  {% article_list day.headlines %}\n"
    '</section>{% empty %}<p class="empty">{% translate "No articles yet." %}</p>{% endfor %}'
)

# web/_home_sections.html, as the tag that replaced it includes it in web/home.html
TEMPLATE_HOME_SECTIONS = (
    '{% if most_read %}<section class="most-read" aria-labelledby="most-read-title">\n'
    '  <h2 id="most-read-title">{% translate "Most read today" %}</h2>\n'
    '  <ol class="article-list ranked">{% headline_rows most_read "most_read" %}</ol>\n'
    "</section>{% endif %}\n"
    '{% for category, articles in sections %}<section class="home-section" aria-labelledby="section-{{ category.slug }}">\n'
    '  <h2 id="section-{{ category.slug }}"><a href="{{ category.url }}">{{ category.display_name }}</a></h2>\n'
    '  <ul class="article-list">{% headline_rows articles "section" %}</ul>\n'
    "</section>{% endfor %}\n"
    '{% if per_outlet %}<section class="per-outlet" aria-labelledby="per-outlet-title">\n'
    '  <h2 id="per-outlet-title">{% translate "Latest from each outlet" %}</h2>\n'
    '  <ul class="article-list">{% headline_rows per_outlet "per_outlet" %}</ul>\n'
    "</section>{% endif %}\n"
)

# A cast of outlets, one with a name that needs escaping, and their headlines.
AGENCY = Outlet(1, "wakala", "وكالة الأخبار", "/wakala/")
DAILY = Outlet(2, "sada", "صدى اليوم", "/sada/")
TRICKY = Outlet(3, "tricky", 'Le "Matin" & <Soir>', "/tricky/?a=1&b='2'")
WEEKLY = Outlet(4, "usbu", "الأسبوع", "/usbu/")
MONTHLY = Outlet(5, "shahr", "الشهرية", "/shahr/")
MORNING = Outlet(6, "sabah", "الصباح", "/sabah/")


def _headline(pk, title, outlet, published_at, language="ar", other_outlets=()):
    return Headline(
        pk, title, language, published_at, published_at, outlet.pk, None, None,
        source=outlet, url=outlet.article_url(pk), other_outlets=list(other_outlets),
    )  # fmt: skip


MORNING_NEWS = datetime(2026, 3, 5, 7, 4, 9, tzinfo=ALGIERS)
CAST = [
    _headline(1, "الرئيس يستقبل الوفد", AGENCY, MORNING_NEWS),
    _headline(2, 'Titre <script>alert("x")</script> & \'q\'', TRICKY, MORNING_NEWS, "fr"),
    _headline(3, "بلا تاريخ", DAILY, None, ""),
    _headline(4, "خبر نقلته وكالة", AGENCY, MORNING_NEWS, other_outlets=[DAILY]),
    _headline(5, "خبر نقله ثلاثة", AGENCY, MORNING_NEWS, other_outlets=[DAILY, TRICKY, WEEKLY]),
    _headline(6, "خبر نقله أربعة", DAILY, MORNING_NEWS, other_outlets=[AGENCY, TRICKY, WEEKLY, MONTHLY]),
    _headline(7, "خبر نقله الجميع", AGENCY, MORNING_NEWS, other_outlets=[DAILY, TRICKY, WEEKLY, MONTHLY, MORNING]),
]  # fmt: skip
READERS = [(language, digits) for language in ("ar", "fr", "en") for digits in (False, True)]


def _template(text: str, **context) -> str:
    return Template("{% load i18n akhbar_pages %}" + text).render(Context(context))


@pytest.mark.parametrize(("language", "arabic_digits"), READERS)
def test_it_writes_a_full_list_as_the_template_did(language, arabic_digits):
    with translation.override(language), override_settings(AKHBAR_ARABIC_DIGITS=arabic_digits):
        # it should write the same bytes: rows, escaping, dates, digits, "also published by"
        assert article_list(CAST) == _template(TEMPLATE_ARTICLE_LIST, articles=CAST)


@pytest.mark.parametrize(("language", "arabic_digits"), READERS)
def test_it_writes_an_empty_full_list_as_the_template_did(language, arabic_digits):
    with translation.override(language), override_settings(AKHBAR_ARABIC_DIGITS=arabic_digits):
        # it should say that there are no articles yet, in the reader's language
        assert article_list([]) == _template(TEMPLATE_ARTICLE_LIST, articles=[])


@pytest.mark.parametrize("kind", sorted(ROWS))
@pytest.mark.parametrize(("language", "arabic_digits"), READERS)
def test_it_writes_the_rows_of_each_short_list_as_the_template_did(kind, language, arabic_digits):
    with translation.override(language), override_settings(AKHBAR_ARABIC_DIGITS=arabic_digits):
        # it should write the same bytes as the loop it replaces
        assert headline_rows(CAST, kind) == _template(TEMPLATE_ROWS[kind], items=CAST)
        assert headline_rows([], kind) == ""


@pytest.mark.parametrize(("language", "arabic_digits"), READERS)
def test_it_writes_an_outlets_days_as_the_template_did(language, arabic_digits):
    days = by_day(CAST)
    with translation.override(language), override_settings(AKHBAR_ARABIC_DIGITS=arabic_digits):
        # it should head each day (the undated too) and list its headlines, as the loop did
        assert day_sections(days) == _template(TEMPLATE_DAYS, days=days)
        # and say that there is nothing yet when there is nothing
        assert day_sections([]) == _template(TEMPLATE_DAYS, days=[])


def test_it_escapes_titles_and_outlet_names():
    html = article_list(CAST[1:2])
    # it should leave no markup of a title or a name unescaped
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&quot;Matin&quot; &amp; &lt;Soir&gt;" in html


SECTIONS = [
    (Section(1, "national", "وطني", "/category/national/"), CAST[:3]),
    (Section(2, "a&b", 'Sport "<x>"', "/category/a&b/?q='1'"), CAST[3:]),
]


@pytest.mark.parametrize(("language", "arabic_digits"), READERS)
@pytest.mark.parametrize(
    ("most_read", "sections", "per_outlet"),
    [(CAST[:2], SECTIONS, CAST[2:]), ([], SECTIONS[:1], []), ([], [], []), (CAST, [], CAST[:1])],
)
def test_it_writes_the_home_pages_lists_as_the_template_did(
    language, arabic_digits, most_read, sections, per_outlet
):
    context = {"most_read": most_read, "sections": sections, "per_outlet": per_outlet}
    with translation.override(language), override_settings(AKHBAR_ARABIC_DIGITS=arabic_digits):
        # it should write the same bytes, an empty list left out as the template left it
        assert home_sections(most_read, sections, per_outlet) == _template(
            TEMPLATE_HOME_SECTIONS, **context
        )
