import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from accounts.models import Organization, Role
from applicants.models import Declaration
from juries.models import ReviewMeeting
from juries.services.meetings import (
    apply_for_meeting,
    approve_meeting,
    assign_candidates,
    return_meeting,
)
from tests.factories import AccountFactory, OrganizationFactory
from titles.working_days import add_working_days, is_working_day


def test_application_needs_the_set_working_days_of_lead_time(world, settings):
    # Applied for on a working day, which counts as the first of the lead's working days.
    while not is_working_day(world.today):
        world.today += timedelta(days=1)
    world.set_today(world.today)
    meeting = world.meeting()
    meeting.held_on = add_working_days(world.today, settings.MEETING_APPLICATION_WORKING_DAYS - 1)
    meeting.save()

    with pytest.raises(ValidationError, match="at least 5 working days"):
        apply_for_meeting(actor=world.office, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == ReviewMeeting.Status.DRAFT

    meeting.held_on = add_working_days(world.today, settings.MEETING_APPLICATION_WORKING_DAYS)
    meeting.save()
    apply_for_meeting(actor=world.office, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == ReviewMeeting.Status.APPLIED


def test_the_bureau_returns_with_a_reason_and_approves_the_corrected_application(world):
    meeting = world.meeting()
    apply_for_meeting(actor=world.office, meeting=meeting)
    province = world.city.parent
    elsewhere = OrganizationFactory(
        parent=province, name="另一市人社局", kind=Organization.Kind.CITY_BUREAU
    )
    stranger = AccountFactory(organization=elsewhere, role=Role.HR_BUREAU)

    with pytest.raises(PermissionDenied):
        approve_meeting(actor=stranger, meeting=meeting, observer=stranger)
    with pytest.raises(ValidationError):
        return_meeting(actor=world.bureau, meeting=meeting, reason="  ")
    return_meeting(actor=world.bureau, meeting=meeting, reason="花名册缺少学历信息")
    meeting.refresh_from_db()
    assert meeting.status == ReviewMeeting.Status.RETURNED

    assign_candidates(actor=world.office, meeting=meeting, declarations=[world.declaration()])
    apply_for_meeting(actor=world.office, meeting=meeting)
    with pytest.raises(ValidationError, match="observer"):
        approve_meeting(actor=world.bureau, meeting=meeting, observer=world.office)
    approve_meeting(actor=world.bureau, meeting=meeting, observer=world.bureau)
    meeting.refresh_from_db()
    assert meeting.status == ReviewMeeting.Status.APPROVED and meeting.observer == world.bureau
    assert meeting.candidates.count() == 2


def test_the_roster_is_an_excel_file_where_formula_like_text_stays_text(world, client):
    person = world.person(name='=HYPERLINK("http://x","点我")')
    meeting = world.meeting(declarations=[world.declaration(applicant=person), world.declaration()])
    client.force_login(world.office)

    response = client.get(f"/juries/meetings/{meeting.pk}/roster.xlsx")

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [cell for (cell,) in sheet.iter_rows(min_row=3, min_col=2, max_col=2)]
    assert len(names) == 2
    [tricky] = [cell for cell in names if cell.value == '=HYPERLINK("http://x","点我")']
    assert tricky.data_type == "s"  # text, not a formula
    client.force_login(world.users["applicant"])
    assert client.get(f"/juries/meetings/{meeting.pk}/roster.xlsx").status_code == 404


def test_only_qualified_declarations_of_the_plan_go_on_the_roster(world):
    meeting = world.meeting()
    draft = world.declaration()
    Declaration.objects.filter(pk=draft.pk).update(status=Declaration.Status.RECOMMENDED)

    with pytest.raises(ValidationError, match="only qualified"):
        assign_candidates(actor=world.office, meeting=meeting, declarations=[draft])
    already = meeting.candidates.get().declaration
    other = world.meeting(declarations=[world.declaration()])
    with pytest.raises(ValidationError, match="already on a meeting"):
        assign_candidates(actor=world.office, meeting=other, declarations=[already])
