"""The experts' commitment keeps the list of experts confidential: the applicant, their unit
and the public never read an expert's name, on any page, in the record of decisions, in a
message or an e-mail; the outcome is the jury's, confirmed by "the chair". The jury office
and the HR bureau read the names."""

import importlib

import pytest
from django.apps import apps
from django.core import mail
from django.utils import timezone, translation
from rest_framework.test import APIClient

from accounts.models import Role
from applicants.models import Declaration
from audit.services import append_audit_record
from juries.models import Expert, ReexaminationRequest
from juries.permissions import presiding_seat
from juries.services.publicity import answer_reexamination
from notifications.models import Notification
from notifications.tasks import email_notification
from tests.factories import AccountFactory
from tests.juries.conftest import JuryWorld


@pytest.fixture
def jury(demo, monkeypatch, settings):
    settings.LANGUAGE_CODE = "en"
    return JuryWorld(demo, monkeypatch)


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def distinctive_experts(jury):
    """Every expert of the library renamed to a name and username nothing else on a page can
    contain, so that finding one means an expert was named."""
    experts = list(Expert.objects.filter(jury=jury.jury).select_related("user"))
    for expert in experts:
        expert.user.real_name = f"评审专家{expert.user.pk}号"
        expert.user.username = f"sealed-reviewer-{expert.user.pk}"
        expert.user.save(update_fields=["real_name", "username"])
    return [(e.user.real_name, e.user.username) for e in experts]


def reviewed_declaration(jury):
    """A declaration that went through a meeting: drawn, scored, voted, confirmed by the
    chair, publicized, with a re-examination asked and answered."""
    declaration = jury.declaration()
    now = timezone.now()
    # Test setup: the stages before the jury happened (they are tested elsewhere).
    type(declaration).objects.filter(pk=declaration.pk).update(
        submitted_at=now, recommended_at=now, forwarded_to_office_at=now
    )
    publicity = jury.publicized(declarations=[declaration])
    candidate = publicity.meeting.candidates.get()
    # A pass is not re-examined (juries/services/publicity.py): the request, as it stood
    # when passes could be, only to see its answer's names.
    request = ReexaminationRequest.objects.create(
        candidate=candidate, requested_by=declaration.applicant, reason="请复查评分。"
    )
    answer_reexamination(actor=jury.office, request=request, answer="经复查，结果维持。")
    declaration.refresh_from_db()
    return declaration, publicity, candidate


def texts_seen(client, urls) -> dict[str, str]:
    seen = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        seen[url] = response.content.decode()
    return seen


def leaks(texts: dict[str, str], names) -> list[tuple[str, str]]:
    return [
        (where, name)
        for where, text in texts.items()
        for pair in names
        for name in pair
        if name in text
    ]


def test_no_expert_is_named_to_the_applicant_their_unit_or_the_public(jury, client):
    names = distinctive_experts(jury)
    declaration, publicity, candidate = reviewed_declaration(jury)
    applicant = declaration.applicant
    unit_hr = AccountFactory(
        organization=jury.unit, role=Role.EMPLOYER_HR, username="unit-hr-1", real_name="人事专员"
    )
    pk = declaration.pk

    client.force_login(applicant)
    seen = texts_seen(
        client,
        ["/", "/declarations/", f"/declarations/{pk}/", "/juries/results/"],
    )
    seen |= texts_seen(
        api(applicant),
        [
            "/api/v1/declarations/",
            f"/api/v1/declarations/{pk}/",
            f"/api/v1/declarations/{pk}/audit-trail/",
            "/api/v1/review-results/",
            f"/api/v1/review-results/{candidate.pk}/",
        ],
    )
    messages = Notification.objects.filter(recipient=applicant)
    with translation.override(applicant.preferred_language):  # their messages' language
        passed = str(Declaration.Status.PASSED.label)
    assert messages.filter(subject__contains=passed).exists()
    for message in messages:
        email_notification(message.pk)
    assert mail.outbox
    seen |= {f"e-mail {n}": f"{m.subject}\n{m.body}" for n, m in enumerate(mail.outbox)}
    seen |= {f"message {m.pk}": f"{m.subject}\n{m.body}" for m in messages}

    client.force_login(unit_hr)
    seen |= {f"unit: {k}": v for k, v in texts_seen(client, ["/", f"/declarations/{pk}/"]).items()}
    seen |= {
        f"unit: {k}": v
        for k, v in texts_seen(
            api(unit_hr),
            [f"/api/v1/declarations/{pk}/", f"/api/v1/declarations/{pk}/audit-trail/"],
        ).items()
    }
    client.logout()
    seen |= texts_seen(client, ["/juries/publicity/", f"/juries/publicity/{publicity.public_id}/"])

    assert leaks(seen, names) == []
    # The outcome is attributed, not hidden.
    assert "the chair" in seen[f"/declarations/{pk}/"]
    trail = api(applicant).get(f"/api/v1/declarations/{pk}/audit-trail/").json()
    passed = next(row for row in trail if row["action"] == "pass")
    assert (passed["actor"], passed["attributed_to"]) == (None, "the chair")
    assert "confirmed by the chair of the jury" in passed["reason"]


