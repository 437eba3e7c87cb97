"""Moderators work the review queue in the admin; every decision lands in the audit log."""

from datetime import UTC, datetime

import pytest

from akhbar.moderation.identity import Reporter
from akhbar.moderation.models import AuditEntry, ImageStatus
from akhbar.moderation.service import Thresholds, report_image

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def reported(dispatch) -> ImageStatus:
    for number in range(3):
        reader = Reporter(f"reader-{number}", f"net-{number}", str(number), False)
        report_image(dispatch, reader, "shocking", NOW, Thresholds())
    return ImageStatus.objects.get()


def act(admin_client, status: ImageStatus, action: str):
    return admin_client.post(
        "/admin/moderation/imagestatus/",
        {"action": action, "_selected_action": [status.pk]},
        follow=True,
    )


def test_it_lists_reported_images_with_their_reasons(admin_client, reported):
    html = admin_client.get("/admin/moderation/imagestatus/").content.decode()
    # it should show the image and the reasons readers gave
    assert reported.image_url in html and "shocking: 3" in html


@pytest.mark.parametrize(
    ("action", "state", "article_state"),
    [
        ("confirm", "confirmed", "confirmed"),
        ("restore", "restored", "shown"),
        ("ban_url", "banned", "banned"),
    ],
)
def test_it_applies_a_moderators_decision_everywhere(
    admin_client, reported, dispatch, action, state, article_state
):
    act(admin_client, reported, action)
    reported.refresh_from_db()
    dispatch.refresh_from_db()
    # it should change the image and every article showing it
    assert (reported.state, dispatch.image_state) == (state, article_state)
    # it should log who decided
    assert AuditEntry.objects.filter(moderator__username="admin").count() == 1


def test_it_bans_a_whole_image_host_from_the_queue(admin_client, reported, dispatch):
    act(admin_client, reported, "ban_image_host")
    dispatch.refresh_from_db()
    # it should ban the host and say so in the audit log
    assert dispatch.image_state == "banned"
    assert AuditEntry.objects.get(moderator__username="admin").subject == "wakala.test"


def test_it_lists_held_articles_for_the_operator(admin_client, dispatch):
    dispatch.held_reason = "garbled: mojibake"
    dispatch.save()
    html = admin_client.get("/admin/news/article/?held=yes").content.decode()
    # it should list the held article with its reason
    assert dispatch.title in html and "garbled: mojibake" in html
