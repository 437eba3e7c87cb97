"""``akhbar sources``: load a sources file, a running newsweb's outlets, or OPML; export OPML.

- ``sources load FILE.toml`` validates the file and loads its outlets and feeds;
- ``sources load-newsweb URL`` registers the outlets of a running simulated news web;
- ``sources import-opml FILE`` / ``sources export --opml`` exchange feed lists with readers.

Every way in ends in the same loader (``load_sources``) with the same validated specs.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from akhbar.ingest.feeds import ParseError
from akhbar.ingest.opml import OpmlOutline, parse_opml, write_opml
from akhbar.news.categories import ensure_categories
from akhbar.news.loading import load_sources
from akhbar.news.models import Feed
from akhbar.news.slugs import usable_slug
from akhbar.news.sourcefile import FeedSpec, SourceFileError, SourceSpec, parse_sources

# newsweb's outlet kinds and feed kinds, in our vocabulary
NEWSWEB_KINDS = {"newspaper": "daily", "broadcaster": "tv", "agency": "agency", "portal": "online"}
NEWSWEB_FEEDS = {"json": "jsonfeed", "sitemap_index": "sitemap"}
FEED_KIND_WORDS = (("json", "jsonfeed"), ("atom", "atom"), ("sitemap", "sitemap"))
PRIVATE_HOSTS_HINT = "AKHBAR_ALLOWED_PRIVATE_HOSTS"


def _spec(slug: str, name_ar: str, homepage: str, feeds: list[FeedSpec], **fields) -> SourceSpec:
    """A source spec with the defaults of a source we learned about from elsewhere."""
    defaults = {
        "name_fr": "",
        "country": "DZ",
        "languages": ("ar",),
        "kind": "online",
        "ownership": "private",
        "active": True,
        "timezone": "Africa/Algiers",
        "rules": None,
        "line": 0,
    }
    return SourceSpec(
        slug=slug, name_ar=name_ar, homepage=homepage, feeds=tuple(feeds), **(defaults | fields)
    )


# --- newsweb ------------------------------------------------------------------------------


def newsweb_spec(outlet: dict) -> SourceSpec:
    """One outlet of `/_newsweb/outlets.json` as a source; a feedless one gets no feed rows
    (the crawler discovers its homepage and falls back to its listing pages)."""
    feeds = [FeedSpec(f["url"], NEWSWEB_FEEDS.get(f["kind"], f["kind"])) for f in outlet["feeds"]]
    return _spec(
        outlet["slug"],
        outlet["name_ar"],
        outlet["homepage"],
        feeds,
        name_fr=outlet.get("name_fr") or "",
        languages=tuple(outlet.get("languages") or ("ar",)),
        kind=NEWSWEB_KINDS.get(outlet.get("kind"), "online"),
        timezone=outlet.get("timezone") or "Africa/Algiers",
    )


def read_newsweb_directory(base_url: str) -> list[dict]:
    """The outlets a running newsweb serves (the operator named it: no SSRF guard here)."""
    import httpx

    url = base_url.rstrip("/") + "/_newsweb/outlets.json"
    try:
        response = httpx.get(url, timeout=10.0)
        response.raise_for_status()
        return response.json()["outlets"]
    except (httpx.HTTPError, ValueError, KeyError) as exc:
        raise CommandError(f"sources: cannot read {url}: {exc}") from None


def private_hosts_needed(outlets: list[dict]) -> list[str]:
    hosts = {urlsplit(o["base_url"]).hostname for o in outlets}
    return sorted(host for host in hosts if host)


# --- OPML ---------------------------------------------------------------------------------


def _slugify(text: str) -> str:
    return usable_slug(re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:57] or "source")


def _feed_kind(url: str) -> str:
    lowered = url.lower()
    return next((kind for word, kind in FEED_KIND_WORDS if word in lowered), "rss")


def opml_specs(outlines: list[OpmlOutline]) -> list[SourceSpec]:
    """One source per site: the outline's category when it names one (our own export),
    else the site's host name; its feeds are the outlines' feed URLs."""
    sites: dict[str, tuple[OpmlOutline, list[FeedSpec]]] = {}
    for outline in outlines:
        home = outline.html_url or "{0.scheme}://{0.netloc}/".format(urlsplit(outline.xml_url))
        slug = _slugify(outline.category or urlsplit(home).hostname or outline.title)
        _, feeds = sites.setdefault(slug, (outline, []))
        feeds.append(FeedSpec(outline.xml_url, _feed_kind(outline.xml_url)))
    return [
        _spec(slug, first.title or slug, first.html_url or _origin(first.xml_url), feeds)
        for slug, (first, feeds) in sites.items()
    ]


def _origin(url: str) -> str:
    return "{0.scheme}://{0.netloc}/".format(urlsplit(url))


def feeds_as_outlines() -> list[OpmlOutline]:
    """Every feed, filed under its source's slug (so that an import rebuilds the sources)."""
    feeds = Feed.objects.select_related("source").order_by("source__slug", "url")
    return [
        OpmlOutline(feed.source.name_ar, feed.url, feed.source.homepage, feed.source.slug)
        for feed in feeds
    ]


