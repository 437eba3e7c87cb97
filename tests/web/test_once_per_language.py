"""The parts of every page rendered once per language: never shown to a reader of another
language, under another script prefix, or with another menu."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import override_settings
from django.urls import set_script_prefix
from django.utils import translation

HEADER = (
    "{% translate 'Search' %} {% url 'web:search' %} {% for name in menu %}{{ name }}{% endfor %}"
)
ONCE = Template(
    "{% load i18n akhbar_pages %}{% once_per_language menu %}"
    + HEADER
    + "{% endonce_per_language %}"
)
EVERY_TIME = Template("{% load i18n %}" + HEADER)


def _both(menu=("سياسة",)) -> tuple[str, str]:
    context = {"menu": list(menu)}
    return ONCE.render(Context(context)), EVERY_TIME.render(Context(context))


def test_it_renders_once_for_each_language():
    for language in ("ar", "fr", "en", "ar"):
        with translation.override(language):
            once, every_time = _both()
            # it should give each language its own text, as rendering every time would
            assert once == every_time


def test_it_renders_once_for_each_script_prefix():
    try:
        for prefix in ("/", "/news/", "/"):
            set_script_prefix(prefix)
            once, every_time = _both()
            # it should link under the prefix the site is served at
            assert once == every_time and f"{prefix}search/" in once
    finally:
        set_script_prefix("/")


def test_it_renders_once_for_each_value_it_is_given():
    first, _ = _both(["سياسة"])
    second, every_time = _both(["سياسة", "اقتصاد"])
    # it should render a changed menu again
    assert second == every_time and second != first


def test_it_renders_once_for_each_digits_choice():
    template = Template(
        "{% load akhbar_pages %}{% once_per_language %}{% arabic_digits as on %}{{ on }}"
        "{% endonce_per_language %}"
    )
    with translation.override("ar"):
        with override_settings(AKHBAR_ARABIC_DIGITS=True):
            # it should follow the setting (the page's class for list markers)
            assert template.render(Context()) == "True"
        with override_settings(AKHBAR_ARABIC_DIGITS=False):
            assert template.render(Context()) == "False"


def test_it_reads_its_page_key_once_per_render():
    template = Template(
        "{% load i18n akhbar_pages %}{% once_per_language %}{% translate 'Search' %}"
        "{% endonce_per_language %}|{% once_per_language %}{% get_current_language as code %}"
        "{{ code }}{% endonce_per_language %}"
    )
    # it should give each render the language active when it starts, to every node of it
    for language in ("ar", "fr", "en"):
        with translation.override(language):
            assert template.render(Context()).endswith(f"|{language}")


def test_it_refuses_a_block_inside():
    # it should say so: a child template's block would be rendered once for every page
    with pytest.raises(TemplateSyntaxError):
        Template(
            "{% load akhbar_pages %}{% once_per_language %}{% block title %}{% endblock %}"
            "{% endonce_per_language %}"
        )
