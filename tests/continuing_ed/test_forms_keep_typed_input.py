"""A rejection of hours or a completion of a course that comes back with problems: the page it
was sent from again (status 400), the error right under the field of that row, what was typed
still in the input, the other rows untouched; nothing changed."""

import re
from datetime import date
from decimal import Decimal

import pytest

from continuing_ed.models import CreditHourRecord, Enrolment, SubjectKind
from continuing_ed.services import create_course, enrol_in_course


def field_block(html, field_id):
    """The markup of one form field (templates/includes/form_field.html): label, widget and the
    errors under it, up to the next field or the end of the form."""
    start = html.index(f'id="{field_id}_field"')
    end = re.compile(r'class="field[ "]|</form>').search(html, start + 1).start()
    return html[start:end]


def errors_in(block):
    return re.findall(r'<ul class="errorlist"[^>]*>\s*<li>(.*?)</li>', block)


def test_rejecting_without_a_reason_shows_the_review_page_with_the_error_in_that_row(
    client, applicant, employer_hr, certified_hours
):
    first = certified_hours(applicant, 2025, "8", certify=False)
    second = certified_hours(applicant, 2025, "6", certify=False)
    client.force_login(employer_hr)

    response = client.post(
        f"/continuing-education/records/{second.pk}/reject/",
        {"reason": "", "next": "/continuing-education/review/?page=1"},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert errors_in(field_block(html, f"reject-{second.pk}-reason")) == ["This field is required."]
    assert not errors_in(field_block(html, f"reject-{first.pk}-reason"))
    # That row's reject form is open, and the forms still lead back to the review page.
    assert len(re.findall(r"<details open>", html)) == 1
    assert 'name="next" value="/continuing-education/review/?page=1"' in html
    assert f"/records/{second.pk}/reject/" not in re.findall(r'name="next" value="([^"]*)"', html)
    for record in (first, second):
        record.refresh_from_db()
        assert (record.status, record.rejection_reason) == (CreditHourRecord.Status.CLAIMED, "")


def test_rejecting_hours_decided_meanwhile_says_so_and_changes_nothing(
    client, applicant, employer_hr, certified_hours
):
    certified = certified_hours(applicant, 2025, "8")
    client.force_login(employer_hr)

    response = client.post(
        f"/continuing-education/records/{certified.pk}/reject/", {"reason": "重复申报"}
    )

    assert response.status_code == 400
    assert "This record has already been decided: Certified." in response.content.decode()
    certified.refresh_from_db()
    assert (certified.status, certified.rejection_reason) == ("certified", "")


@pytest.fixture
def enrolment(applicant, employer_hr):
    course = create_course(
        actor=employer_hr,
        name="智慧交通专题研修",
        provider_organization=employer_hr.memberships.get().organization,
        subject_kind=SubjectKind.PROFESSIONAL,
        hours=Decimal("24"),
        starts_on=date(2025, 3, 1),
        ends_on=date(2025, 3, 4),
    )
    return enrol_in_course(person=applicant, course=course)


def test_a_completion_date_before_the_course_keeps_the_typed_date(client, employer_hr, enrolment):
    client.force_login(employer_hr)

    response = client.post(
        f"/continuing-education/enrolments/{enrolment.pk}/complete/",
        {"completed_on": "2025-02-20"},
    )

    assert response.status_code == 400
    html = response.content.decode()
    field = field_block(html, f"complete-{enrolment.pk}-completed_on")
    assert errors_in(field) == ["The course had not started on that date."]
    assert 'value="2025-02-20"' in field and 'aria-invalid="true"' in field
    enrolment.refresh_from_db()
    assert enrolment.completed_on is None and enrolment.record_id is None
    assert not CreditHourRecord.objects.filter(course=enrolment.course).exists()


def test_a_completion_without_a_date_asks_for_it_under_the_field(client, employer_hr, enrolment):
    client.force_login(employer_hr)

    response = client.post(
        f"/continuing-education/enrolments/{enrolment.pk}/complete/", {"completed_on": ""}
    )

    assert response.status_code == 400
    field = field_block(response.content.decode(), f"complete-{enrolment.pk}-completed_on")
    assert errors_in(field) == ["This field is required."]
    assert Enrolment.objects.get(pk=enrolment.pk).completed_on is None
