"""Screenshots of each page type at phone and desktop widths, for docs/screenshots/.

Builds the offline demo in a scratch data directory, serves it, and photographs each page
with Debian's Chromium (as the browser tests do). Run: ``.venv/bin/python scripts/screenshots.py``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PIXEL  # noqa: E402
from tests.browser.test_pages import paths  # noqa: E402
from tests.support import akhbar, akhbar_env, running_site  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
PAGES = ["home", "article", "article-fr", "source", "story", "search", "archive"]
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
LIMIT = 300_000  # bytes per image


def serve_images(route) -> None:
    request = route.request
    if request.resource_type == "image" and "/static/" not in request.url:
        route.fulfill(status=200, content_type="image/png", body=PIXEL)
    elif request.url.startswith("http://127.0.0.1"):
        route.continue_()
    else:
        route.abort()


def shoot(base: str, where: dict[str, str]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    taken = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width, viewport in WIDTHS.items():
            context = browser.new_context(viewport=viewport, locale="ar", color_scheme="light")
            context.route("**/*", serve_images)
            page = context.new_page()
            for name in PAGES:
                page.goto(base + where[name])
                target = OUT / f"{name}-{width}.png"
                page.screenshot(path=str(target))
                if target.stat().st_size > LIMIT:
                    raise SystemExit(f"screenshots: {target.name} is over {LIMIT} bytes")
                taken.append(target)
            context.close()
        browser.close()
    return taken


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="akhbar-shots-") as scratch:
        env = akhbar_env(Path(scratch))
        result = akhbar("demo", "--no-serve", env=env)
        if result.returncode != 0:
            raise SystemExit(f"screenshots: the demo failed:\n{result.stderr}")
        with running_site(env) as base:
            for path in shoot(base, paths(env)):
                print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
