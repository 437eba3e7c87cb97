"""Model rows as the API's records: what a reader sees on the site, nothing more.

A hidden image is ``image: null, image_hidden: true`` (its URL never leaves the server);
an article removed at its source stays, with ``removed: true``, as on its page.
"""

from akhbar.news.models import Article, Category, Source, Story


def source_ref(source: Source) -> dict:
    return {"slug": source.slug, "name": source.name_ar}


def article_record(article: Article) -> dict:
    return {
        "id": article.pk,
        "url": article.url,
        "link": article.get_absolute_url(),
        "source": source_ref(article.source),
        "title": article.title,
        "lede": article.lede or None,
        "author": article.author or None,
        "published_at": article.published_at,
        "fetched_at": article.fetched_at,
        "edited_at_source": article.edited_at_source,
        "language": article.language or None,
        "category": article.category.slug if article.category_id else None,
        "image": article.visible_image_url or None,
        "image_hidden": article.image_hidden,
        "story": article.story_id,
        "duplicate_of": article.duplicate_of_id,
        "removed": article.removed_at_source is not None,
        "removed_at_source": article.removed_at_source,
    }


def copy_record(article: Article) -> dict:
    return {
        "id": article.pk,
        "link": article.get_absolute_url(),
        "source": source_ref(article.source),
        "published_at": article.published_at,
        "original": article.duplicate_of_id is None,
    }


def article_detail(article: Article, copies: list[Article]) -> dict:
    record = article_record(article)
    record.update(body=article.body, copies=[copy_record(copy) for copy in copies])
    return record


def story_record(story: Story) -> dict:
    return {
        "id": story.pk,
        "title": story.title,
        "first_published_at": story.first_published_at,
        "last_published_at": story.last_published_at,
        "article_count": story.article_count,
        "source_count": story.source_count,
        "first_article": story.first_article_id,
        "agency_credits": list(story.agency_credits or []),
    }


def source_record(source: Source, health: dict) -> dict:
    return {
        "slug": source.slug,
        "name_ar": source.name_ar,
        "name_fr": source.name_fr or None,
        "homepage": source.homepage,
        "country": source.country,
        "languages": list(source.languages or []),
        "kind": source.kind,
        "ownership": source.ownership,
        "active": source.active,
        "link": source.get_absolute_url(),
        "health": health,
    }


def category_record(category: Category) -> dict:
    return {
        "slug": category.slug,
        "name_ar": category.name_ar,
        "name_fr": category.name_fr,
        "name_en": category.name_en,
        "link": category.get_absolute_url(),
    }
