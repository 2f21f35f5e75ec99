import secrets

from juries import draw as drawing
from juries.models import ExpertInterest, PanelSeat, Recusal
from juries.services.experts import declare_interest
from juries.services.meetings import apply_for_meeting, approve_meeting
from juries.services.panel import draw_panel, sign_commitment


def conflicted(expert, declaration, interests):
    """The rule, restated independently of the service."""
    applicant = declaration.applicant
    return (
        expert.user_id == applicant.pk
        or expert.employer_id == declaration.employer_id
        or any(
            i.person_id_number == applicant.id_number
            or i.organization_id == declaration.employer_id
            for i in interests.get(expert.pk, [])
        )
    )


def test_no_drawn_group_expert_is_conflicted_with_a_candidate_of_the_group(world):
    experts = list(world.jury.experts.select_related("user").order_by("pk"))
    civil = [e for e in experts if e.specialty_id == world.civil.pk]
    experts += world.add_experts(3, employer=world.organization("示范设计研究院"))
    # A candidate at the same employer as some civil experts, one related to another civil
    # expert, and a civil expert who is a candidate themself.
    same_employer = world.declaration(employer=civil[0].employer)
    related = world.declaration()
    declare_interest(
        actor=civil[1].user,
        expert=civil[1],
        relation=ExpertInterest.Relation.RELATIVE,
        person_name=related.applicant.real_name,
        person_id_number=related.applicant.id_number,
    )
    themself = world.declaration(applicant=civil[2].user)
    declarations = [same_employer, related, themself]
    meeting = world.meeting(declarations=declarations)
    apply_for_meeting(actor=world.office, meeting=meeting)
    approve_meeting(actor=world.bureau, meeting=meeting, observer=world.bureau)

    record = draw_panel(actor=world.office, meeting=meeting)

    interests = {civil[1].pk: list(civil[1].interests.all())}
    group_seats = meeting.seats.filter(basis=PanelSeat.Basis.GROUP).select_related("expert")
    assert group_seats.count() == 3
    for seat in group_seats:
        for declaration in declarations:
            assert not conflicted(seat.expert, declaration, interests)
    # The civil experts' pool, as recorded, holds no conflicted expert, so no seed can draw one.
    [slot] = record.inputs["groups"]
    by_pk = {e.pk: e for e in experts}
    assert slot["pool"]
    assert not any(conflicted(by_pk[pk], d, interests) for pk in slot["pool"] for d in declarations)
    inputs = drawing.DrawInputs.from_json(record.inputs)
    for _ in range(200):
        result = drawing.draw_panel(secrets.token_hex(16), inputs)
        assert set(result["groups"][slot["key"]]) <= set(slot["pool"])
    # The expert who is a candidate sits nowhere on the panel.
    assert not meeting.seats.filter(expert=civil[2]).exists()


def test_an_interest_declared_against_a_candidate_recuses_the_expert(world):
    meeting = world.drawn()
    candidate = meeting.candidates.get()
    seat = (
        meeting.seats.filter(basis=PanelSeat.Basis.AT_LARGE).select_related("expert__user").first()
    )
    sign_commitment(actor=seat.expert.user, seat=seat)

    declare_interest(
        actor=seat.expert.user,
        expert=seat.expert,
        relation=ExpertInterest.Relation.COLLABORATOR,
        candidate=candidate,
        note="合作项目",
    )

    recusal = Recusal.objects.get(expert=seat.expert, candidate=candidate)
    assert recusal.reason == Recusal.Reason.DECLARED_RELATION


def test_conflicted_panel_members_outside_the_group_are_recused(world):
    experts = list(world.jury.experts.order_by("pk"))
    declaration = world.declaration(employer=world.enterprise)
    meeting = world.drawn(declarations=[declaration])

    candidate = meeting.candidates.get()
    for seat in meeting.seats.select_related("expert"):
        recused = Recusal.objects.filter(expert=seat.expert, candidate=candidate).exists()
        assert recused == (seat.expert.employer_id == world.enterprise.pk)
    assert any(e.employer_id == world.enterprise.pk for e in experts)
    assert Recusal.objects.filter(candidate=candidate, reason=Recusal.Reason.SAME_EMPLOYER).exists()
