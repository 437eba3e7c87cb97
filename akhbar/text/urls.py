"""One spelling per article URL, so an article seen twice is fetched once (pure).

`canonicalize_url` makes these changes and no others:

- scheme and host lower-cased, an internationalized host written in IDNA (punycode), the
  default port (80 for http, 443 for https), user info and the fragment dropped, an empty
  path written "/", "." and ".." segments resolved;
- percent-encoding normalized in path and query: escapes of unreserved characters
  (A-Z a-z 0-9 - . _ ~) decoded, other escapes written with upper-case hex, raw non-ASCII
  characters encoded as UTF-8 escapes, so an Arabic slug written raw or percent-encoded (in
  either case) gives the same URL;
- tracking parameters removed (`TRACKING_PARAMETERS`, any `utm_*`, and `TRACKING_PREFIXES`),
  the remaining parameters sorted (by name, then value; repeated names are kept);
- trivial AMP variants folded: a last path segment `amp` (`/slug/amp`, `/slug/amp/`) and an
  `amp`/`outputType=amp` parameter are removed. AMP pages on other hosts (`amp.example.com`)
  or paths (`/amp/slug`) are left alone: only the page's rel=canonical can tell.

A trailing slash is kept as written: `/a` and `/a/` may be different pages.
"""

import functools
import re
from urllib.parse import urlsplit, urlunsplit

TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",  # Facebook
        "gclid",  # Google Ads
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",  # Microsoft Ads
        "yclid",  # Yandex
        "twclid",  # X/Twitter
        "igshid",  # Instagram
        "mc_cid",  # Mailchimp
        "mc_eid",
        "_hsenc",  # HubSpot
        "_hsmi",
        "mkt_tok",  # Marketo
        "xtor",  # AT Internet (French press)
        "at_medium",
        "at_campaign",
        "at_creation",
        "at_format",
        "at_platform",
        "at_send_date",
        "_ga",  # Google Analytics cross-domain
        "_gl",
        "ref",
        "ref_src",
        "ref_url",
        "cmpid",
        "ocid",
        "ncid",
        "sr_share",
        "share",
        "spm",
        "s_cid",
        "ito",
        "wt.mc_id",
        "fb_action_ids",
        "fb_action_types",
        "fb_source",
        "fb_ref",
        "__twitter_impression",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "at_custom")
AMP_PARAMETERS = {("amp", ""), ("amp", "1"), ("amp", "true"), ("outputtype", "amp")}
DEFAULT_PORTS = {"http": 80, "https": 443}

_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_PATH_SAFE = _UNRESERVED | frozenset("!$&'()*+,;=:@/")
_QUERY_SAFE = _PATH_SAFE | frozenset("?")


def canonicalize_url(url: str) -> str:
    """The canonical spelling of an http(s) URL (see the module docstring for the rules)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    path = _normalize_path(parts.path)
    path, query = _drop_amp(path, _normalize_query(parts.query))
    return urlunsplit((scheme, _netloc(scheme, parts), path, query, ""))


def same_site(a: str, b: str) -> bool:
    """True when two URLs belong to one site: equal hosts once a `www.`, `m.`, `mobile.` or
    `amp.` prefix is dropped, or one host a subdomain of the other (`ar.x.dz` and `x.dz`).

    Without the public suffix list, two subdomains of one registrable domain (`a.x.dz`,
    `b.x.dz`) count as different sites, which errs on the side of "not the same site".
    """
    host_a, host_b = _site_host(a), _site_host(b)
    if not host_a or not host_b:
        return False
    return host_a == host_b or host_a.endswith("." + host_b) or host_b.endswith("." + host_a)


def _site_host(url: str) -> str:
    host = (urlsplit(url.strip()).hostname or "").rstrip(".")
    for prefix in ("www.", "m.", "mobile.", "amp."):
        if host.startswith(prefix):
            return host[len(prefix) :]
    return host


def _netloc(scheme: str, parts) -> str:
    host = (parts.hostname or "").rstrip(".")
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        pass  # not a valid IDNA label: keep it as written (lower-cased)
    if ":" in host:
        host = f"[{host}]"  # IPv6 literal
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is None or DEFAULT_PORTS.get(scheme) == port:
        return host
    return f"{host}:{port}"


def normalize_escapes(text: str, safe: frozenset[str]) -> str:
    """Decode escapes of unreserved characters, upper-case the others, escape the rest."""
    text = _CHANGING_ESCAPE.sub(lambda match: _ESCAPE_FORMS[match.group()], text)
    return _unsafe_pattern(safe).sub(_escape_char, text)


@functools.cache
def _unsafe_pattern(safe: frozenset[str]) -> re.Pattern:
    """A character to escape: outside `safe`, or a "%" that does not start an escape."""
    allowed = re.escape("".join(sorted(safe - {"%"})))
    if "%" in safe:
        return re.compile(f"[^{allowed}%]")
    return re.compile(f"%(?![0-9A-Fa-f]{{2}})|[^{allowed}%]")


def _escape_char(match: re.Match) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group().encode("utf-8"))


def _escape_form(escape: str) -> str:
    char = chr(int(escape[1:], 16))
    return char if char in _UNRESERVED else escape.upper()


# Every escape that normalizing changes (an unreserved character, or lower-case hex digits),
# with its normal form: the usual upper-case escapes of non-ASCII text are left to C.
_ESCAPE_FORMS = {
    escape: form
    for escape in (f"%{a}{b}" for a in "0123456789ABCDEFabcdef" for b in "0123456789ABCDEFabcdef")
    if (form := _escape_form(escape)) != escape
}
# the same set as a pattern: lower-case hex digits, or the codes of - . 0-9 A-Z _ a-z ~
_CHANGING_ESCAPE = re.compile(
    "%(?:[a-f][0-9A-Fa-f]|[0-9A-F][a-f]|2[DE]|3[0-9]|[46][1-9A-F]|[57][0-9A]|5F|7E)"
)


def _normalize_path(path: str) -> str:
    return _remove_dot_segments(normalize_escapes(path, _PATH_SAFE)) or "/"


def _remove_dot_segments(path: str) -> str:
    if "." not in path:
        return path
    segments = path.split("/")
    out: list[str] = []
    for segment in segments:
        if segment == "..":
            if len(out) > 1:
                out.pop()
        elif segment != ".":
            out.append(segment)
    if segments[-1] in (".", ".."):
        out.append("")  # "/a/b/.." means the directory "/a/"
    return "/".join(out)


def _normalize_query(query: str) -> list[tuple[str, str]]:
    pairs = []
    for item in query.split("&"):
        if not item:
            continue
        name, _, value = item.partition("=")
        name, value = normalize_escapes(name, _QUERY_SAFE), normalize_escapes(value, _QUERY_SAFE)
        if not _is_tracking(name):
            pairs.append((name, value))
    return sorted(pairs)


def _is_tracking(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def _drop_amp(path: str, pairs: list[tuple[str, str]]) -> tuple[str, str]:
    pairs = [(n, v) for n, v in pairs if (n.lower(), v.lower()) not in AMP_PARAMETERS]
    if path.endswith(("/amp", "/amp/")) and path.rstrip("/") != "/amp":
        path = path[: path.rstrip("/").rindex("/")] + ("/" if path.endswith("/") else "")
    return path, "&".join(f"{n}={v}" if v else n for n, v in pairs)
