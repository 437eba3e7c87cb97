"""Schemathesis against the OpenAPI schema, in-process: no 5xx, every answer as published.

Examples are few per operation (``max_examples``) so that the whole run stays well under a
minute on SQLite and on PostgreSQL.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from akhbar.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

pytestmark = pytest.mark.django_db
# What issue 11 asks: no 5xx and answers as published. (Lax parsing, such as "to=0" read as
# 1970-01-01, is accepted on purpose, so the negative-data check is not run.)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def filled(story, hidden_image, removed, held):
    """An archive with a story, a copy, a hidden image, a removed and a held article, served
    by the WSGI app without closing the test's connection (as Django's test client does)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_it_answers_every_request_as_its_schema_says(case, filled):
    # it should answer without a server error, in the published shape and content type
    case.call_and_validate(headers={"Host": "127.0.0.1"}, checks=CHECKS)
