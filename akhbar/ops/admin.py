"""The operator's alert dashboard: Operations › Alerts in the admin (staff only)."""

from django.contrib import admin
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from akhbar.ops.models import Alert


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", _("open")), ("resolved", _("resolved"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(resolved_at__isnull=True)
        if self.value() == "resolved":
            return queryset.filter(resolved_at__isnull=False)
        return queryset


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    """Open alerts first, then the recent ones; written by the crawler only."""

    list_display = ["source", "problem", "since", "opened_at", "open", "resolved_at", "notified_at"]
    list_filter = [StateFilter, "problem", "source"]
    search_fields = ["source__slug", "source__name_ar", "source__name_fr", "detail"]
    readonly_fields = [f.name for f in Alert._meta.fields]
    list_select_related = ["source"]
    date_hierarchy = "opened_at"

    def get_ordering(self, request):
        return [F("resolved_at").desc(nulls_first=True), "-opened_at"]

    @admin.display(boolean=True, description=_("open"))
    def open(self, alert: Alert) -> bool:
        return alert.is_open

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
