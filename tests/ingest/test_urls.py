"""URL canonicalization: one spelling per article, in a named table."""

from urllib.parse import quote

import pytest

from akhbar.text.urls import canonicalize_url, same_site

SLUG = "%D8%AE%D8%A8%D8%B1-%D8%B9%D8%A7%D8%AC%D9%84"  # خبر-عاجل, UTF-8 escaped

CASES = {
    "lower-cases scheme and host": ("HTTPS://WWW.Example.DZ/Path", "https://www.example.dz/Path"),
    "drops the default http port": ("http://example.dz:80/a", "http://example.dz/a"),
    "drops the default https port": ("https://example.dz:443/a", "https://example.dz/a"),
    "keeps another port": ("http://127.0.0.1:8001/feed", "http://127.0.0.1:8001/feed"),
    "drops the fragment": ("https://example.dz/a#comments", "https://example.dz/a"),
    "writes an empty path as /": ("https://example.dz", "https://example.dz/"),
    "removes utm parameters": ("https://x.dz/a?utm_source=fb&utm_medium=s", "https://x.dz/a"),
    "removes click ids": ("https://x.dz/a?id=7&fbclid=Z&gclid=Y", "https://x.dz/a?id=7"),
    "removes xtor and at_medium": ("https://x.dz/a?xtor=RSS-3&at_medium=rss", "https://x.dz/a"),
    "removes mailchimp ids": ("https://x.dz/a?mc_cid=1&mc_eid=2", "https://x.dz/a"),
    "removes ref": ("https://x.dz/a?ref=home", "https://x.dz/a"),
    "sorts the parameters": ("https://x.dz/s?page=2&cat=5", "https://x.dz/s?cat=5&page=2"),
    "keeps repeated parameters": ("https://x.dz/s?t=b&t=a", "https://x.dz/s?t=a&t=b"),
    "encodes a raw Arabic slug": (f"https://x.dz/{'خبر-عاجل'}", f"https://x.dz/{SLUG}"),
    "upper-cases escapes": (f"https://x.dz/{SLUG.lower()}", f"https://x.dz/{SLUG}"),
    "decodes unreserved escapes": ("https://x.dz/%7Euser/%41", "https://x.dz/~user/A"),
    "keeps reserved escapes": ("https://x.dz/a%2fb", "https://x.dz/a%2Fb"),
    "resolves dot segments": ("https://x.dz/a/./b/../c", "https://x.dz/a/c"),
    "folds a trailing /amp": ("https://x.dz/news/slug/amp", "https://x.dz/news/slug"),
    "folds a trailing /amp/": ("https://x.dz/news/slug/amp/", "https://x.dz/news/slug/"),
    "folds ?amp=1": ("https://x.dz/news/slug?amp=1", "https://x.dz/news/slug"),
    "leaves an /amp/ prefix alone": ("https://x.dz/amp/slug", "https://x.dz/amp/slug"),
    "keeps the trailing slash": ("https://x.dz/a/", "https://x.dz/a/"),
    "writes an Arabic host in punycode": ("https://مثال.dz/", "https://xn--mgbh0fb.dz/"),
}


@pytest.mark.parametrize(("url", "expected"), CASES.values(), ids=CASES.keys())
def test_it_canonicalizes_urls(url, expected):
    # it should apply exactly the documented rule
    assert canonicalize_url(url) == expected


def test_it_gives_raw_and_escaped_arabic_the_same_spelling():
    slug = "كأس-الكاف"
    raw = f"https://www.jawharafm.net/ar/article/{slug}/96/87647?utm_source=rss"
    escaped = f"https://www.jawharafm.net/ar/article/{quote(slug).lower()}/96/87647"
    # it should canonicalize both ways of writing one link identically
    assert canonicalize_url(raw) == canonicalize_url(escaped)


def test_it_is_idempotent():
    once = canonicalize_url("HTTP://X.dz:80/%d8%ae?b=1&utm_x=2&a=#f")
    # it should not change a canonical URL again
    assert canonicalize_url(once) == once


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("https://www.x.dz/a", "http://x.dz/b", True),
        ("https://m.x.dz/a", "https://x.dz/b", True),
        ("https://ar.x.dz/a", "https://x.dz/b", True),
        ("https://x.dz/a", "https://y.dz/a", False),
        ("https://a.blogspot.com/", "https://b.blogspot.com/", False),
        ("https://x.dz/", "not a url", False),
    ],
)
def test_it_tells_whether_two_urls_are_one_site(a, b, same):
    # it should ignore www./m. prefixes and accept subdomains, nothing more
    assert same_site(a, b) is same
