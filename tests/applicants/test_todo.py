"""Home-page to-dos about declarations, per role."""

from datetime import date, timedelta

from django.utils import timezone

from applicants import services
from applicants.models import Declaration
from applicants.todo import applicant_todo, unit_todo
from core.todo import todo_items

S = Declaration.Status


def items(user):
    return [i for i in todo_items(user.memberships.get()) if i.url.startswith("/declarations/")]


def test_each_role_sees_what_waits_for_it(world):
    submitted = world.advance(world.create(), S.SUBMITTED)
    assert [i.count for i in items(world.employer)] == [1]

    world.advance(world.create(applicant=world.hospital_applicant), S.DEPARTMENT_REVIEW)
    department = items(world.department)
    assert [i.count for i in department] == [1]

    world.advance(world.create(applicant=world.school_applicant), S.RECOMMENDED)
    office = items(world.office)
    assert [i.count for i in office] == [1]
    assert office[0].since == date.today()

    services.return_declaration(submitted, actor=world.employer, reason="缺材料")
    applicant = items(world.applicant)
    assert len(applicant) == 1 and applicant[0].url == f"/declarations/{submitted.pk}/"


def test_the_applicant_sees_the_correction_deadline(world):
    declaration = world.advance(world.create(), S.QUALIFICATION_CHECK)
    deadline = date.today() + timedelta(days=9)
    services.request_correction(
        declaration,
        actor=world.office,
        deadline=deadline,
        items=[{"section": "materials", "problem": "a"}, {"section": "education", "problem": "b"}],
    )
    [item] = items(world.applicant)
    assert item.due == deadline
    assert "2" in item.title


def test_the_unit_sees_publicities_running_and_ended(world):
    running = world.advance(world.create(), S.IN_UNIT_PUBLICITY)
    assert [i.due for i in items(world.employer)] == [running.publicities.get().ends_on]
    world.end_publicity(running)
    [ended] = items(world.employer)
    assert ended.due == date.today() - timedelta(days=1)


def test_each_waiting_line_is_counted_and_dated_in_one_query(world, django_assert_num_queries):
    submitted = world.advance(world.create(), S.SUBMITTED)
    membership = world.employer.memberships.get()

    # Submitted (counted and dated), then the publicities ended and running together.
    with django_assert_num_queries(2):
        [line] = list(unit_todo(membership))

    assert line.count == 1 and line.since == timezone.localdate(submitted.submitted_at)


def test_the_applicant_s_lines_are_read_in_one_query_and_the_notices_only_when_one_waits(
    world, django_assert_num_queries
):
    membership = world.applicant.memberships.get()
    declaration = world.advance(world.create(), S.SUBMITTED)
    with django_assert_num_queries(1):
        assert list(applicant_todo(membership)) == []

    services.return_declaration(declaration, actor=world.employer, reason="缺材料")
    with django_assert_num_queries(2):
        [returned] = applicant_todo(membership)
    assert "returned" in returned.title and returned.due is None

    world.advance(Declaration.objects.get(pk=declaration.pk), S.QUALIFICATION_CHECK)
    deadline = date.today() + timedelta(days=9)
    services.request_correction(
        Declaration.objects.get(pk=declaration.pk),
        actor=world.office,
        deadline=deadline,
        items=[{"section": "materials", "problem": "a"}],
    )
    with django_assert_num_queries(2):
        [correction] = applicant_todo(membership)
    assert correction.due == deadline and "1" in correction.title
    assert correction.url == f"/declarations/{declaration.pk}/"
