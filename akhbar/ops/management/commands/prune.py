"""``akhbar prune``: drop the bodies of old articles, keep their metadata and links."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from akhbar.news.models import Article
from akhbar.search.index import reindex


class Command(BaseCommand):
    help = "Drop bodies of articles older than N days (AKHBAR_RETENTION_BODY_DAYS by default)."

    def add_arguments(self, parser):
        parser.add_argument("--bodies-older-than", type=int, metavar="DAYS")

    def handle(self, *args, bodies_older_than: int | None, **options):
        days = bodies_older_than or settings.AKHBAR_RETENTION_BODY_DAYS
        if not days:
            raise CommandError(
                "prune: give --bodies-older-than DAYS or set AKHBAR_RETENTION_BODY_DAYS"
            )
        old = Article.objects.filter(
            published_at__lt=timezone.now() - timedelta(days=days)
        ).exclude(body="")
        ids = list(old.values_list("id", flat=True))
        Article.objects.filter(id__in=ids).update(body="")
        # Search keeps finding them by title and lede.
        reindex(Article.objects.filter(id__in=ids))
        self.stdout.write(
            f"prune: dropped the bodies of {len(ids)} articles older than {days} days"
        )
