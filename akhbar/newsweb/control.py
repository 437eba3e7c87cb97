"""Control endpoints on the main port: truth, outlets, clock, faults, stats."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlsplit

from .faults import FAULT_KINDS
from .handler import OutletHandler, Request, head_bytes
from .routes import clean_target
from .truth import outlets_directory, truth

INDEX = (
    """newsweb control port
GET  /_newsweb/outlets.json        every outlet, its base URL and feeds
GET  /_newsweb/truth.json          ground truth per article URL (?outlet=SLUG, ?status=live)
GET  /_newsweb/stats.json          requests per outlet and path
POST /_newsweb/stats/reset         zero the counters
GET  /_newsweb/clock               simulated now
POST /_newsweb/clock/advance?seconds=N
GET  /_newsweb/faults              faults in force
POST /_newsweb/faults              {"kind": K|null, "url": U} or {"kind": K|null, "outlet": SLUG}
                                   or {"clear": true}; kinds: """
    + ", ".join(FAULT_KINDS)
    + "\n"
)


def json_response(status: int, data: object) -> bytes:
    body = json.dumps(data, ensure_ascii=False).encode()
    return (
        head_bytes(status, [("Content-Type", "application/json; charset=utf-8")], len(body)) + body
    )


class Control:
    """The `/_newsweb/*` API over one running web."""

    def __init__(self, handler: OutletHandler) -> None:
        self.handler = handler
        self.site = handler.site

    def handle(self, req: Request) -> bytes:
        path, query = urlsplit(req.target).path, dict(parse_qsl(urlsplit(req.target).query))
        route = (req.method, path.rstrip("/"))
        try:
            return self.dispatch(route, query, req)
        except (ValueError, KeyError, TypeError) as error:
            return json_response(400, {"error": f"control: {error}"})

    def dispatch(self, route: tuple[str, str], query: dict, req: Request) -> bytes:
        site, faults = self.site, self.handler.faults
        if route == ("GET", "/_newsweb/truth.json"):
            return json_response(200, truth(site, faults, query.get("outlet"), query.get("status")))
        if route == ("GET", "/_newsweb/outlets.json"):
            return json_response(200, outlets_directory(site))
        if route == ("GET", "/_newsweb/stats.json"):
            return json_response(200, self.handler.stats.as_dict())
        if route == ("POST", "/_newsweb/stats/reset"):
            self.handler.stats.__init__()
            return json_response(200, {"ok": True})
        if route == ("GET", "/_newsweb/clock"):
            return json_response(200, {"now": site.clock.now().isoformat()})
        if route == ("POST", "/_newsweb/clock/advance"):
            return json_response(
                200, {"now": site.clock.advance(float(query["seconds"])).isoformat()}
            )
        if route == ("GET", "/_newsweb/faults"):
            return json_response(200, fault_listing(self.site, faults))
        if route == ("POST", "/_newsweb/faults"):
            return json_response(200, self.set_fault(json.loads(req.body or b"{}")))
        body = INDEX.encode()
        return (
            head_bytes(
                200 if route[1] == "" else 404,
                [("Content-Type", "text/plain; charset=utf-8")],
                len(body),
            )
            + body
        )

    def set_fault(self, spec: dict) -> dict:
        faults = self.handler.faults
        if spec.get("clear"):
            faults.by_url.clear()
            faults.by_outlet.clear()
        elif "url" in spec:
            outlet, target = locate(self.site, spec["url"])
            faults.set(spec.get("kind"), outlet, target)
        else:
            faults.set(spec.get("kind"), outlet_index(self.site, spec["outlet"]))
        return fault_listing(self.site, faults)


def outlet_index(site, slug: str) -> int:
    for outlet in site.outlets:
        if outlet.slug == slug:
            return outlet.index
    raise KeyError(f"no outlet {slug!r}")


def locate(site, url: str) -> tuple[int, str]:
    """(outlet index, cleaned target) of an absolute URL served by the site."""
    parts = urlsplit(url)
    for outlet in site.outlets:
        if urlsplit(outlet.base_url).netloc == parts.netloc:
            target = parts.path + ("?" + parts.query if parts.query else "")
            return outlet.index, clean_target(target or "/")
    raise KeyError(f"no outlet serves {url!r}")


def fault_listing(site, faults) -> dict:
    urls = {site.outlets[o].base_url + t: k for (o, t), k in faults.by_url.items()}
    outlets = {site.outlets[o].slug: k for o, k in faults.by_outlet.items()}
    return {"urls": urls, "outlets": outlets}
