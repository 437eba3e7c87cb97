"""What the search index holds: each article's analyzed terms.

The analyzer runs in Python (``akhbar.text.analyzer``); the database only ever
sees its output. The full-text structures built over this table (an FTS5
table and its triggers on SQLite, a weighted tsvector and a GIN index on
PostgreSQL) come from the vendor-conditional migration 0002 (SQLite's update trigger as
migration 0005 left it: it runs only when the terms change).
"""

from django.db import models


class SearchDocument(models.Model):
    article = models.OneToOneField(
        "news.Article", on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    title_terms = models.TextField()
    body_terms = models.TextField()
    analyzer_version = models.PositiveIntegerField()

    class Meta:
        db_table = "search_document"

    def __str__(self) -> str:
        return f"search document of article {self.article_id}"
