"""Admin pages for the archive; labels come from the models' translated names."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from akhbar.news.models import Article, ArticleRevision, Category, Feed, Source, Story


class FeedInline(admin.TabularInline):
    model = Feed
    extra = 0
    fields = ["url", "kind", "active", "next_check_at", "consecutive_errors", "last_error_kind"]
    readonly_fields = ["next_check_at", "consecutive_errors", "last_error_kind"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_ar", "name_fr", "kind", "ownership", "country", "active"]
    list_filter = ["kind", "ownership", "country", "active"]
    search_fields = ["slug", "name_ar", "name_fr", "homepage"]
    inlines = [FeedInline]


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = [
        "url",
        "source",
        "kind",
        "active",
        "next_check_at",
        "last_success_at",
        "consecutive_errors",
        "last_error_kind",
        "broken",
    ]
    list_filter = ["kind", "active", "last_error_kind", "source"]
    search_fields = ["url", "source__slug", "source__name_ar"]
    readonly_fields = ["etag", "last_modified", "last_checked_at", "last_success_at", "error_count"]

    @admin.display(boolean=True, description=_("broken"))
    def broken(self, feed: Feed) -> bool:
        return feed.is_broken


class RevisionInline(admin.StackedInline):
    model = ArticleRevision
    extra = 0
    readonly_fields = ["title", "lede", "body", "content_hash", "seen_from", "replaced_at"]


class HeldFilter(admin.SimpleListFilter):
    """The operator's list of pages the quality gate kept off the site, with the reason."""

    title = _("held back")
    parameter_name = "held"

    def lookups(self, request, model_admin):
        return [("yes", _("Held back from the site")), ("no", _("Shown on the site"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(held_reason="")
        if self.value() == "no":
            return queryset.filter(held_reason="")
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "source",
        "published_at",
        "language",
        "category",
        "image_state",
        "held_reason",
    ]
    list_filter = [HeldFilter, "language", "category", "image_state", "source"]
    search_fields = ["title", "url", "author"]
    date_hierarchy = "published_at"
    raw_id_fields = ["story", "duplicate_of"]
    readonly_fields = ["fetched_at", "body_hash", "content_hash"]
    exclude = ["minhash"]
    inlines = [RevisionInline]
    list_select_related = ["source", "category"]


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["title", "first_published_at", "article_count", "source_count"]
    search_fields = ["title"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_ar", "name_fr", "name_en", "position"]
