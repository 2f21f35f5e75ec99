from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from applicants.models import Declaration
from audit.models import AuditRecord
from juries.models import Objection
from juries.services.publicity import file_objection, publish_results
from titles.working_days import publicity_window


def test_a_window_across_national_day_ends_on_the_fifth_working_day(world):
    # Wednesday 30 September 2026 counts; 1-7 October are holidays; Saturday 10 October is a
    # make-up working day: 30 Sep, 8 Oct, 9 Oct, 10 Oct, 12 Oct.
    assert publicity_window(date(2026, 9, 30), 5).end == date(2026, 10, 12)
    meeting = world.confirmed(declarations=[world.declaration(), world.declaration()])
    world.set_today(date(2026, 9, 29))

    with pytest.raises(ValidationError, match="until 12 Oct 2026 or later"):
        publish_results(
            actor=world.office,
            meeting=meeting,
            starts_on=date(2026, 9, 30),
            ends_on=date(2026, 10, 10),
        )
    publicity = publish_results(actor=world.office, meeting=meeting, starts_on=date(2026, 9, 30))

    assert publicity.ends_on == date(2026, 10, 12)
    statuses = set(meeting.candidates.values_list("declaration__status", flat=True))
    assert statuses == {Declaration.Status.IN_RESULT_PUBLICITY}


def test_anyone_objects_without_signing_in_during_the_window_only(world, client):
    publicity = world.publicized()
    candidate = publicity.meeting.candidates.get()
    url = f"/juries/publicity/{publicity.public_id}/"
    objection = {"candidate": candidate.pk, "filer_name": "李群众", "content": "论文涉嫌抄袭"}

    page = client.get(url)
    assert page.status_code == 200
    assert candidate.declaration.applicant.real_name in page.content.decode()
    refused = client.post(url, {**objection, "filer_phone": ""})
    assert refused.status_code == 400 and not Objection.objects.exists()
    assert "论文涉嫌抄袭" in refused.content.decode()  # what was typed is kept
    filed = client.post(url, {**objection, "filer_phone": "138 0000 1234"})
    assert filed.status_code == 200
    assert str(Objection.objects.get().reference) in filed.content.decode()

    world.set_today(publicity.ends_on)
    file_objection(
        publicity=publicity,
        candidate=candidate,
        filer_name="王",
        filer_phone="13800001111",
        content="最后一天",
    )
    world.set_today(publicity.ends_on + timedelta(days=1))
    with pytest.raises(ValidationError, match="accepted from"):
        file_objection(
            publicity=publicity,
            candidate=candidate,
            filer_name="王",
            filer_phone="13800001111",
            content="晚了",
        )
    assert Objection.objects.count() == 2


def test_an_upheld_objection_fails_the_candidate_with_the_reason(world, client):
    publicity = world.publicized()
    candidate = publicity.meeting.candidates.get()
    objection = world.objection(publicity, "业绩材料造假")
    client.force_login(world.office)
    assert "业绩材料造假" in client.get(f"/juries/objections/{objection.pk}/").content.decode()

    response = client.post(
        f"/juries/objections/{objection.pk}/",
        {"upheld": "yes", "finding": "经核查，业绩证明系伪造。"},
    )

    assert response.status_code == 302
    candidate.refresh_from_db()
    declaration = Declaration.objects.get(pk=candidate.declaration_id)
    assert declaration.status == Declaration.Status.FAILED
    assert candidate.overturned_at is not None and candidate.ready_for_filing_at is None
    record = AuditRecord.objects.filter(declaration=declaration).order_by("-pk").first()
    assert record.action == "uphold_objection" and record.reason == "经核查，业绩证明系伪造。"
    assert record.actor == world.office
    client.logout()
    public = client.get(f"/juries/publicity/{publicity.public_id}/").content.decode()
    assert "经核查" not in public  # the finding stays with the office
