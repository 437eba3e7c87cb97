"""Readers report images; several distinct readers hide one, everywhere, exactly once."""

from datetime import UTC, datetime

import pytest
from django.core.cache import cache

from akhbar.moderation.identity import Reporter, client_ip, network_of
from akhbar.moderation.models import AuditEntry, Decision, ImageReport, ImageStatus
from akhbar.moderation.service import (
    Thresholds,
    ban_host,
    decide,
    initial_image_state,
    report_image,
)
from akhbar.news.models import Article

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
THRESHOLDS = Thresholds(hide_after=3, hide_again_after=6)


def reader(number: int, network: str | None = None) -> Reporter:
    """A distinct reader, each on its own network unless told."""
    return Reporter(
        key=f"reader-{number}",
        network=network or f"net-{number}",
        cookie_id=str(number),
        new_cookie=False,
    )


def state_of(article: Article) -> str:
    article.refresh_from_db()
    return article.image_state


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def test_it_hides_an_image_after_three_distinct_readers(dispatch):
    outcomes = [report_image(dispatch, reader(n), "shocking", NOW, THRESHOLDS) for n in range(3)]
    # it should count each reader and hide on the third report only
    assert [o.hidden_now for o in outcomes] == [False, False, True]
    assert state_of(dispatch) == "hidden"
    # it should log the automatic decision once
    assert AuditEntry.objects.filter(decision=Decision.AUTO_HIDE).count() == 1


def test_it_counts_one_readers_repeated_reports_once(dispatch):
    outcomes = [report_image(dispatch, reader(1), "", NOW, THRESHOLDS) for _ in range(200)]
    # it should store one report and keep the image shown
    assert sum(o.counted for o in outcomes) == 1
    assert ImageReport.objects.count() == 1
    assert state_of(dispatch) == "shown"


def test_it_weighs_down_many_reports_from_one_network(dispatch):
    for n in range(6):
        report_image(dispatch, reader(n, network="one-office"), "", NOW, THRESHOLDS)
    status = ImageStatus.objects.get()
    # it should count 1 + 1/2 + 1/4 ... < 2 for one network, not 6
    assert status.report_count == 6 and status.score < 2
    assert state_of(dispatch) == "shown"


def test_it_hides_the_image_in_every_wire_copy(dispatch, wire_copy):
    wire_copy.image_url = dispatch.image_url
    wire_copy.save()
    for n in range(3):
        report_image(dispatch, reader(n), "", NOW, THRESHOLDS)
    # it should hide the shared image in the copy too
    assert state_of(wire_copy) == "hidden"
    # it should start a later article with the same image hidden
    assert initial_image_state(dispatch.image_url) == "hidden"


def test_it_keeps_storing_reports_after_the_image_is_hidden(dispatch):
    for n in range(5):
        report_image(dispatch, reader(n), "", NOW, THRESHOLDS)
    # it should keep exact counts and still one hide event
    assert ImageStatus.objects.get().report_count == 5
    assert AuditEntry.objects.filter(decision=Decision.AUTO_HIDE).count() == 1


def test_it_does_not_rehide_a_restored_image_with_the_same_readers(dispatch, admin_user):
    for n in range(3):
        report_image(dispatch, reader(n), "", NOW, THRESHOLDS)
    decide(ImageStatus.objects.get(), Decision.RESTORE, admin_user, "photo is fine", NOW)
    # it should show the image again
    assert state_of(dispatch) == "shown"
    for n in range(3):
        report_image(dispatch, reader(n), "", NOW, THRESHOLDS)
    # it should not let the same readers hide it again
    assert state_of(dispatch) == "shown"
    for n in range(3, 8):
        report_image(dispatch, reader(n), "", NOW, THRESHOLDS)
    # it should need the higher threshold from new readers
    assert state_of(dispatch) == "shown"
    report_image(dispatch, reader(8), "", NOW, THRESHOLDS)
    assert state_of(dispatch) == "hidden"


def test_it_logs_every_moderator_decision(dispatch, admin_user):
    report_image(dispatch, reader(1), "unrelated", NOW, THRESHOLDS)
    status = ImageStatus.objects.get()
    decide(status, Decision.CONFIRM, admin_user, "violent", NOW)
    entry = AuditEntry.objects.get(decision=Decision.CONFIRM)
    # it should say who, what and why
    assert (entry.moderator, entry.subject, entry.reason) == (
        admin_user,
        dispatch.image_url,
        "violent",
    )
    # it should hide the image as confirmed
    assert state_of(dispatch) == "confirmed"


def test_it_bans_a_whole_image_host_for_old_and_new_articles(dispatch, admin_user):
    ban_host("wakala.test", admin_user, "spam host")
    # it should ban the existing article's image and any future one from that host
    assert state_of(dispatch) == "banned"
    assert initial_image_state("https://wakala.test/images/9.jpg") == "banned"
    assert initial_image_state("https://other.test/images/9.jpg") == "shown"


def test_it_finds_the_client_behind_a_trusted_proxy_only():
    # it should read X-Forwarded-For only from a trusted proxy
    assert client_ip("127.0.0.1", "198.51.100.7", ["127.0.0.1"]) == "198.51.100.7"
    assert client_ip("203.0.113.9", "198.51.100.7", ["127.0.0.1"]) == "203.0.113.9"


def test_it_groups_addresses_by_network():
    # it should put neighbours of one /24 (or IPv6 /48) in one network
    assert network_of("198.51.100.7") == network_of("198.51.100.200") == "198.51.100.0/24"
    assert network_of("2001:db8:1:2::1") == "2001:db8:1::/48"
