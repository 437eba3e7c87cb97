"""Security headers for the reader's site, and the CSRF token its forms fetch.

The reader's pages are the same for every reader, so that a front proxy may share them:
they carry no CSRF token. A form that posts (a report, the language) gets its token from
``/csrf/`` when JavaScript runs, or leads to a small page of its own holding one.
"""

from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# Scripts only from our own origin (no inline scripts anywhere in our
# templates); images may come from the outlets, over https or http.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' https: http: data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)


class ContentSecurityPolicyMiddleware:
    """Send the CSP on every page except the admin, which has its own needs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/admin/"):
            response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


@never_cache
@require_GET
def csrf_token(request):
    """``/csrf/``: this reader's CSRF token (and its cookie), for report.js to send in
    ``X-CSRFToken``. Other origins cannot read the answer (no CORS here)."""
    return JsonResponse({"token": get_token(request)})
