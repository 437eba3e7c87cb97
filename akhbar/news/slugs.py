"""Source slugs the site's fixed routes own (pure).

A source's page lives at ``/<slug>/``, so a source may not take a slug that a fixed route
already starts with (``/search/``, ``/story/1/``, ``/feeds/``…): its page would be
unreachable. tests/news/test_slugs.py checks this set against the URL map.
"""

RESERVED_SLUGS = frozenset(
    {
        "_reading",
        "admin",
        "api",
        "archive",
        "author",
        "category",
        "csrf",
        "feeds",
        "healthz",
        "i18n",
        "language",
        "media",
        "metrics",
        "readyz",
        "report",
        "search",
        "sources",
        "static",
        "story",
    }
)


def is_reserved(slug: str) -> bool:
    return slug in RESERVED_SLUGS


def usable_slug(slug: str) -> str:
    """`slug`, or `slug-source` when a fixed route owns it (for slugs made from names)."""
    return f"{slug}-source" if is_reserved(slug) else slug
