"""WSGI entry point for production servers (``akhbar.wsgi:application``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akhbar.settings")
application = get_wsgi_application()
