"""Errors as JSON with a stable code: ``{"error": {"code": ..., "message": ...}}``.

The codes are part of the API (docs/API.md): clients branch on them, never on the message.
"""

from django.http import JsonResponse

BAD_REQUEST = "bad_request"
NOT_FOUND = "not_found"
METHOD_NOT_ALLOWED = "method_not_allowed"
RATE_LIMITED = "rate_limited"
INTERNAL_ERROR = "internal_error"
UTF8 = {"ensure_ascii": False}


def error_body(code: str, message: str) -> dict:
    return {"error": {"code": code, "message": message}}


def error_response(status: int, code: str, message: str, headers: dict | None = None):
    body = error_body(code, message)
    return JsonResponse(body, status=status, headers=headers, json_dumps_params=UTF8)
