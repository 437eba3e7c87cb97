"""nginx in a scratch directory, for the benchmarks and the tests (never for production).

Serves one file as a static file (``body``: the anchor the page benchmarks compare with), or
stands in front of running web processes with ``deploy/nginx.conf`` as documented, only the
ports and the cache directory changed (``upstream``).
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
DEPLOY_CONFIG = ROOT / "deploy" / "nginx.conf"
HTTP_COMMON = "access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000;"


def deploy_config(where: Path, port: int, upstream: list[int]) -> str:
    """``deploy/nginx.conf`` listening on ``port``, proxying to ``upstream`` ports, caching
    under ``where``."""
    text = DEPLOY_CONFIG.read_text(encoding="utf-8")
    text = text.replace("/var/cache/nginx/akhbar", str(where / "cache"))
    text = text.replace("listen 80;", f"listen 127.0.0.1:{port};")
    servers = "".join(f"    server 127.0.0.1:{p};\n" for p in upstream)
    text, found = re.subn(r"(upstream akhbar_web \{\n(?:\s*\w+;\n)*)((?:\s*server [^\n]+\n)+)",
                          lambda m: m.group(1) + servers, text)  # fmt: skip
    if not found:
        raise RuntimeError("nginx: no upstream block in deploy/nginx.conf")
    return text


def answering(url: str, seconds: float = 120, running: Callable[[], bool] = lambda: True) -> bool:
    """Whether ``url`` answers (below 500) within ``seconds``, while ``running()`` holds."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and running():
        try:
            if httpx.get(url, timeout=5).status_code < 500:
                return True
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    return False


class Nginx:
    """nginx on ``port`` with its config, cache and temporary files in a scratch directory."""

    def __init__(self, port: int, body: bytes | None = None, upstream: list[int] | None = None):
        self.dir = Path(tempfile.mkdtemp(prefix="akhbar-nginx-"))
        (self.dir / "root").mkdir()
        self.port = port
        if upstream:
            server = deploy_config(self.dir, port, upstream)
            probe = "/healthz"
        else:
            (self.dir / "root" / "index.html").write_bytes(body or b"")
            server = (
                f"server {{ listen 127.0.0.1:{port}; root {self.dir}/root;\n"
                "    default_type 'text/html; charset=utf-8'; }"
            )
            probe = "/index.html"
        config = self.dir / "nginx.conf"
        config.write_text(
            f"worker_processes 2; pid {self.dir}/nginx.pid; error_log {self.dir}/error.log;\n"
            "daemon off; events { worker_connections 1024; }\n"
            f"http {{ {HTTP_COMMON}\n"
            f"  client_body_temp_path {self.dir}; proxy_temp_path {self.dir};\n"
            f"  fastcgi_temp_path {self.dir}; uwsgi_temp_path {self.dir}; scgi_temp_path {self.dir};\n"
            f"{server}\n}}\n"
        )
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        self.process = subprocess.Popen([binary, "-c", str(config), "-p", str(self.dir)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        self.base = f"http://127.0.0.1:{port}"
        self._wait(self.base + probe)

    def _wait(self, url: str) -> None:
        if answering(url, running=lambda: self.process.poll() is None):
            return
        error = (self.dir / "error.log").read_text(errors="replace")[-2000:]
        self.close()
        raise RuntimeError(f"nginx: {url} did not answer\n{error}")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> Nginx:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
