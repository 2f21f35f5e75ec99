"""A jury form sent with a problem comes back on the page it lives on (status 400) with the
problem right next to its field, or above the form when it concerns the whole request, in the
reader's language; what was typed is still in the form, and nothing has changed."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test.html import Element, parse_html

from juries.models import (
    Candidate,
    Expert,
    ExpertInterest,
    PanelSeat,
    Recusal,
    ReexaminationRequest,
    ReviewMeeting,
)
from juries.permissions import presiding_seat
from juries.services.meetings import apply_for_meeting
from juries.services.panel import sign_commitment
from juries.services.review import cast_votes, close_ballot, confirm_result


@dataclass
class Sent:
    user: object
    url: str
    data: dict
    typed_in: str | None  # id of the widget holding what was typed
    typed: str | None
    error: str
    error_in: str  # id of the field's box, or "summary" for a problem of the whole form
    state: Callable[[], object]  # what must not change


def find(node, test):
    if isinstance(node, Element):
        if test(node):
            return node
        for child in node.children:
            found = find(child, test)
            if found is not None:
                return found
    return None


def with_id(element_id):
    return lambda element: dict(element.attributes).get("id") == element_id


def form_holding(page, element_id):
    return find(page, lambda e: e.name == "form" and find(e, with_id(element_id)) is not None)


# --- what each page is sent ----------------------------------------------------------------


def returning_a_meeting_with_a_reason_too_long(world):
    meeting = world.meeting()
    apply_for_meeting(actor=world.office, meeting=meeting)
    reason = "申报材料不全" * 850  # 5,100 characters
    return Sent(
        user=world.bureau,
        url=f"/juries/meetings/{meeting.pk}/return/",
        data={"reason": reason},
        typed_in="id_reason",
        typed=reason,
        error="Ensure this value has at most 5000 characters (it has 5100).",
        error_in="id_reason_field",
        state=lambda: ReviewMeeting.objects.values_list("status", "return_reason").get(
            pk=meeting.pk
        ),
    )


def approving_a_meeting_with_an_observer_not_of_the_bureau(world):
    meeting = world.meeting()
    apply_for_meeting(actor=world.office, meeting=meeting)
    return Sent(
        user=world.bureau,
        url=f"/juries/meetings/{meeting.pk}/approve/",
        data={"observer": world.office.pk},
        typed_in=None,
        typed=None,
        error="Select a valid choice. That choice is not one of the available choices.",
        error_in="id_observer_field",
        state=lambda: ReviewMeeting.objects.values_list("status", "observer").get(pk=meeting.pk),
    )


def putting_nothing_on_the_roster(world):
    meeting = world.meeting()
    world.declaration()
    return Sent(
        user=world.office,
        url=f"/juries/meetings/{meeting.pk}/candidates/",
        data={},
        typed_in=None,
        typed=None,
        error="This field is required.",
        error_in="id_declarations_field",
        state=lambda: list(meeting.candidates.values_list("pk", flat=True)),
    )


def recusing_without_naming_the_expert(world):
    meeting = world.drawn()
    candidate = meeting.candidates.get()
    return Sent(
        user=world.office,
        url=f"/juries/meetings/{meeting.pk}/recuse/",
        data={"candidate": candidate.pk, "note": "与申报人系同一课题组成员"},
        typed_in="id_note",
        typed="与申报人系同一课题组成员",
        error="This field is required.",
        error_in="id_expert_field",
        state=lambda: Recusal.objects.filter(candidate__meeting=meeting).count(),
    )


def declining_a_seat_with_a_reason_too_long(world):
    meeting = world.drawn()
    seat = meeting.seats.select_related("expert__user").first()
    reason = "本人当日另有公务安排" * 21  # 210 characters
    return Sent(
        user=seat.expert.user,
        url=f"/juries/seats/{seat.pk}/",
        data={"action": "decline", "reason": reason},
        typed_in="id_reason",
        typed=reason,
        error="Ensure this value has at most 200 characters (it has 210).",
        error_in="id_reason_field",
        state=lambda: PanelSeat.objects.values_list("status", "decline_reason").get(pk=seat.pk),
    )


def declaring_an_interest_in_no_candidate(world):
    meeting = world.drawn()
    seat = meeting.seats.select_related("expert__user").first()
    sign_commitment(actor=seat.expert.user, seat=seat)
    return Sent(
        user=seat.expert.user,
        url=f"/juries/seats/{seat.pk}/",
        data={"action": "interest", "relation": "teacher_student", "note": "曾指导其硕士论文"},
        typed_in="id_note",
        typed="曾指导其硕士论文",
        error="This field is required.",
        error_in="id_candidate_field",
        state=lambda: (ExpertInterest.objects.count(), Recusal.objects.count()),
    )


def declaring_an_interest_naming_nobody(world):
    expert = world.users["expert"]
    return Sent(
        user=expert,
        url="/juries/interests/",
        data={"relation": "collaborator", "note": "合著论文三篇"},
        typed_in="id_note",
        typed="合著论文三篇",
        error="Name the person or the organization concerned.",
        error_in="summary",
        state=lambda: ExpertInterest.objects.count(),
    )


def asking_for_a_re_examination_at_too_great_a_length(world):
    # A failed result, the only kind re-examined: everyone attends and votes no.
    meeting, present = world.voting()
    choices = {candidate.pk: "no" for candidate in meeting.candidates.all()}
    for seat in present:
        cast_votes(actor=seat.expert.user, meeting=meeting, choices=choices)
    close_ballot(actor=world.office, meeting=meeting)
    confirm_result(actor=presiding_seat(meeting).expert.user, meeting=meeting)
    candidate = meeting.candidates.select_related("declaration__applicant").get()
    reason = "请复核论文评分" * 715  # 5005 characters
    return Sent(
        user=candidate.declaration.applicant,
        url=f"/juries/results/{candidate.pk}/reexamination/",
        data={"reason": reason},
        typed_in=f"reexamination-{candidate.pk}-reason",
        typed=reason,
        error="Ensure this value has at most 5000 characters (it has 5005).",
        error_in=f"reexamination-{candidate.pk}-reason_field",
        state=lambda: list(ReexaminationRequest.objects.values_list("pk", "reason")),
    )


def removing_experts_with_a_reason_too_long(world):
    expert = Expert.objects.filter(jury=world.jury, is_active=True).first()
    reason = "违反评审纪律" * 35  # 210 characters
    return Sent(
        user=world.office,
        url=f"/juries/juries/{world.jury.pk}/experts/bulk/",
        data={"experts": [expert.pk], "step": "confirm", "reason": reason},
        typed_in="id_reason",
        typed=reason,
        error="Ensure this value has at most 200 characters (it has 210).",
        error_in="id_reason_field",
        state=lambda: Expert.objects.filter(jury=world.jury, is_active=True).count(),
    )


CASES = [
    returning_a_meeting_with_a_reason_too_long,
    approving_a_meeting_with_an_observer_not_of_the_bureau,
    putting_nothing_on_the_roster,
    recusing_without_naming_the_expert,
    declining_a_seat_with_a_reason_too_long,
    declaring_an_interest_in_no_candidate,
    declaring_an_interest_naming_nobody,
    asking_for_a_re_examination_at_too_great_a_length,
    removing_experts_with_a_reason_too_long,
]


@pytest.mark.parametrize("case", CASES, ids=[case.__name__ for case in CASES])
def test_the_form_comes_back_with_the_problem_and_what_was_typed(world, client, case):
    sent = case(world)
    before = sent.state()
    client.force_login(sent.user)

    response = client.post(sent.url, sent.data)

    assert response.status_code == 400
    page = parse_html(response.content.decode())
    form = form_holding(page, sent.typed_in or sent.error_in)
    assert form is not None, "the page shows the form that was sent"
    if sent.error_in == "summary":
        box = find(form, lambda e: "error-summary" in dict(e.attributes).get("class", ""))
    elif sent.error_in == "form":
        box = form
    else:
        box = find(form, with_id(sent.error_in))
    assert box is not None and sent.error in str(box)
    if sent.typed is not None:
        assert sent.typed in str(find(form, with_id(sent.typed_in)))
    assert sent.state() == before
    assert not list(response.context["messages"])  # the problem is in the form, not elsewhere


def test_the_problem_is_told_in_the_readers_language(world, client, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    sent = recusing_without_naming_the_expert(world)
    client.force_login(sent.user)

    response = client.post(sent.url, sent.data)

    assert response.status_code == 400
    expert_box = find(parse_html(response.content.decode()), with_id("id_expert_field"))
    assert "该字段是必填项。" in str(expert_box)


def test_a_request_that_passes_still_goes_on_with_its_message(world, client):
    meeting = world.drawn()
    candidate = meeting.candidates.get()
    expert = meeting.seats.select_related("expert").first().expert
    client.force_login(world.office)

    response = client.post(
        f"/juries/meetings/{meeting.pk}/recuse/",
        {"candidate": candidate.pk, "expert": expert.pk, "note": "与申报人系同一课题组成员"},
        follow=True,
    )

    assert response.redirect_chain == [(f"/juries/meetings/{meeting.pk}/panel/", 302)]
    assert "The expert is recused from the candidate." in response.content.decode()
    assert Recusal.objects.filter(candidate=candidate, expert=expert).exists()
    assert Candidate.objects.filter(meeting=meeting).count() == 1


def test_a_problem_with_a_form_the_page_no_longer_shows_is_told_above_the_page(world, client):
    meeting = world.approved()  # approved meanwhile: the return form is gone from the page
    client.force_login(world.bureau)

    response = client.post(f"/juries/meetings/{meeting.pk}/return/", {"reason": "材料不全"})

    assert response.status_code == 400
    told = [str(message) for message in response.context["messages"]]
    assert told == ["Only a meeting applied for can be returned."]
    assert "Only a meeting applied for can be returned." in response.content.decode()
    assert ReviewMeeting.objects.get(pk=meeting.pk).status == ReviewMeeting.Status.APPROVED
