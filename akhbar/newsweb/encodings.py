"""Character encodings and how outlets declare them (pure).

Pages are encoded with `xmlcharrefreplace`: a character the codec lacks (Arabic-Indic digits in
windows-1256, « » in ISO-8859-6) becomes a numeric reference, which HTML and XML parsers turn
back into the same character, so the ground truth needs no change.
"""

from __future__ import annotations

from .outlets import Outlet

# What a "wrong" declaration claims instead of the real codec.
WRONG_CHARSET = {
    "utf-8": "windows-1256",
    "windows-1256": "iso-8859-1",
    "iso-8859-6": "iso-8859-1",
    "iso-8859-1": "utf-8",
    "windows-1252": "utf-8",
}


def encode(text: str, codec: str) -> bytes:
    return text.encode(codec, errors="xmlcharrefreplace")


def declared_charset(outlet: Outlet) -> str | None:
    """The charset the HTTP header of an HTML page claims, if any."""
    if outlet.charset_decl == "header":
        return outlet.encoding
    if outlet.charset_decl == "wrong":
        return WRONG_CHARSET[outlet.encoding]
    return None


def html_content_type(outlet: Outlet) -> str:
    charset = declared_charset(outlet)
    return f"text/html; charset={charset}" if charset else "text/html"


def xml_content_type(mime: str, outlet: Outlet, codec: str) -> str:
    """Feeds always carry a correct XML declaration; the header names the charset on some outlets."""
    return f"{mime}; charset={codec}" if outlet.charset_decl == "header" else mime


def feed_codec(outlet: Outlet, kind: str) -> str:
    """RSS and Atom use the outlet's codec; JSON Feed and sitemaps are always UTF-8."""
    return outlet.encoding if kind in ("rss", "atom") else "utf-8"
