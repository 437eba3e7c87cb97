"""WSGI entry point for production servers (``akhbar.wsgi:application``).

Django's application behind ``akhbar.web.fastpath.CachedPages``, which serves the pages a
shared cache may keep without entering Django (docs/DEPLOY.md, "Serving"); the process's heap
is frozen once Django has served its first requests (``akhbar.web.heap``).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akhbar.settings")
django_application = get_wsgi_application()

from akhbar.web.fastpath import CachedPages  # noqa: E402 (Django is set up first)
from akhbar.web.heap import FrozenAfterWarmUp  # noqa: E402

application = CachedPages(FrozenAfterWarmUp(django_application))
