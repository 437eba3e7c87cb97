"""The HTTP servers that ``akhbar run`` can put in front of ``akhbar.wsgi:application``.

- ``granian`` (the default): a Rust HTTP server; ``workers`` processes, each running the
  application in ``threads`` Python threads. The page cache's hits (``fastpath.py``) cost a
  few tens of microseconds of Python each, so the HTTP server's own cost decides how many a
  core serves: about three times waitress' on this project's bench (docs/DEPLOY.md,
  "Serving"). The workers are separate processes, started afresh (they read the settings
  from the environment, as every Akhbar process does); the crawler stays in ``akhbar run``'s
  own process.
- ``waitress``: pure Python, one process, ``threads`` threads, in ``akhbar run``'s own
  process (``--workers`` must be 1): for platforms without granian's wheels.
"""

from __future__ import annotations

SERVERS = ("granian", "waitress")
TARGET = "akhbar.wsgi:application"


def serve(server: str, host: str, port: int, threads: int, workers: int, on_ready=None) -> None:
    """Serve until interrupted (SIGINT, SIGTERM); `on_ready` is called with the bound port."""
    if server == "waitress":
        _waitress(host, port, threads, workers, on_ready)
    elif server == "granian":
        _granian(host, port, threads, workers, on_ready)
    else:
        raise ValueError(f"serving: unknown server {server!r} (one of {', '.join(SERVERS)})")


def _waitress(host: str, port: int, threads: int, workers: int, on_ready) -> None:
    from waitress.server import create_server

    from akhbar.wsgi import application

    if workers != 1:
        raise ValueError("serving: waitress runs one process; use --server granian for workers")
    # Proxy headers reach the application, which trusts them only from
    # AKHBAR_TRUSTED_PROXIES (akhbar.moderation.identity.client_ip); waitress
    # would otherwise drop X-Forwarded-For before the app can judge it.
    server = create_server(
        application, host=host, port=port, threads=threads, clear_untrusted_proxy_headers=False
    )
    if on_ready:
        on_ready(server.effective_port)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def _granian(host: str, port: int, threads: int, workers: int, on_ready) -> None:
    from granian import Granian
    from granian.constants import Interfaces
    from granian.log import LogLevels

    server = Granian(
        TARGET,
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=workers,
        blocking_threads=threads,
        # no `backpressure=threads`: granian counts idle keep-alive connections against it,
        # so 16 readers holding their connections open made every other reader wait for
        # their keep-alive to time out (~30 s; tests/moderation/test_concurrent_reports.py)
        log_level=LogLevels.warning,
    )
    if on_ready:
        on_ready(port)
    server.serve()  # returns after SIGINT or SIGTERM, once the workers stopped
