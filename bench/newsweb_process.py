"""newsweb in a subprocess, for the benchmarks: 200 outlets built from the ANT corpus.

The corpus is read from ../shared/data at run time. `serving(records)` starts
`python -m bench.newsweb_process MAP RECORDS HOSTS SEED`, waits until every outlet listens,
yields the map of what it serves, and stops it on exit (it stops when its stdin closes):

    {"outlets": [{"index", "slug", "base_url", "port", "languages", "timezone", "robots",
                  "rate_limit", "feeds": [{"path", "kind", "url"}, ...]}, ...],
     "items": [{"outlet" (slug), "number", "url", "go", "status"}, ...]}

`go` is the item's redirecting link (/go/N); `status` is live, scheduled or deleted at the
site's clock when the map was written. Each benchmark picks its own targets from the map.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from eval import SHARED_DATA

ROOT = Path(__file__).resolve().parents[1]
DATA = SHARED_DATA / "ant" / "articles.jsonl"
HOSTS = 200
SEED = 7


@contextlib.contextmanager
def serving(records: int, hosts: int = HOSTS, seed: int = SEED) -> Iterator[dict]:
    """A newsweb of `hosts` outlets over the first `records` corpus records, while in use."""
    with tempfile.TemporaryDirectory(prefix="newsweb-") as name:
        out = Path(name) / "map.json"
        args = [str(out), str(records), str(hosts), str(seed)]
        process = subprocess.Popen(
            [sys.executable, "-m", "bench.newsweb_process", *args],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            ready = process.stdout.readline().strip()
            if ready != "READY":
                raise RuntimeError(f"newsweb: did not start (exit code {process.poll()})")
            yield json.loads(out.read_text())
        finally:
            process.stdin.close()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


# --- the newsweb process -------------------------------------------------------------------


def site_map(site) -> dict:
    """What the benchmarks need to know about the served site, as plain JSON data."""
    from akhbar.newsweb.feeds import feed_specs

    now = site.clock.now()
    outlets = [
        {
            "index": outlet.index,
            "slug": outlet.slug,
            "base_url": outlet.base_url,
            "port": int(outlet.base_url.rsplit(":", 1)[1]),
            "languages": list(outlet.languages),
            "timezone": outlet.timezone,
            "robots": outlet.robots,
            "rate_limit": outlet.rate_limit,
            "feeds": [
                {"path": spec.path, "kind": spec.kind, "url": outlet.base_url + spec.path}
                for spec in feed_specs(outlet)
            ],
        }
        for outlet in site.outlets
    ]
    items = [
        {
            "outlet": item.outlet.slug,
            "number": item.number,
            "url": item.url,
            "go": f"{item.outlet.base_url}/go/{item.number}",
            "status": item.status(now),
        }
        for item in site.items
    ]
    return {"outlets": outlets, "items": items}


def serve(out: Path, records: int, hosts: int, seed: int) -> None:
    """Serve the outlets until stdin closes; write the site map to `out` once they listen."""
    from akhbar.newsweb.app import build_handler, read_records
    from akhbar.newsweb.server import NewsWebServer

    handler = build_handler(read_records(DATA, records), hosts, seed, by_source=False)

    async def main() -> None:
        server = NewsWebServer(handler)
        await server.start()
        out.write_text(json.dumps(site_map(handler.site), ensure_ascii=False))
        print("READY", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
        await server.stop()

    asyncio.run(main())


if __name__ == "__main__":
    path, count, n_hosts, seed_value = sys.argv[1:5]
    serve(Path(path), int(count), int(n_hosts), int(seed_value))
