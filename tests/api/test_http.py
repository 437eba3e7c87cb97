"""What every /api/ request goes through: ETag/304, CORS, rate limits, errors as JSON."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_answers_304_when_the_etag_still_matches(client, dispatch):
    first = client.get("/api/v1/articles")
    etag = first["ETag"]
    again = client.get("/api/v1/articles", HTTP_IF_NONE_MATCH=etag)
    # it should answer 304 with no body
    assert again.status_code == 304 and again.content == b""
    dispatch.title = "عنوان جديد"
    dispatch.save()
    changed = client.get("/api/v1/articles", HTTP_IF_NONE_MATCH=etag)
    # it should answer 200 with a new ETag once the archive changed
    assert changed.status_code == 200 and changed["ETag"] != etag


@pytest.mark.parametrize(
    "url", ["/api/v1/articles", "/api/v1/openapi.json", "/api/v1/categories", "/api/fever/?api"]
)
def test_it_gives_an_etag_to_every_get(client, url):
    # it should send an ETag
    assert client.get(url).has_header("ETag")


def test_it_lets_any_origin_read(client):
    response = client.get("/api/v1/categories", HTTP_ORIGIN="https://example.org")
    # it should allow every origin, without credentials
    assert response["Access-Control-Allow-Origin"] == "*"
    assert not response.has_header("Access-Control-Allow-Credentials")


def test_it_answers_a_cors_preflight(client):
    response = client.options(
        "/api/v1/articles",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    # it should allow reading methods only
    assert response.status_code == 204
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_it_answers_head_like_get_without_a_body(client, dispatch):
    response = client.head("/api/v1/articles")
    # it should give the headers of a GET and no body
    assert response.status_code == 200 and response.content == b""
    assert response.has_header("ETag")


def test_it_refuses_writes_with_a_json_error(client):
    response = client.post("/api/v1/articles", {})
    # it should answer 405 method_not_allowed
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_it_answers_unknown_api_paths_with_a_json_404(client):
    response = client.get("/api/v1/nothing-here")
    # it should answer 404 not_found as JSON, not the site's HTML page
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_it_rate_limits_each_client_with_retry_after(client, settings):
    settings.AKHBAR_API_RATE_LIMIT = 3
    answers = [client.get("/api/v1/categories").status_code for _ in range(4)]
    # it should serve the first three and refuse the fourth
    assert answers == [200, 200, 200, 429]
    refused = client.get("/api/v1/categories")
    # it should say when to come back, as a JSON error with the stable code
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["error"]["code"] == "rate_limited"
    # it should count each client on its own
    other = client.get("/api/v1/categories", REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 200


def test_it_refuses_nul_bytes_in_parameters(client):
    response = client.get("/api/v1/articles", {"source": "a\x00b"})
    # it should answer 400 instead of passing them to the database
    assert response.status_code == 400
