"""The moves on the declaration's page: only those the person may make are offered, the
irreversible ones ask first, a refusal shows its message and changes nothing, and each
succeeded move lands back on the page with the new state."""

import re
from datetime import date, timedelta

import pytest

from applicants.models import CorrectionNotice, Declaration
from audit.models import AuditRecord
from notifications.models import Notification

S = Declaration.Status


@pytest.fixture(autouse=True)
def _product_in_english(settings):
    """These tests read the pages in English; the language they answer in is tested in
    tests/ui."""
    settings.LANGUAGE_CODE = "en"


def offered(html) -> list[str]:
    return re.findall(r'id="action-([a-z_]+)"', html)


def act(client, user, declaration, action, data=None, **kwargs):
    client.force_login(user)
    return client.post(f"/declarations/{declaration.pk}/act/{action}/", data or {}, **kwargs)


def state_of(declaration):
    declaration.refresh_from_db()
    return declaration.status, AuditRecord.objects.filter(declaration=declaration).count()


def confirm_of(html, action):
    form = re.search(rf'<form[^>]*id="action-{action}"[^>]*>', html).group(0)
    found = re.search(r'data-confirm="([^"]+)"', form)
    return found.group(1) if found else None


def test_each_person_is_offered_only_their_own_moves(world, client):
    declaration = world.create()
    client.force_login(world.applicant)
    assert offered(client.get(f"/declarations/{declaration.pk}/").content.decode()) == [
        "submit",
        "withdraw",
    ]
    declaration = world.advance(declaration, S.SUBMITTED)
    assert offered(client.get(f"/declarations/{declaration.pk}/").content.decode()) == ["withdraw"]
    client.force_login(world.employer)
    assert offered(client.get(f"/declarations/{declaration.pk}/").content.decode()) == [
        "start_publicity",
        "return",
    ]
    declaration = world.advance(declaration, S.RECOMMENDED)
    client.force_login(world.employer)
    assert offered(client.get(f"/declarations/{declaration.pk}/").content.decode()) == []
    client.force_login(world.office)
    assert offered(client.get(f"/declarations/{declaration.pk}/").content.decode()) == [
        "start_check",
        "qualify",
        "reject",
        "request_correction",
    ]


def test_irreversible_moves_ask_for_confirmation(world, client):
    declaration = world.create()
    client.force_login(world.applicant)
    html = client.get(f"/declarations/{declaration.pk}/").content.decode()
    assert confirm_of(html, "submit").startswith("Submit this declaration to your unit?")
    assert confirm_of(html, "withdraw") == "Withdraw this declaration? This cannot be undone."
    declaration = world.advance(declaration, S.IN_UNIT_PUBLICITY)
    world.end_publicity(declaration)  # recommending is offered once the publicity ended
    client.force_login(world.employer)
    html = client.get(f"/declarations/{declaration.pk}/").content.decode()
    assert confirm_of(html, "recommend") == "Recommend this declaration?"
    assert confirm_of(html, "return") == "Return this declaration to the applicant?"
    declaration = world.advance(declaration, S.QUALIFICATION_CHECK)
    client.force_login(world.office)
    html = client.get(f"/declarations/{declaration.pk}/").content.decode()
    assert confirm_of(html, "reject") == "Reject this declaration?"
    assert confirm_of(html, "qualify") == "Pass the qualification check of this declaration?"
    assert confirm_of(html, "request_correction").startswith("Send this correction notice?")


def test_submit_needs_the_pledge_and_says_so_next_to_it(world, client):
    declaration = world.create()
    before = state_of(declaration)
    response = act(client, world.applicant, declaration, "submit")
    assert response.status_code == 200
    html = response.content.decode()
    assert "“Submit to the unit” was refused: nothing was changed." in html
    assert "Sign the authenticity pledge" in html
    form = response.context["actions"][0]["form"]
    assert form.errors["pledge"] == [
        "Sign the authenticity pledge: the declaration and its materials are true."
    ]
    assert state_of(declaration) == before

    done = act(client, world.applicant, declaration, "submit", {"submit-pledge": "on"})
    assert done.status_code == 302
    assert done["Location"] == f"/declarations/{declaration.pk}/"
    declaration.refresh_from_db()
    assert declaration.status == S.SUBMITTED
    assert declaration.pledge_signed_at is not None
    page = client.get(done["Location"]).content.decode()
    assert "Your declaration was submitted to your unit." in page


