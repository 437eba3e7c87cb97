"""Store validated source specs (from a sources file) as Source and Feed rows."""

from dataclasses import dataclass, field

from django.db import transaction

from akhbar.news.models import Feed, Source
from akhbar.news.sourcefile import SourceSpec


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    feeds_added: int = 0

    def summary(self) -> str:
        return (
            f"sources: {len(self.created)} created, {len(self.updated)} updated, "
            f"{self.feeds_added} feeds added"
        )


def _source_fields(spec: SourceSpec) -> dict:
    rules = {}
    if spec.rules is not None:
        rules = {"prune": list(spec.rules.prune), "select": spec.rules.select}
    return {
        "name_ar": spec.name_ar,
        "name_fr": spec.name_fr,
        "homepage": spec.homepage,
        "country": spec.country,
        "languages": list(spec.languages),
        "kind": spec.kind,
        "ownership": spec.ownership,
        "active": spec.active,
        "timezone": spec.timezone,
        "rules": rules,
    }


@transaction.atomic
def load_sources(specs: list[SourceSpec]) -> LoadReport:
    """Create or update every source and add its feeds; all or nothing."""
    report = LoadReport()
    for spec in specs:
        source, created = Source.objects.update_or_create(
            slug=spec.slug, defaults=_source_fields(spec)
        )
        (report.created if created else report.updated).append(spec.slug)
        for feed in spec.feeds:
            _, added = Feed.objects.get_or_create(
                url=feed.url, defaults={"source": source, "kind": feed.kind}
            )
            report.feeds_added += int(added)
    return report
