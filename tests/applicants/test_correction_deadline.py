"""The one-time correction notice: every problem at once with a deadline; correcting in time
goes straight back to the office; missing the deadline makes the declaration deemed
withdrawn through the nightly Celery task, and the applicant is told."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts.language import remember_language
from applicants import services
from applicants.models import CorrectionNotice, Declaration
from applicants.tasks import deem_overdue_corrections_withdrawn
from audit.models import AuditRecord
from notifications.models import Notification
from tests.celery_worker import celery_worker

S = Declaration.Status
ITEMS = [
    {"section": "materials", "problem": "学历证书扫描件模糊"},
    {"section": "work_history", "problem": "2015—2018年工作经历缺少证明人"},
]


def _under_correction(world, applicant=None, deadline=None):
    declaration = world.advance(world.create(applicant=applicant), S.QUALIFICATION_CHECK)
    return services.request_correction(
        declaration,
        actor=world.office,
        items=ITEMS,
        deadline=deadline or date.today() + timedelta(days=7),
    )


def _let_deadline_pass(declaration):
    CorrectionNotice.objects.filter(declaration=declaration).update(
        deadline=date.today() - timedelta(days=1)
    )


def test_the_notice_lists_every_problem_and_a_deadline(world):
    declaration = _under_correction(world)
    notice = declaration.correction_notices.get()
    assert notice.items == ITEMS
    assert notice.deadline > date.today()
    assert declaration.status == S.CORRECTION_REQUESTED


def test_a_notice_without_problems_or_with_a_past_deadline_is_refused(world):
    declaration = world.advance(world.create(), S.QUALIFICATION_CHECK)
    with pytest.raises(ValidationError, match="every problem"):
        services.request_correction(declaration, actor=world.office, items=[])
    with pytest.raises(ValidationError, match="section"):
        services.request_correction(declaration, actor=world.office, items=[{"problem": "x"}])
    with pytest.raises(ValidationError, match="later date"):
        services.request_correction(
            declaration, actor=world.office, items=ITEMS, deadline=date.today()
        )
    declaration.refresh_from_db()
    assert declaration.status == S.QUALIFICATION_CHECK
    assert not declaration.correction_notices.exists()


def test_the_default_deadline_counts_working_days(world):
    from titles.working_days import deadline_after

    declaration = world.advance(world.create(), S.QUALIFICATION_CHECK)
    services.request_correction(declaration, actor=world.office, items=ITEMS)
    assert declaration.correction_notices.get().deadline == deadline_after(date.today(), 5)


def test_correction_is_requested_only_once(world):
    declaration = _under_correction(world)
    declaration = services.resubmit_declaration(declaration, actor=world.applicant, pledge=True)
    with pytest.raises(ValidationError, match="already requested once"):
        services.request_correction(declaration, actor=world.office, items=ITEMS)
    assert (
        services.reject_declaration(declaration, actor=world.office, reason="仍不符合条件").status
        == S.REJECTED
    )


def test_resubmitting_after_the_deadline_is_refused(world):
    declaration = _under_correction(world)
    _let_deadline_pass(declaration)
    with pytest.raises(ValidationError, match="has passed"):
        services.resubmit_declaration(declaration, actor=world.applicant, pledge=True)


def test_the_task_deems_overdue_declarations_withdrawn_and_tells_the_applicant(world):
    overdue = _under_correction(world)
    on_time = _under_correction(world, applicant=world.school_applicant)
    _let_deadline_pass(overdue)
    remember_language(world.applicant, "en")  # the messages they are sent are written in English

    assert deem_overdue_corrections_withdrawn.delay().get() == 1

    overdue.refresh_from_db()
    on_time.refresh_from_db()
    assert overdue.status == S.DEEMED_WITHDRAWN
    assert on_time.status == S.CORRECTION_REQUESTED
    record = AuditRecord.objects.get(declaration=overdue, action="deem_withdrawn")
    assert record.actor is None and record.role == "system"
    message = Notification.objects.filter(recipient=world.applicant).first()
    assert message.subject.endswith(str(S.DEEMED_WITHDRAWN.label))
    # Nothing left to do on a second run.
    assert deem_overdue_corrections_withdrawn.delay().get() == 0


@pytest.mark.django_db(transaction=True)
def test_the_task_runs_through_a_real_celery_worker(tasks_on_redis, demo):
    from .conftest import World

    world = World(demo)
    overdue = _under_correction(world)
    _let_deadline_pass(overdue)

    with celery_worker():
        assert deem_overdue_corrections_withdrawn.delay().get(timeout=60) == 1

    overdue.refresh_from_db()
    assert overdue.status == S.DEEMED_WITHDRAWN
    # The worker thread speaks the product's default language.
    with translation.override("zh-hans"):
        label = str(S.DEEMED_WITHDRAWN.label)
    assert Notification.objects.filter(recipient=world.applicant, subject__contains=label).exists()