def test_blocking_findings_refuse_the_submission(world, client):
    declaration = world.create(materials=False)
    before = state_of(declaration)
    response = act(client, world.applicant, declaration, "submit", {"submit-pledge": "on"})
    assert response.status_code == 200
    assert "Required proof materials are missing" in response.content.decode()
    assert state_of(declaration) == before


def test_a_move_not_possible_in_this_state_is_refused_with_its_message(world, client):
    declaration = world.advance(world.create(), S.SUBMITTED)
    before = state_of(declaration)
    response = act(client, world.applicant, declaration, "submit", {"submit-pledge": "on"})
    assert response.status_code == 200
    assert (
        "A declaration that is “Submitted to the unit” cannot be moved by “Submit to the unit”."
        in response.content.decode()
    )
    assert state_of(declaration) == before


def test_recommending_during_the_publicity_is_refused_and_changes_nothing(world, client):
    declaration = world.advance(world.create(), S.IN_UNIT_PUBLICITY)
    ends_on = declaration.publicities.get().ends_on
    before = state_of(declaration)
    response = act(client, world.employer, declaration, "recommend", {"recommend-commitment": "on"})
    assert response.status_code == 200
    html = response.content.decode()
    until = f"{ends_on.day} {ends_on:%b} {ends_on.year}"
    assert f"The unit publicity runs until {until}: recommend after it ends." in html
    assert state_of(declaration) == before
    assert declaration.unit_commitment_at is None

    world.end_publicity(declaration)
    no_commitment = act(client, world.employer, declaration, "recommend")
    assert "Confirm the unit&#x27;s commitment" in no_commitment.content.decode()
    assert state_of(declaration) == before

    done = act(client, world.employer, declaration, "recommend", {"recommend-commitment": "on"})
    assert done.status_code == 302
    declaration.refresh_from_db()
    assert declaration.status == S.RECOMMENDED
    assert declaration.unit_commitment_by == world.employer


def test_the_unit_returns_with_reason_and_items(world, client):
    declaration = world.advance(world.create(), S.SUBMITTED)
    before = state_of(declaration)
    no_reason = act(
        client,
        world.employer,
        declaration,
        "return",
        {"return-items-TOTAL_FORMS": "1", "return-items-INITIAL_FORMS": "0"},
    )
    assert no_reason.context["actions"][1]["form"].errors["reason"] == ["Give the reason."]
    assert state_of(declaration) == before

    done = act(
        client,
        world.employer,
        declaration,
        "return",
        {
            "return-reason": "劳动合同复印件不清晰",
            "return-items-TOTAL_FORMS": "2",
            "return-items-INITIAL_FORMS": "0",
            "return-items-0-section": "materials",
            "return-items-0-problem": "重新上传劳动合同",
            "return-items-1-section": "",
            "return-items-1-problem": "",
        },
    )
    assert done.status_code == 302
    declaration.refresh_from_db()
    assert declaration.status == S.RETURNED
    record = AuditRecord.objects.get(declaration=declaration, action="return")
    assert record.reason == "劳动合同复印件不清晰"
    assert record.payload["items"] == [{"section": "materials", "problem": "重新上传劳动合同"}]

    client.force_login(world.applicant)
    html = client.get(f"/declarations/{declaration.pk}/").content.decode()
    assert "Returned for correction" in html
    assert "<strong>Proof materials</strong>: 重新上传劳动合同" in html
    assert offered(html) == ["submit", "withdraw"]