def test_the_office_and_the_bureau_read_the_chairs_name(jury, client):
    distinctive_experts(jury)
    declaration, publicity, _candidate = reviewed_declaration(jury)
    chair = presiding_seat(publicity.meeting).expert.user

    for reader in (jury.office, jury.bureau):
        client.force_login(reader)
        assert chair.real_name in client.get(f"/declarations/{declaration.pk}/").content.decode()
        trail = api(reader).get(f"/api/v1/declarations/{declaration.pk}/audit-trail/").json()
        passed = next(row for row in trail if row["action"] == "pass")
        assert passed["actor"] == {"id": chair.pk, "real_name": chair.real_name}
        assert passed["attributed_to"] == chair.real_name


def test_records_and_messages_written_when_the_reason_named_the_chair(jury, client):
    """Before reasons stopped naming the chair, the pass or fail said "confirmed by the chair
    <name>", and the applicant's message quoted it. The record cannot change (the chain's
    hashes cover it): the applicant reads it without the name. The stored messages lose the
    name in the migration."""
    names = distinctive_experts(jury)
    declaration, publicity, _candidate = reviewed_declaration(jury)
    chair = presiding_seat(publicity.meeting).expert.user
    old_reason = (
        f"Secret ballot: 25 yes of 25 attending experts; confirmed by the chair {chair.real_name}."
    )
    append_audit_record(
        action="pass",
        actor=chair,
        role=Role.EXPERT,
        organization=jury.jury.office,
        declaration=declaration,
        from_state=declaration.status,
        to_state=declaration.status,
        reason=old_reason,
    )
    message = Notification.objects.create(
        recipient=declaration.applicant,
        subject="Declaration: Passed",
        body=f"Now: Passed.\nReason: {old_reason}",
        url=f"/declarations/{declaration.pk}/",
    )

    client.force_login(declaration.applicant)
    page = client.get(f"/declarations/{declaration.pk}/").content.decode()
    trail = api(declaration.applicant).get(f"/api/v1/declarations/{declaration.pk}/audit-trail/")
    assert "confirmed by the chair." in page
    assert leaks({"page": page, "trail": trail.content.decode()}, names) == [
        ("page", chair.real_name)  # the stored message, until the migration runs
    ]
    client.force_login(jury.office)
    assert old_reason in client.get(f"/declarations/{declaration.pk}/").content.decode()

    migration = importlib.import_module("juries.migrations.0005_conceal_chair_in_messages")
    migration.conceal_chair_in_messages(apps, None)

    message.refresh_from_db()
    assert message.body == (
        "Now: Passed.\nReason: Secret ballot: 25 yes of 25 attending experts; "
        "confirmed by the chair."
    )
    client.force_login(declaration.applicant)
    page = client.get(f"/declarations/{declaration.pk}/").content.decode()
    assert leaks({"page": page}, names) == []
