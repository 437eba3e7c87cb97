"""The site's addresses of articles, outlets, stories and the rest, remembered.

A list page links to a hundred articles, and each ``reverse()`` costs tens of microseconds
(docs/DEPLOY.md, "Serving"): the same name and arguments under the same URLconf and script
prefix always give the same address.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


def cached_reverse(name: str, *args) -> str:
    """``reverse(name, args=args)``, remembered per URLconf and script prefix."""
    return _reverse(name, args, get_urlconf(settings.ROOT_URLCONF), get_script_prefix())


def reverser():
    """``cached_reverse`` with the URLconf and script prefix of this moment read once: for a
    list of addresses (each read costs a context-local lookup)."""
    urlconf, prefix = get_urlconf(settings.ROOT_URLCONF), get_script_prefix()
    return lambda name, *args: _reverse(name, args, urlconf, prefix)


@lru_cache(maxsize=16384)
def _reverse(name: str, args: tuple, urlconf, prefix: str) -> str:
    return reverse(name, urlconf=urlconf, args=args)
