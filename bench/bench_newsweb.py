"""newsweb throughput: small responses per second from one process, 200 hosts, ~2,000 feeds.

Three processes, loopback only: newsweb (`bench/newsweb_process.py`: 200 invented outlets
built from the ANT corpus read from ../shared/data at run time), a load generator (asyncio,
keep-alive, one connection per host), and the anchor: Python's
`http.server.ThreadingHTTPServer` (HTTP/1.1, keep-alive) serving the same status, validators
and bodies, driven by the same client in the same run.

Rows: conditional GETs of every feed answered 304 (what a polite crawler sends, the "small
responses"), and plain GETs of every feed (full bodies, informative).
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.newsweb_process import HOSTS, ROOT, serving

GOAL = 5000.0


# --- the anchor process --------------------------------------------------------------------


def serve_anchor(responses: Path) -> None:
    """ThreadingHTTPServer answering each recorded target with the same status and bytes."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    table = json.loads(responses.read_text())

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            row = table[self.path]
            conditional = self.headers.get("If-None-Match") == row["etag"]
            body = b"" if conditional else row["body"].encode("latin-1")
            self.send_response(304 if conditional else 200)
            self.send_header("Content-Type", row["type"])
            self.send_header("ETag", row["etag"])
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    ThreadingHTTPServer.request_queue_size = 1024  # the default 5 drops connections
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


# --- the load generator process -------------------------------------------------------------


async def hammer(
    host: str, port: int, requests: list[bytes], deadline: float, counts: list[int]
) -> None:
    """One keep-alive connection sending its requests round-robin until the deadline."""
    reader, writer = await asyncio.open_connection(host, port)
    k = 0
    while time.monotonic() < deadline:
        writer.write(requests[k % len(requests)])
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(head.split(b"ontent-Length: ", 1)[1].split(b"\r\n", 1)[0])
        if length:
            await reader.readexactly(length)
        counts[0] += 1
        k += 1
    writer.close()


def load(plan_file: Path, seconds: float) -> None:
    """Drive every (port -> raw requests) group over its own connection; print req/s.

    A first pass of one second warms the server's caches and is not counted.
    """
    plan = json.loads(plan_file.read_text())

    async def drive(duration: float) -> int:
        counts = [0]
        deadline = time.monotonic() + duration
        tasks = [
            asyncio.ensure_future(
                hammer("127.0.0.1", int(port), [r.encode() for r in reqs], deadline, counts)
            )
            for port, reqs in plan
        ]
        _, stuck = await asyncio.wait(tasks, timeout=duration + 5)
        for task in stuck:  # a connection that never answered does not hold the run
            task.cancel()
        return counts[0]

    asyncio.run(drive(1.0))
    started = time.monotonic()
    requests = asyncio.run(drive(seconds))
    print(json.dumps({"requests": requests, "seconds": time.monotonic() - started}), flush=True)


# --- the parent ------------------------------------------------------------------------------


def python(*args: str, **kwargs) -> subprocess.Popen:
    """This module in a process of its own (run with -m from the checkout: it imports bench)."""
    command = [sys.executable, "-m", "bench.bench_newsweb", *args]
    return subprocess.Popen(command, cwd=ROOT, text=True, **kwargs)


def record_responses(targets: list[list]) -> dict[str, dict]:
    """Fetch every target once (identity encoding) to learn its body and ETag."""
    import httpx

    table = {}
    with httpx.Client(headers={"Accept-Encoding": "identity"}) as client:
        for port, path in targets:
            r = client.get(f"http://127.0.0.1:{port}{path}")
            table[f"/{port}{path}"] = {
                "etag": r.headers["etag"],
                "type": r.headers["content-type"],
                "body": r.content.decode("latin-1"),
            }
    return table


def raw_request(port: int, path: str, etag: str | None) -> str:
    conditional = f"If-None-Match: {etag}\r\n" if etag else ""
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept-Encoding: identity\r\n{conditional}\r\n"


def plans(
    targets: list[list], table: dict, anchor_port: int, conditional: bool
) -> tuple[list, list]:
    """Request plans for newsweb (one connection per host) and the anchor (same count, one port)."""
    by_port: dict[int, list[str]] = {}
    anchor: dict[int, list[str]] = {}
    for port, path in targets:
        etag = table[f"/{port}{path}"]["etag"] if conditional else None
        by_port.setdefault(port, []).append(raw_request(port, path, etag))
        anchor.setdefault(port, []).append(raw_request(anchor_port, f"/{port}{path}", etag))
    return list(by_port.items()), [(anchor_port, reqs) for reqs in anchor.values()]


def measure(plan: list, tmp: Path, seconds: float) -> float:
    plan_file = tmp / "plan.json"
    plan_file.write_text(json.dumps(plan))
    out = python("load", str(plan_file), str(seconds), stdout=subprocess.PIPE).communicate(
        timeout=seconds + 60
    )[0]
    result = json.loads(out.strip().splitlines()[-1])
    return result["requests"] / result["seconds"]


def row(name: str, ours: float, anchor: float, goal: str) -> dict:
    return {
        "name": name,
        "ours": ours,
        "anchor": anchor,
        "unit": "req/s",
        "ratio": ours / anchor,
        "goal": goal,
    }


def feed_targets(site: dict) -> list[list]:
    """[port, path] of every outlet's robots.txt and feeds, outlet by outlet."""
    return [
        [outlet["port"], path]
        for outlet in site["outlets"]
        for path in ["/robots.txt"] + [feed["path"] for feed in outlet["feeds"]]
    ]


def run(quick: bool = False) -> list[dict]:
    seconds, records = (2.0, 3000) if quick else (6.0, 15000)
    with tempfile.TemporaryDirectory() as name, serving(records) as site:
        tmp = Path(name)
        targets = feed_targets(site)
        table = record_responses(targets)
        (tmp / "responses.json").write_text(json.dumps(table))
        anchor = python("anchor", str(tmp / "responses.json"), stdout=subprocess.PIPE)
        try:
            anchor_port = int(anchor.stdout.readline())
            rows = []
            for conditional, label in ((True, "small responses (304)"), (False, "full feed GETs")):
                ours_plan, anchor_plan = plans(targets, table, anchor_port, conditional)
                ours, theirs = measure(ours_plan, tmp, seconds), measure(anchor_plan, tmp, seconds)
                goal = f"≥ {GOAL:.0f} req/s" if conditional else "informative"
                name = (
                    "newsweb small responses/s" if conditional else "newsweb full feed responses/s"
                )
                detail = f"{label}: {len(targets) - HOSTS} feeds + robots.txt on {HOSTS} hosts, one process"
                rows.append(row(name, ours, theirs, goal) | {"detail": detail})
            return rows
        finally:
            anchor.terminate()
            anchor.wait(timeout=10)


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "anchor":
        serve_anchor(Path(args[0]))
    elif mode == "load":
        load(Path(args[0]), float(args[1]))
    else:
        for r in run(quick="--quick" in sys.argv):
            print(r)
