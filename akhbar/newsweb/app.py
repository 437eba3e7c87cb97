"""Assemble a running newsweb: corpus -> site -> faults -> handler -> server thread."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from .corpus import Record, load_corpus
from .faults import FaultTable, plan_faults
from .feeds import feed_specs
from .handler import OutletHandler
from .outlets import Outlet
from .server import NewsWebServer
from .site import Site, build_site
from .truth import truth


def build_handler(
    records: list[Record],
    outlets: int = 6,
    seed: int = 7,
    fault_rate: float = 0.0,
    by_source: bool | None = None,
    wire_rate: float = 0.1,
) -> OutletHandler:
    """The site for a corpus, with faults planned over its article and feed URLs."""
    site = build_site(records, outlets, seed, by_source=by_source, wire_rate=wire_rate)
    pages = [(i.outlet.index, i.path) for i in site.items]
    feed_targets = [(o.index, s.path) for o in site.outlets for s in feed_specs(o)]
    return OutletHandler(site, plan_faults(pages, feed_targets, fault_rate, seed))


def read_records(corpus: str | Path | list[Record], limit: int | None = None) -> list[Record]:
    return list(corpus)[:limit] if isinstance(corpus, list) else load_corpus(corpus, limit)


class NewsWeb:
    """A newsweb serving from a background thread: the handle tests hold."""

    def __init__(self, handler: OutletHandler, host: str = "127.0.0.1", port: int = 0) -> None:
        self.handler = handler
        self.server = NewsWebServer(handler, host, port)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="newsweb", daemon=True)

    def start(self) -> NewsWeb:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self.server.start(), self.loop).result(timeout=30)
        return self

    def stop(self) -> None:
        """Close every listener and connection, then end the thread."""
        if not self.thread.is_alive():
            return
        asyncio.run_coroutine_threadsafe(self.server.stop(), self.loop).result(timeout=30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()

    @property
    def base_url(self) -> str:
        return f"http://{self.server.host}:{self.server.port}"

    @property
    def site(self) -> Site:
        return self.handler.site

    @property
    def outlets(self) -> list[Outlet]:
        return self.site.outlets

    @property
    def clock(self):
        return self.site.clock

    @property
    def faults(self) -> FaultTable:
        return self.handler.faults

    @property
    def truth(self) -> dict[str, dict]:
        return truth(self.site, self.faults)

    def outlet(self, slug: str) -> Outlet:
        return next(o for o in self.outlets if o.slug == slug)

    def set_fault(
        self, kind: str | None, url: str | None = None, outlet: str | None = None
    ) -> None:
        """Make one URL (absolute) or one outlet (slug) misbehave; kind None clears it."""
        from .control import locate, outlet_index

        if url is not None:
            index, target = locate(self.site, url)
            self.faults.set(kind, index, target)
        else:
            self.faults.set(kind, outlet_index(self.site, outlet))

    def clear_faults(self) -> None:
        self.faults.by_url.clear()
        self.faults.by_outlet.clear()

    def __enter__(self) -> NewsWeb:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_newsweb(
    corpus: str | Path | list[Record],
    outlets: int = 6,
    seed: int = 7,
    faults: float = 0.0,
    *,
    limit: int | None = None,
    by_source: bool | None = None,
    wire_rate: float = 0.1,
    host: str = "127.0.0.1",
    port: int = 0,
) -> NewsWeb:
    """Build a newsweb for a corpus and serve it from a background thread on free ports."""
    handler = build_handler(
        read_records(corpus, limit), outlets, seed, faults, by_source, wire_rate
    )
    return NewsWeb(handler, host, port).start()
