"""newsweb: a deterministic simulated news web served over real HTTP on 127.0.0.1.

Test-side only: the product never imports it, and it never imports Django.
"""

from .app import NewsWeb, start_newsweb

__all__ = ["NewsWeb", "start_newsweb"]
