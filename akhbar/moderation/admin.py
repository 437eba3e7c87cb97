"""The moderators' review queue (Django admin, staff accounts) and the audit log."""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from akhbar.moderation.models import (
    ArticleReport,
    AuditEntry,
    BannedImageHost,
    Decision,
    ImageReport,
    ImageStatus,
)
from akhbar.moderation.service import ban_host, decide, image_host
from akhbar.news.models import Article


class ImageReportInline(admin.TabularInline):
    model = ImageReport
    extra = 0
    fields = ["created_at", "reason", "article", "weight"]
    readonly_fields = fields
    can_delete = False


@admin.register(ImageStatus)
class ImageStatusAdmin(admin.ModelAdmin):
    """The review queue: most reported first, with the image, its articles and the reasons."""

    list_display = ["preview", "state", "report_count", "score", "reasons", "updated_at"]
    list_filter = ["state"]
    search_fields = ["image_url"]
    readonly_fields = [
        "image_url",
        "preview",
        "articles",
        "state",
        "score",
        "report_count",
        "hidden_at",
        "restored_at",
    ]
    fields = [*readonly_fields, "moderator_note"]
    inlines = [ImageReportInline]
    actions = ["confirm", "restore", "ban_url", "ban_image_host"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(reports_total=Count("reports"))

    @admin.display(description=_("image"))
    def preview(self, status):
        return format_html(
            '<img src="{}" alt="" style="max-height:80px;max-width:140px">', status.image_url
        )

    @admin.display(description=_("reasons"))
    def reasons(self, status):
        counts = status.reports.values("reason").annotate(n=Count("id")).order_by("-n")
        return ", ".join(f"{row['reason'] or '-'}: {row['n']}" for row in counts)

    @admin.display(description=_("articles"))
    def articles(self, status):
        rows = Article.objects.filter(image_url=status.image_url).select_related("source")[:50]
        return format_html_join(
            "",
            '<div><a href="{}">{}</a> ({})</div>',
            ((a.get_absolute_url(), a.title, a.source) for a in rows),
        )

    def _decide(self, request, queryset, decision, done):
        for status in queryset:
            decide(status, decision, request.user, status.moderator_note, timezone.now())
        self.message_user(request, done, messages.SUCCESS)

    @admin.action(description=_("Confirm: keep hidden"))
    def confirm(self, request, queryset):
        self._decide(request, queryset, Decision.CONFIRM, _("Confirmed."))

    @admin.action(description=_("Restore: show again"))
    def restore(self, request, queryset):
        self._decide(request, queryset, Decision.RESTORE, _("Restored."))

    @admin.action(description=_("Ban this image URL"))
    def ban_url(self, request, queryset):
        self._decide(request, queryset, Decision.BAN_URL, _("Banned."))

    @admin.action(description=_("Ban every image of this host"))
    def ban_image_host(self, request, queryset):
        for status in queryset:
            ban_host(image_host(status.image_url), request.user, status.moderator_note)
        self.message_user(request, _("Hosts banned."), messages.SUCCESS)


@admin.register(ArticleReport)
class ArticleReportAdmin(admin.ModelAdmin):
    list_display = ["article", "reason", "comment", "created_at", "resolved"]
    list_filter = ["resolved", "reason"]
    readonly_fields = ["article", "reason", "comment", "created_at", "reporter"]
    actions = ["resolve"]

    @admin.action(description=_("Mark as resolved"))
    def resolve(self, request, queryset):
        for report in queryset.filter(resolved=False):
            report.resolved = True
            report.save(update_fields=["resolved"])
            AuditEntry.objects.create(
                moderator=request.user,
                decision=Decision.RESOLVE,
                subject=str(report.article.get_absolute_url()),
                reason=report.get_reason_display(),
            )


@admin.register(BannedImageHost)
class BannedImageHostAdmin(admin.ModelAdmin):
    list_display = ["host", "created_at"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "decision", "subject", "moderator", "reason"]
    list_filter = ["decision"]
    search_fields = ["subject", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
