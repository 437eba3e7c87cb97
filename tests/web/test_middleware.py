"""Django's messages are the admin's: reader's pages go without them, the admin keeps them."""

import pytest
from django.contrib.messages import get_messages
from django.core import checks
from django.test import RequestFactory

from akhbar.web.middleware import AdminMessageMiddleware

pytestmark = pytest.mark.django_db


def _through_middleware(path: str):
    request = RequestFactory().get(path)
    request.session = {}  # what SessionMiddleware, before it, gives every request
    AdminMessageMiddleware(lambda request: None).process_request(request)
    return request


def test_it_builds_no_message_storage_for_a_readers_page():
    # it should leave the reader's request without storages (the context processor then
    # gives an empty list)
    request = _through_middleware("/")
    assert not hasattr(request, "_messages") and list(get_messages(request)) == []


def test_it_keeps_the_admins_messages():
    request = _through_middleware("/admin/news/source/")
    # it should give the admin Django's storage
    assert hasattr(request, "_messages")


def test_it_passes_the_admins_check_of_the_middleware():
    # it should count as Django's MessageMiddleware for the admin (admin.E409)
    errors = [error for error in checks.run_checks() if error.id == "admin.E409"]
    assert errors == []
