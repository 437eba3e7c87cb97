"""`python -m akhbar.newsweb` (and `akhbar newsweb`): serve a simulated news web until stopped."""

from __future__ import annotations

import argparse
import asyncio
import signal
from pathlib import Path

from .app import build_handler, read_records
from .feeds import feed_specs
from .server import NewsWebServer

DEMO_CORPUS = Path(__file__).resolve().parent.parent / "demo" / "corpus.jsonl"
EPILOG = """\
addressing: every outlet is its own host:port on 127.0.0.1. The control port (--port) serves
/_newsweb/*; outlet i listens on port+1+i, so with --port 8800 the first outlet is
http://127.0.0.1:8801/. No DNS or Host-header tricks are needed: a crawler that allow-lists
127.0.0.1 (or reads /_newsweb/outlets.json, as `akhbar sources load-newsweb` does) reaches every
outlet, and its per-host politeness applies per outlet because each has its own port.

control endpoints: GET /_newsweb/outlets.json, /_newsweb/truth.json, /_newsweb/stats.json,
/_newsweb/clock, /_newsweb/faults; POST /_newsweb/clock/advance?seconds=N,
POST /_newsweb/faults {"kind": K, "url": U | "outlet": SLUG}, POST /_newsweb/stats/reset.
"""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="newsweb",
        description="Serve a deterministic simulated news web on 127.0.0.1.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--corpus", type=Path, default=DEMO_CORPUS, help="JSONL corpus (default: the demo corpus)"
    )
    parser.add_argument(
        "--outlets",
        type=int,
        default=12,
        help="number of invented outlets when the corpus has no sources",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--port", type=int, default=8800, help="control port; outlet i is on port+1+i"
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument(
        "--faults", type=float, default=0.0, metavar="RATE", help="share of URLs that misbehave"
    )
    parser.add_argument(
        "--limit", type=int, default=None, help="read at most this many corpus records"
    )
    parser.add_argument(
        "--invent-outlets",
        action="store_true",
        help="ignore the corpus' sources; spread over --outlets",
    )
    return parser.parse_args(argv)


def describe(server: NewsWebServer) -> str:
    lines = [f"newsweb control: http://{server.host}:{server.port}/_newsweb/outlets.json"]
    for outlet in server.handler.site.outlets:
        lines.append(f"{outlet.slug:<22} {outlet.base_url}/  ({outlet.name_ar})")
        lines += [
            f"    {spec.kind:<14} {outlet.base_url}{spec.path}"
            for spec in feed_specs(outlet)
            if spec.section is None
        ]
        if outlet.no_feed:
            lines.append("    (no feed: section pages only)")
    return "\n".join(lines)


async def serve(server: NewsWebServer) -> None:
    """Serve until SIGINT or SIGTERM, then close every listener."""
    await server.start()
    print(describe(server), flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await server.stop()
    print("newsweb: stopped", flush=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    records = read_records(args.corpus, args.limit)
    by_source = False if args.invent_outlets else None
    handler = build_handler(records, args.outlets, args.seed, args.faults, by_source)
    asyncio.run(serve(NewsWebServer(handler, args.host, args.port)))
    return 0
