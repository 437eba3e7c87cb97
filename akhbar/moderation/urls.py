from django.urls import path

from akhbar.moderation import views

app_name = "moderation"

urlpatterns = [
    path("image/<int:article_id>/", views.report_image_view, name="report_image"),
    path("article/<int:article_id>/", views.report_article_view, name="report_article"),
]
