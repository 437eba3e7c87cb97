"""The sources file: every mistake is reported at once, with the line to fix."""

from pathlib import Path
from textwrap import dedent

import pytest

from akhbar.news.sourcefile import (
    FeedSpec,
    RuleSpec,
    SourceFileError,
    parse_sources,
    read_sources,
)

ROOT = Path(__file__).resolve().parents[2]

GOOD = dedent(
    """\
    [[sources]]
    slug = "sada"
    name_ar = "صدى الوطن"
    name_fr = "Sada El Watan"
    homepage = "https://sada.test/"
    country = "DZ"
    languages = ["ar", "fr"]
    kind = "daily"
    ownership = "private"
    [[sources.feeds]]
    url = "https://sada.test/feed"
    kind = "rss"
    [sources.rules]
    prune = ["//div[@class='related']"]
    select = "//div[@class='article-body']"
    """
)


def problems_of(text: str) -> list[tuple[int, str]]:
    with pytest.raises(SourceFileError) as caught:
        parse_sources(text, filename="dz.toml")
    return [(problem.line, problem.message) for problem in caught.value.errors]


def lines_of(text: str) -> list[int]:
    return [line for line, _ in problems_of(text)]


def test_it_parses_the_real_algerian_sources():
    sources = read_sources(ROOT / "sources" / "dz.toml")
    slugs = {source.slug for source in sources}
    # it should know the national agency in both languages and the big dailies
    assert {"aps-ar", "aps-fr", "echorouk", "elkhabar", "elwatan"} <= slugs
    # it should keep every outlet in Algeria
    assert {source.country for source in sources} == {"DZ"}


def test_it_keeps_defunct_outlets_inactive():
    sources = {s.slug: s for s in read_sources(ROOT / "sources" / "dz.toml")}
    # it should not poll a newspaper that stopped publishing
    assert sources["liberte"].active is False


def test_it_parses_the_demo_outlets():
    sources = read_sources(ROOT / "akhbar" / "demo" / "outlets.toml")
    # it should hold the six invented outlets of the demo
    assert len(sources) == 6


def test_it_builds_plain_specs_with_defaults():
    (source,) = parse_sources(GOOD)
    # it should fill in the optional keys
    assert source.active is True
    assert source.timezone == "Africa/Algiers"
    # it should turn feeds and rules into frozen values
    assert source.feeds == (FeedSpec("https://sada.test/feed", "rss"),)
    assert source.rules == RuleSpec(("//div[@class='related']",), "//div[@class='article-body']")
    # it should remember where the entry starts
    assert source.line == 1


def test_it_reports_three_mistakes_with_their_lines():
    text = GOOD.replace('slug = "sada"', 'slug = "Sada"')
    text = text.replace('country = "DZ"', 'country = "Algeria"')
    text = text.replace('kind = "rss"', 'kind = "rdf"')
    problems = problems_of(text)
    # it should report all three, each on the line of its key
    assert [line for line, _ in problems] == [2, 6, 12]
    assert "bad slug" in problems[0][1]
    assert "bad country" in problems[1][1]
    assert 'unknown feed kind "rdf"' in problems[2][1]


def test_it_formats_the_problems_as_file_line_message():
    text = GOOD.replace('ownership = "private"', 'ownership = "state"')
    with pytest.raises(SourceFileError) as caught:
        parse_sources(text, filename="dz.toml")
    # it should print one `FILE:LINE: message` line per problem
    assert str(caught.value) == (
        'dz.toml:9: source "sada": unknown ownership "state" (expected "public", "private")'
    )


def test_it_reports_a_syntax_error_with_its_line():
    text = GOOD.replace('country = "DZ"', "country = DZ")
    problems = problems_of(text)
    # it should point at the broken line
    assert problems[0][0] == 6
    assert problems[0][1].startswith("TOML syntax error")


def test_it_reports_duplicate_slugs():
    text = GOOD + "\n" + GOOD.replace("sada.test/feed", "sada.test/rss")
    problems = problems_of(text)
    # it should name the slug and the line of its first definition
    assert problems == [(18, 'duplicate slug "sada" (first on line 2)')]


def test_it_reports_a_feed_url_used_twice():
    text = GOOD + "\n" + GOOD.replace('"sada"', '"sada-fr"')
    # it should refuse to give one feed to two sources
    assert problems_of(text) == [
        (27, 'duplicate feed URL "https://sada.test/feed" (first on line 11)')
    ]


def test_it_reports_missing_and_unknown_keys():
    text = GOOD.replace('homepage = "https://sada.test/"\n', 'homepag = "https://sada.test/"\n')
    problems = problems_of(text)
    # it should report the missing key on the header and the unknown key on its own line
    assert (1, 'source "sada": missing required key "homepage"') in problems
    assert (5, 'source "sada": unknown key "homepag"') in problems


def test_it_reports_wrong_types():
    text = GOOD.replace('languages = ["ar", "fr"]', 'languages = "ar"')
    text = text.replace('kind = "daily"', 'kind = "daily"\nactive = "yes"')
    # it should say which type each key needs
    assert problems_of(text) == [
        (7, 'source "sada": "languages" must be an array'),
        (9, 'source "sada": "active" must be true or false'),
    ]


def test_it_reports_bad_urls():
    text = GOOD.replace("https://sada.test/feed", "sada.test/feed")
    text = text.replace("https://sada.test/", "ftp://sada.test/")
    # it should accept only http and https addresses with a host
    assert lines_of(text) == [5, 11]


def test_it_reports_unknown_languages_and_kinds():
    text = GOOD.replace('["ar", "fr"]', '["ar", "kab"]').replace('"daily"', '"blog"')
    problems = problems_of(text)
    # it should list what it expected
    assert problems[0] == (7, 'source "sada": unknown language "kab" (expected "ar", "fr", "en")')
    assert problems[1][0] == 8 and 'unknown kind "blog"' in problems[1][1]


def test_it_reports_an_invalid_timezone():
    text = GOOD.replace('ownership = "private"', 'ownership = "private"\ntimezone = "Africa/Alger"')
    # it should check the name against the IANA database
    assert lines_of(text) == [10]


def test_it_reports_invalid_xpath_rules():
    text = GOOD.replace("//div[@class='related']", "//div[").replace("article-body']", "x'")
    problems = problems_of(text)
    # it should check both the prune list and the select expression
    assert [line for line, _ in problems] == [14, 15]
    assert all("invalid XPath" in message for _, message in problems)


def test_it_reports_an_unknown_top_level_table():
    text = GOOD.replace("[[sources]]", "[[source]]").replace("sources.", "source.")
    # it should catch a misspelt [[sources]] header instead of reading nothing
    assert problems_of(text) == [
        (1, 'unknown top-level key "source" (expected only [[sources]] entries)')
    ]


def test_it_reports_problems_of_every_entry():
    second = GOOD.replace('"sada"', '"nabd"').replace("sada.test/feed", "nabd.test/feed")
    text = GOOD.replace('"DZ"', '"dz"') + "\n" + second.replace('"private"', '"mixed"')
    # it should not stop at the first broken entry
    assert lines_of(text) == [6, 25]


def test_it_accepts_an_empty_file():
    # it should read no sources from a file without entries
    assert parse_sources("# nothing yet\n") == []


def test_it_refuses_a_slug_that_a_fixed_route_owns():
    problems = problems_of(GOOD.replace('"sada"', '"search"'))
    # /search/ is the search page: a source there could never be reached
    assert problems == [
        (2, 'source "search": slug taken by the site\'s own page /search/; choose another')
    ]
