"""The shapes of the API's answers, as the OpenAPI schema publishes them."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema


class ErrorDetail(Schema):
    code: str
    message: str


class ErrorOut(Schema):
    error: ErrorDetail


class SourceRef(Schema):
    slug: str
    name: str


class ArticleOut(Schema):
    """An article in a list: everything but the body."""

    id: int
    url: str  # the page at its source
    link: str  # its page on this site
    source: SourceRef
    title: str
    lede: str | None
    author: str | None
    published_at: datetime | None
    fetched_at: datetime
    edited_at_source: datetime | None
    language: str | None
    category: str | None
    image: str | None
    image_hidden: bool
    story: int | None
    duplicate_of: int | None
    removed: bool
    removed_at_source: datetime | None


class CopyOut(Schema):
    id: int
    link: str
    source: SourceRef
    published_at: datetime | None
    original: bool  # the first to publish, of which the others are copies


class ArticleDetailOut(ArticleOut):
    body: str
    copies: list[CopyOut]  # the other articles of its wire group


class ArticlePage(Schema):
    items: list[ArticleOut]
    next: str | None  # URL of the next page, None on the last


class StoryOut(Schema):
    id: int
    title: str
    first_published_at: datetime | None
    last_published_at: datetime | None
    article_count: int
    source_count: int
    first_article: int | None
    agency_credits: list[str]


class StoryDetailOut(StoryOut):
    articles: list[ArticleOut]  # in publication order


class StoryPage(Schema):
    items: list[StoryOut]
    next: str | None


class HealthOut(Schema):
    last_success_at: datetime | None
    consecutive_errors: int
    last_error_kind: str | None
    broken_since: datetime | None
    articles_24h: int
    articles_7d: int


class SourceOut(Schema):
    slug: str
    name_ar: str
    name_fr: str | None
    homepage: str
    country: str
    languages: list[str]
    kind: str
    ownership: str
    active: bool
    link: str
    health: HealthOut


class CategoryOut(Schema):
    slug: str
    name_ar: str
    name_fr: str
    name_en: str
    link: str


class SearchResultOut(Schema):
    article: ArticleOut
    score: float
    snippet: str  # HTML: the text escaped, the matched words in <mark>
    other_outlets: int
    partial: bool = Field(
        description="true when the article holds only some of the query's words: such "
        "results come after every article holding all of them, when those ran short"
    )


class SearchPageOut(Schema):
    query: str
    total: int = Field(
        description="articles holding every word (wire copies folded), approximate when "
        "estimated is true"
    )
    estimated: bool = Field(
        description="true when total and facets were counted on the newest matches and "
        "extrapolated to the whole archive (show them as approximate: ≈)"
    )
    items: list[SearchResultOut]
    facets: dict[str, list[tuple[str, int]]]
    next: str | None
