"""Models of the news archive, one module per noun."""

from akhbar.news.models.article import Article, ArticleRevision, ImageState
from akhbar.news.models.category import Category
from akhbar.news.models.feed import ErrorKind, Feed, FeedKind
from akhbar.news.models.fingerprint import BandKey, StoryKey, StoryMerge, StoryTerm
from akhbar.news.models.source import Ownership, Source, SourceKind
from akhbar.news.models.story import Story

__all__ = [
    "Article",
    "ArticleRevision",
    "BandKey",
    "Category",
    "ErrorKind",
    "Feed",
    "FeedKind",
    "ImageState",
    "Ownership",
    "Source",
    "SourceKind",
    "Story",
    "StoryKey",
    "StoryMerge",
    "StoryTerm",
]
