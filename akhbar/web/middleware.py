"""Middleware that the admin needs and the reader's pages do not."""

from django.contrib.messages.middleware import MessageMiddleware

# akhbar/urls.py mounts the admin here
ADMIN_PREFIX = "/admin/"


class AdminMessageMiddleware(MessageMiddleware):
    """Django's messages, for the admin only: no reader's page adds or shows a message, and
    Django's middleware builds its storages (a cookie's and the session's) on every request.
    A subclass, so that the admin's check of ``MIDDLEWARE`` (admin.E409) still finds it."""

    def process_request(self, request):
        if request.path_info.startswith(ADMIN_PREFIX):
            super().process_request(request)
