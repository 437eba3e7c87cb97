"""URL map: the admin, then the reader's site (which owns ``/<source>/<id>/``)."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("report/", include("akhbar.moderation.urls")),
    path("api/", include("akhbar.api.urls")),  # /api/v1/ and /api/fever/
    path("", include("akhbar.ops.urls")),
    path("", include("akhbar.web.urls")),
]

handler404 = "akhbar.web.views.page_not_found"
handler500 = "akhbar.web.views.server_error"
