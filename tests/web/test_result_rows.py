"""A search page's results and facets written in Python come out exactly as the template
they replace wrote them: markup, escaping, local dates, digits and translations."""

from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation
from django.utils.safestring import mark_safe

from akhbar.news.models import Article, Source
from akhbar.search.service import Result
from akhbar.web.result_rows import facet_lists, result_list

# The loops of web/search.html before they moved to Python, kept verbatim as the pin.
TEMPLATE_FACETS = (
    '{% if found.facets.source %}<aside class="facets" aria-label="{% translate \'Refine\' %}">\n'
    '  <ul>{% for slug, name, count in facets.source %}<li><a href="?q={{ q|urlencode }}+source:{{ slug }}&amp;sort={{ sort }}" dir="auto">{{ name }}</a> ({% if found.estimated %}≈ {% endif %}{{ count|digits }})</li>{% endfor %}</ul>\n'
    '  <ul>{% for slug, name, count in facets.category %}<li><a href="?q={{ q|urlencode }}+category:{{ slug }}&amp;sort={{ sort }}" dir="auto">{{ name }}</a> ({% if found.estimated %}≈ {% endif %}{{ count|digits }})</li>{% endfor %}</ul>\n'
    "</aside>{% endif %}"
)
TEMPLATE_RESULTS = (
    '<ol class="results">{% for result in found.results %}\n'
    '  <li{% if result.partial %} class="partial"{% endif %}>\n'
    '    <a class="headline" href="{{ result.article.get_absolute_url }}" dir="auto" lang="{{ result.article.language }}">{{ result.article.title }}</a>\n'
    '    <span class="meta">{{ result.article.source.display_name }}{% if result.article.published_at %} · <time datetime="{{ result.article.published_at|date:\'c\' }}">{{ result.article.published_at|date:"d - m - Y"|digits }}</time>{% endif %}{% if result.other_outlets %} · {% blocktranslate count counter=result.other_outlets asvar others %}and {{ counter }} other outlet{% plural %}and {{ counter }} other outlets{% endblocktranslate %}{{ others|digits }}{% endif %}{% if result.partial %} · <span class="partial-label">{% translate "Holds only some of your words" %}</span>{% endif %}</span>\n'
    '    <p class="snippet" dir="auto">{{ result.snippet }}</p>\n'
    "  </li>\n"
    '{% empty %}<li class="empty">{% translate "No article matches this search." %}</li>{% endfor %}</ol>'
)

AGENCY = Source(pk=1, slug="wakala", name_ar="وكالة الأخبار", name_fr="L'Agence")
TRICKY = Source(pk=2, slug="tricky", name_ar='صدى "اليوم" & <غد>', name_fr='Le "Matin" & <Soir>')
# just before midnight in UTC: the next day in Algiers, where the site's dates are written
LATE = datetime(2026, 3, 4, 23, 30, 5, tzinfo=UTC)


HIGHLIGHTED = mark_safe("… <mark>الحصاد</mark> في الهضاب …")


def _result(pk, title, source, published_at, *, language="ar", others=0, partial=False,
            snippet=HIGHLIGHTED):  # fmt: skip
    article = Article(
        pk=pk, title=title, source=source, published_at=published_at, language=language
    )
    return Result(article, 1.0, snippet, others, partial)


CAST = [
    _result(10, "انطلاق حملة الحصاد", AGENCY, LATE),
    _result(11, "Titre <script>alert(\"x\")</script> & 'q'", TRICKY, LATE, language="fr"),
    _result(12, "بلا تاريخ", AGENCY, None, language=""),
    _result(13, "خبر نقلته وكالة", AGENCY, LATE, others=1),
    _result(14, "خبر نقله كثيرون", TRICKY, LATE, others=12, partial=True),
    _result(15, "نص غير آمن", AGENCY, LATE, snippet="a <b> & c", partial=True),
]
FACETS = {
    "source": [("wakala", "وكالة الأخبار", 1234), ("tricky", 'Le "Matin" & <Soir>', 7)],
    "category": [("sport", "رياضة", 45)],
}
READERS = [(language, digits) for language in ("ar", "fr", "en") for digits in (False, True)]


def _template(text: str, **context) -> str:
    return Template("{% load i18n akhbar_pages %}" + text).render(Context(context))


@pytest.mark.parametrize(("language", "arabic_digits"), READERS)
def test_it_writes_the_results_as_the_template_did(language, arabic_digits):
    found = {"results": CAST}
    with translation.override(language), override_settings(AKHBAR_ARABIC_DIGITS=arabic_digits):
        # it should write the same bytes: escaping, local days, digits, copies, partial results
        assert result_list(CAST) == _template(TEMPLATE_RESULTS, found=found)
        # and say that nothing matches when nothing does
        assert result_list([]) == _template(TEMPLATE_RESULTS, found={"results": []})


@pytest.mark.parametrize("estimated", [False, True])
@pytest.mark.parametrize(("language", "arabic_digits"), READERS)
def test_it_writes_the_facets_as_the_template_did(language, arabic_digits, estimated):
    q, sort = 'الحصاد "سطيف" & <b>/x', "newest"
    found = {"facets": {"source": FACETS["source"]}, "estimated": estimated}
    context = {"found": found, "facets": FACETS, "q": q, "sort": sort}
    with translation.override(language), override_settings(AKHBAR_ARABIC_DIGITS=arabic_digits):
        # it should write the same links, names and counts ("≈" when the counts are estimated)
        assert facet_lists(FACETS, q, sort, estimated) == _template(TEMPLATE_FACETS, **context)


def test_it_escapes_titles_names_and_unsafe_snippets():
    html = result_list(CAST)
    # it should leave no markup of a title, a name or an unmarked snippet unescaped
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "a &lt;b&gt; &amp; c" in html
    # and keep the snippet's own highlighting
    assert "<mark>الحصاد</mark>" in html
