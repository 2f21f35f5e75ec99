"""A missed correction deadline, by hand: once the deadline has passed, the jury office's page
offers "Deem withdrawn" (the move the nightly task makes), which ends the declaration at once
and tells the applicant. Before the deadline it is neither offered nor accepted; whichever of
the office and the task comes first moves it, and the other changes nothing."""

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.language import remember_language
from applicants import services
from applicants.models import CorrectionNotice, Declaration
from audit.models import AuditRecord
from notifications.models import Notification

S = Declaration.Status
ITEMS = [{"section": "materials", "problem": "学历证书扫描件模糊"}]


@pytest.fixture(autouse=True)
def _product_in_english(settings):
    settings.LANGUAGE_CODE = "en"


def offered(client, declaration) -> list[str]:
    html = client.get(f"/declarations/{declaration.pk}/").content.decode()
    return re.findall(r'id="action-([a-z_]+)"', html)


def under_correction(world, deadline, applicant=None):
    declaration = world.advance(world.create(applicant=applicant), S.QUALIFICATION_CHECK)
    declaration = services.request_correction(
        declaration, actor=world.office, items=ITEMS, deadline=date.today() + timedelta(days=3)
    )
    CorrectionNotice.objects.filter(declaration=declaration).update(deadline=deadline)
    return declaration


def records(declaration):
    return AuditRecord.objects.filter(declaration=declaration).count()


def test_before_the_deadline_it_is_neither_offered_nor_accepted(world, client):
    declaration = under_correction(world, deadline=date.today())  # the last day to resubmit
    client.force_login(world.office)
    assert "deem_withdrawn" not in offered(client, declaration)
    before = records(declaration)

    response = client.post(f"/declarations/{declaration.pk}/act/deem_withdrawn/")

    assert "The correction deadline has not passed yet." in response.content.decode()
    declaration.refresh_from_db()
    assert declaration.status == S.CORRECTION_REQUESTED and records(declaration) == before


def test_after_the_deadline_the_office_ends_it_and_the_applicant_is_told(world, client):
    declaration = under_correction(world, deadline=date.today() - timedelta(days=1))
    remember_language(declaration.applicant, "en")  # the messages they are sent are in English
    client.force_login(world.office)
    assert "deem_withdrawn" in offered(client, declaration)

    response = client.post(f"/declarations/{declaration.pk}/act/deem_withdrawn/", follow=True)

    assert "The declaration was deemed withdrawn." in response.content.decode()
    declaration.refresh_from_db()
    assert declaration.status == S.DEEMED_WITHDRAWN
    record = AuditRecord.objects.filter(declaration=declaration).latest("pk")
    assert record.actor == world.office and record.to_state == S.DEEMED_WITHDRAWN
    assert record.reason == "Correction deadline missed"
    assert Notification.objects.filter(
        recipient=declaration.applicant, subject__icontains="withdrawn"
    ).exists()
    assert "deem_withdrawn" not in offered(client, declaration)


def test_only_the_office_may_do_it_by_hand(world):
    declaration = under_correction(world, deadline=date.today() - timedelta(days=1))
    for person in (world.applicant, world.employer):
        with pytest.raises(PermissionDenied):
            services.deem_declaration_withdrawn(declaration, actor=person)
    declaration.refresh_from_db()
    assert declaration.status == S.CORRECTION_REQUESTED


def test_the_office_and_the_nightly_task_move_it_once(world):
    by_hand = under_correction(world, deadline=date.today() - timedelta(days=1))
    services.deem_declaration_withdrawn(by_hand, actor=world.office)
    after_hand = records(by_hand)
    assert services.deem_overdue_corrections_withdrawn() == 0
    assert records(by_hand) == after_hand

    by_task = under_correction(
        world, deadline=date.today() - timedelta(days=1), applicant=world.new_applicant("late", 2)
    )
    assert services.deem_overdue_corrections_withdrawn() == 1
    after_task = records(by_task)
    with pytest.raises(ValidationError):
        services.deem_declaration_withdrawn(by_task, actor=world.office)
    by_task.refresh_from_db()
    assert by_task.status == S.DEEMED_WITHDRAWN and records(by_task) == after_task
