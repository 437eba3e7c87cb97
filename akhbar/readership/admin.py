from django.contrib import admin

from akhbar.readership.models import ArticleView


@admin.register(ArticleView)
class ArticleViewAdmin(admin.ModelAdmin):
    list_display = ("article", "day", "count")
    list_filter = ("day",)
    raw_id_fields = ("article",)