class Command(BaseCommand):
    help = (
        "Manage sources: `load FILE.toml`, `load-newsweb URL`, `import-opml FILE`, `export --opml`."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("load", help="Load sources and feeds from a TOML file.")
        load.add_argument("file", type=Path)
        newsweb = actions.add_parser("load-newsweb", help="Register a running newsweb's outlets.")
        newsweb.add_argument("url", help="The newsweb control URL, e.g. http://127.0.0.1:8800")
        opml = actions.add_parser("import-opml", help="Add the feeds of an OPML file.")
        opml.add_argument("file", type=Path)
        export = actions.add_parser("export", help="Write every feed as OPML to standard output.")
        export.add_argument("--opml", action="store_true", required=True)
        export.add_argument("--output", type=Path, default=None)

    def handle(self, *args, action: str, **options):
        if action == "load":
            self.load(options["file"])
        elif action == "load-newsweb":
            self.load_newsweb(options["url"])
        elif action == "import-opml":
            self.import_opml(options["file"])
        elif action == "export":
            self.export_opml(options["output"])

    def load(self, path: Path) -> None:
        text = self.read(path)
        try:
            specs = parse_sources(text, filename=str(path))
        except SourceFileError as exc:
            raise CommandError(f"sources: {path} has errors, nothing was loaded:\n{exc}") from None
        ensure_categories()
        report = load_sources(specs)
        self.stdout.write(f"{path}: {report.summary()}")

    def read(self, path: Path) -> str:
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"sources: cannot read {path}: {exc}") from None

    def load_newsweb(self, url: str) -> None:
        outlets = read_newsweb_directory(url)
        ensure_categories()
        report = load_sources([newsweb_spec(outlet) for outlet in outlets])
        self.stdout.write(f"{url}: {report.summary()}")
        self.explain_private_hosts(private_hosts_needed(outlets))

    def explain_private_hosts(self, hosts: list[str]) -> None:
        """The fetcher refuses private addresses unless the environment allows them: a
        deployment decision, so it is never written into the database by a command."""
        missing = [h for h in hosts if h not in settings.AKHBAR_ALLOWED_PRIVATE_HOSTS]
        needed = ",".join(hosts)
        if missing:
            self.stderr.write(
                f"sources: the crawler may reach these outlets only with "
                f"{PRIVATE_HOSTS_HINT}={needed} in its environment"
            )
        self.stdout.write(f"{PRIVATE_HOSTS_HINT}={needed}")

    def import_opml(self, path: Path) -> None:
        try:
            outlines = parse_opml(path.read_bytes())
        except OSError as exc:
            raise CommandError(f"sources: cannot read {path}: {exc}") from None
        except ParseError as exc:
            raise CommandError(f"sources: {path}: {exc}") from None
        ensure_categories()
        report = load_sources(opml_specs(outlines))
        self.stdout.write(f"{path}: {len(outlines)} feeds read; {report.summary()}")

    def export_opml(self, output: Path | None) -> None:
        document = write_opml(feeds_as_outlines(), title="Akhbar")
        if output is None:
            self.stdout.write(document, ending="")
        else:
            output.write_text(document, encoding="utf-8")
            self.stdout.write(f"sources: {Feed.objects.count()} feeds written to {output}")
