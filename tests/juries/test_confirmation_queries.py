"""The chair confirms every candidate's result in a number of queries that does not grow with
the roster (the benchmark meeting has 500 candidates), and the declarations move in the
chair's name, each with its own counts as the reason."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from applicants.models import Declaration
from audit.models import AuditRecord
from juries.permissions import presiding_seat
from juries.services.review import cast_votes, close_ballot, confirm_result


def confirmed_with_queries(world, size) -> tuple[int, object, object]:
    """A meeting of `size` candidates where the first is voted down and the rest pass:
    the queries the chair's confirmation took, the meeting and its chair."""
    world.set_today(world.today)
    meeting, present = world.voting(declarations=[world.declaration() for _ in range(size)])
    candidates = list(meeting.candidates.order_by("pk"))
    for number, seat in enumerate(present):
        choices = {c.pk: "yes" for c in candidates}
        if number < 10:
            choices[candidates[0].pk] = "no"
        cast_votes(actor=seat.expert.user, meeting=meeting, choices=choices)
    close_ballot(actor=world.office, meeting=meeting)
    chair = presiding_seat(meeting).expert.user
    with CaptureQueriesContext(connection) as queries:
        confirm_result(actor=chair, meeting=meeting)
    return len(queries), meeting, chair


def test_confirming_30_results_takes_no_more_queries_than_3(world):
    few, _meeting, _chair = confirmed_with_queries(world, 3)
    many, meeting, chair = confirmed_with_queries(world, 30)

    assert many == few, f"{few} queries for 3 candidates, {many} for 30"
    # 47 today: the locks and checks, two moves of many declarations (each: the locks, the
    # chair's seat, one update, the audit records, the messages), the outcomes, the meeting's
    # own move and audit record, the minutes and the notice.
    assert many <= 50
    declarations = Declaration.objects.filter(jury_candidacies__meeting=meeting)
    assert declarations.filter(status=Declaration.Status.PASSED).count() == 29
    assert declarations.filter(status=Declaration.Status.FAILED).count() == 1


def test_each_result_is_recorded_in_the_chairs_name_with_its_counts(world):
    _count, meeting, chair = confirmed_with_queries(world, 3)

    failed, *passed = meeting.candidates.order_by("pk")
    records = AuditRecord.objects.filter(
        declaration__jury_candidacies__meeting=meeting, action__in=("pass", "fail")
    )
    assert records.count() == 3
    assert {record.actor_id for record in records} == {chair.pk}
    fail = records.get(declaration=failed.declaration)
    assert fail.action == "fail"
    assert "15 yes, 10 no, 0 abstain of 25 attending experts" in fail.reason
    # The record is in the chair's name (its actor); the reason, which the applicant reads in
    # their record and their message, names no expert.
    assert "confirmed by the chair of the jury" in fail.reason
    assert chair.real_name not in fail.reason
    for candidate in passed:
        assert "25 yes, 0 no" in records.get(declaration=candidate.declaration).reason
