from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from akhbar.scaleout.models import DeadLetter


class DeadFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("dead", _("dead")), ("failing", _("failing, still retried"))]

    def queryset(self, request, queryset):
        threshold = settings.AKHBAR_DEAD_LETTER_AFTER
        if self.value() == "dead":
            return queryset.filter(failures__gte=threshold)
        if self.value() == "failing":
            return queryset.filter(failures__lt=threshold)
        return queryset


@admin.register(DeadLetter)
class DeadLetterAdmin(admin.ModelAdmin):
    list_display = ["kind", "key", "source", "failures", "error_kind", "last_failed_at"]
    list_filter = [DeadFilter, "kind", "error_kind"]
    search_fields = ["key", "last_error"]
    readonly_fields = [f.name for f in DeadLetter._meta.fields]
    actions = ["retry"]

    @admin.action(description=_("Retry now (enqueue again)"))
    def retry(self, request, queryset):
        from akhbar.scaleout.deadletters import retry

        sent = sum(retry(letter) for letter in queryset)
        self.message_user(request, _("%(count)d task(s) enqueued.") % {"count": sent})

    def has_add_permission(self, request):
        return False