def test_the_office_requests_a_correction_listing_every_problem_at_once(world, client):
    declaration = world.advance(world.create(), S.QUALIFICATION_CHECK)
    before = state_of(declaration)
    client.force_login(world.office)
    page = client.get(f"/declarations/{declaration.pk}/").content.decode()
    assert page.count('name="request_correction-items-') >= 3 * 2  # several rows at once

    empty = act(
        client,
        world.office,
        declaration,
        "request_correction",
        {
            "request_correction-items-TOTAL_FORMS": "3",
            "request_correction-items-INITIAL_FORMS": "0",
        },
    )
    assert "List every problem that needs correcting, at once." in empty.content.decode()
    assert state_of(declaration) == before

    half = act(
        client,
        world.office,
        declaration,
        "request_correction",
        {
            "request_correction-items-TOTAL_FORMS": "1",
            "request_correction-items-INITIAL_FORMS": "0",
            "request_correction-items-0-section": "achievements",
        },
    )
    assert half.status_code == 200
    assert "This field is required." in half.content.decode()
    assert state_of(declaration) == before

    deadline = date.today() + timedelta(days=12)
    done = act(
        client,
        world.office,
        declaration,
        "request_correction",
        {
            "request_correction-deadline": deadline.isoformat(),
            "request_correction-items-TOTAL_FORMS": "3",
            "request_correction-items-INITIAL_FORMS": "0",
            "request_correction-items-0-section": "achievements",
            "request_correction-items-0-problem": "论文缺少刊物封面和目录页",
            "request_correction-items-1-section": "assessments",
            "request_correction-items-1-problem": "缺少2022年度考核结果",
        },
    )
    assert done.status_code == 302
    notice = CorrectionNotice.objects.get(declaration=declaration)
    assert notice.deadline == deadline
    assert notice.items == [
        {"section": "achievements", "problem": "论文缺少刊物封面和目录页"},
        {"section": "assessments", "problem": "缺少2022年度考核结果"},
    ]
    message = Notification.objects.filter(recipient=world.applicant).first()
    assert "缺少2022年度考核结果" in message.body

    # The notice is one-time: the applicant resubmits, with the pledge again.
    refused = act(client, world.applicant, declaration, "resubmit")
    assert "Sign the authenticity pledge" in refused.content.decode()
    done = act(client, world.applicant, declaration, "resubmit", {"resubmit-pledge": "on"})
    assert done.status_code == 302
    declaration.refresh_from_db()
    assert declaration.status == S.QUALIFICATION_CHECK


def test_rejecting_needs_a_reason(world, client):
    declaration = world.advance(world.create(), S.RECOMMENDED)
    before = state_of(declaration)
    response = act(client, world.office, declaration, "reject", {"reject-reason": "  "})
    form = next(a["form"] for a in response.context["actions"] if a["name"] == "reject")
    assert form.errors["reason"] == ["Give the reason."]
    assert state_of(declaration) == before

    done = act(client, world.office, declaration, "reject", {"reject-reason": "业绩造假"})
    assert done.status_code == 302
    declaration.refresh_from_db()
    assert declaration.status == S.REJECTED


def test_the_office_checks_and_qualifies(world, client):
    declaration = world.advance(world.create(), S.RECOMMENDED)
    assert act(client, world.office, declaration, "start_check").status_code == 302
    declaration.refresh_from_db()
    assert declaration.status == S.QUALIFICATION_CHECK
    done = act(client, world.office, declaration, "qualify", {"qualify-reason": "材料齐全"})
    assert done.status_code == 302
    declaration.refresh_from_db()
    assert declaration.status == S.QUALIFIED
    html = client.get(f"/declarations/{declaration.pk}/").content.decode()
    assert "The declaration passed the qualification check." in html
    assert "Reason: 材料齐全" in html


def test_the_department_approves_a_units_recommendation(world, client):
    declaration = world.advance(
        world.create(applicant=world.hospital_applicant), S.DEPARTMENT_REVIEW
    )
    client.force_login(world.department)
    html = client.get(f"/declarations/{declaration.pk}/").content.decode()
    assert offered(html) == ["department_approve", "return"]
    assert act(client, world.department, declaration, "department_approve").status_code == 302
    declaration.refresh_from_db()
    assert declaration.status == S.RECOMMENDED


def test_the_applicant_withdraws(world, client):
    declaration = world.advance(world.create(), S.SUBMITTED)
    done = act(client, world.applicant, declaration, "withdraw", {"withdraw-reason": "另有安排"})
    assert done.status_code == 302
    declaration.refresh_from_db()
    assert declaration.status == S.WITHDRAWN
    html = client.get(f"/declarations/{declaration.pk}/").content.decode()
    assert 'class="stage stopped" aria-current="step"' in html
    assert offered(html) == []


def test_a_person_who_sees_but_may_not_act_is_refused_and_nothing_changes(world, client):
    declaration = world.advance(world.create(), S.IN_UNIT_PUBLICITY)
    world.end_publicity(declaration)
    before = state_of(declaration)
    response = act(
        client, world.applicant, declaration, "recommend", {"recommend-commitment": "on"}
    )
    assert response.status_code == 403
    assert "responsible for this declaration may" in response.content.decode()
    assert state_of(declaration) == before


def test_an_unknown_action_or_a_get_is_not_a_move(world, client):
    declaration = world.create()
    assert act(client, world.applicant, declaration, "approve_everything").status_code == 404
    assert client.get(f"/declarations/{declaration.pk}/act/submit/").status_code == 405
    declaration.refresh_from_db()
    assert declaration.status == S.DRAFT
