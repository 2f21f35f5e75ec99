from datetime import timedelta

import pytest

from applicants.models import Declaration
from juries import tasks
from juries.models import Candidate
from juries.selectors import declarations_ready_for_filing
from juries.services.publicity import decide_objection


def test_a_window_ending_with_no_open_objection_marks_declarations_ready(world):
    publicity = world.publicized()
    candidate = publicity.meeting.candidates.get()
    objection = world.objection(publicity, "存疑", filer_name="李")

    world.set_today(publicity.ends_on)
    assert tasks.close_ended_publicities.delay().get() == 0  # the window is still open
    world.set_today(publicity.ends_on + timedelta(days=1))
    assert tasks.close_ended_publicities.delay().get() == 0  # an objection is open
    candidate.refresh_from_db()
    assert candidate.ready_for_filing_at is None

    decide_objection(actor=world.office, objection=objection, upheld=False, finding="查无实据")

    candidate.refresh_from_db()
    publicity.refresh_from_db()
    assert candidate.ready_for_filing_at is not None and publicity.closed_at is not None
    assert candidate.declaration.status == Declaration.Status.IN_RESULT_PUBLICITY
    assert list(declarations_ready_for_filing()) == [candidate.declaration]


@pytest.mark.django_db(transaction=True)
def test_the_close_of_publicity_runs_through_a_real_worker(world, real_celery_worker):
    publicity = world.publicized()
    world.set_today(publicity.ends_on + timedelta(days=1))

    result = tasks.close_ended_publicities.delay()

    assert result.get(timeout=30) == 1
    candidate = Candidate.objects.get(meeting=publicity.meeting)
    assert candidate.ready_for_filing_at is not None
