"""Ground truth: what every article URL really holds, and the outlets' directory (pure).

`truth(site, faults)` gives one object per canonical article URL; `outlets_directory(...)`
is the `/_newsweb/outlets.json` document. Both are plain JSON-ready dicts.
"""

from __future__ import annotations

from .faults import FaultTable
from .feeds import feed_specs
from .routes import robots_allows
from .site import Item, Site, feed_link


def version_dict(item: Item, index: int) -> dict:
    v = item.versions[index]
    return {
        "at": v.at.isoformat(),
        "title": v.title,
        "lede": v.lede,
        "paragraphs": list(v.paragraphs),
    }


def truth_entry(site: Site, item: Item, faults: FaultTable) -> dict:
    """The gold record of one article URL, as of the clock's now."""
    now = site.clock.now()
    current = item.version_at(now)
    fault = faults.by_url.get((item.outlet.index, item.path)) or faults.by_outlet.get(
        item.outlet.index
    )
    status = item.status(now)
    return {
        "url": item.url,
        "outlet": item.outlet.slug,
        "id": item.record.id,
        "lang": item.record.lang,
        "title": current.title,
        "lede": current.lede,
        "paragraphs": list(current.paragraphs),
        "author": item.record.author,
        "published": item.published.isoformat(),
        "timezone": item.outlet.timezone,
        "image": item.image_url,
        "category": item.record.category,
        "wire_group": item.wire_group,
        "story_group": item.story_group,
        "status": status,
        "deleted_at": item.deleted_at.isoformat() if item.deleted_at else None,
        "versions": [version_dict(item, k) for k in range(len(item.versions))],
        "fault": fault,
        "servable": status == "live" and fault is None,
        "allowed_by_robots": robots_allows(item.outlet, item.path),
        "feed_url": feed_link(item),
        "aliases": [f"{item.outlet.base_url}/go/{item.number}"],
        "template": item.outlet.template,
        "encoding": item.outlet.encoding,
        "date_style": item.outlet.date_style,
    }


def truth(
    site: Site, faults: FaultTable, outlet: str | None = None, status: str | None = None
) -> dict[str, dict]:
    """One gold object per canonical article URL (scheduled and deleted ones included),
    optionally only for one outlet (slug) or one status."""
    now = site.clock.now()
    return {
        item.url: truth_entry(site, item, faults)
        for item in site.items
        if (outlet is None or item.outlet.slug == outlet)
        and (status is None or item.status(now) == status)
    }


def outlet_entry(outlet) -> dict:
    specs = feed_specs(outlet)
    return {
        "slug": outlet.slug,
        "name_ar": outlet.name_ar,
        "name_fr": outlet.name_fr,
        "languages": list(outlet.languages),
        "kind": outlet.kind,
        "timezone": outlet.timezone,
        "base_url": outlet.base_url,
        "homepage": outlet.base_url + "/",
        "feeds": [{"url": outlet.base_url + s.path, "kind": s.kind} for s in specs],
        "no_feed": not specs,
        "sections": list(outlet.sections),
        "template": outlet.template,
        "encoding": outlet.encoding,
        "charset_declared": outlet.charset_decl,
        "date_style": outlet.date_style,
        "url_style": outlet.url_style,
        "robots": outlet.robots,
        "rate_limit": outlet.rate_limit,
        "redirect_code": outlet.redirect_code,
    }


def outlets_directory(site: Site) -> dict:
    """`/_newsweb/outlets.json`: every outlet with its feeds."""
    return {"outlets": [outlet_entry(o) for o in site.outlets], "now": site.clock.now().isoformat()}
