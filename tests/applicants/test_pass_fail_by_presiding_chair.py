"""`pass` and `fail` are decided by the chair presiding over the review meeting whose ballot
closed: the audit names that chair, as an expert of the jury's office. Another expert of the
panel, the jury office and a chair of a meeting still voting are refused, and nothing
changes."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import Role
from applicants.models import Declaration
from applicants.workflow import available_transitions, perform_transitions
from audit.models import AuditRecord
from audit.services import find_chain_break
from fixtures.demo_certificates import PublicizedResults
from juries.models import Candidate, Expert, PanelDraw, PanelSeat, ReviewMeeting

S = Declaration.Status
MS = ReviewMeeting.Status


class Meeting:
    """A review meeting of the demo jury whose candidates are under review, with its chair
    and one member seated and present (the stage is set directly: the draw, the ballot
    and the tally are tested in tests/juries)."""

    def __init__(self, world, *, candidates=2, status=MS.BALLOT_CLOSED):
        results = PublicizedResults(world.loaded)
        self.meeting = results.meeting(candidates)
        ReviewMeeting.objects.filter(pk=self.meeting.pk).update(status=status)
        self.declarations = list(
            Declaration.objects.filter(
                pk__in=Candidate.objects.filter(meeting=self.meeting).values("declaration_id")
            ).order_by("pk")
        )
        Declaration.objects.filter(pk__in=[d.pk for d in self.declarations]).update(
            status=S.IN_REVIEW
        )
        Candidate.objects.filter(meeting=self.meeting).update(outcome=Candidate.Outcome.PENDING)
        experts = Expert.objects.filter(jury=results.jury).select_related("user")
        self.chair = experts.filter(position=Expert.Position.CHAIR).first()
        self.member = experts.filter(position=Expert.Position.MEMBER).first()
        draw = PanelDraw.objects.create(
            meeting=self.meeting,
            kind=PanelDraw.Kind.INITIAL,
            algorithm="test",
            seed="0",
            inputs={},
            result={},
            drawn_by=results.office,
        )
        for expert, basis in (
            (self.chair, PanelSeat.Basis.EX_OFFICIO),
            (self.member, PanelSeat.Basis.AT_LARGE),
        ):
            PanelSeat.objects.create(
                meeting=self.meeting,
                expert=expert,
                draw=draw,
                basis=basis,
                status=PanelSeat.Status.ACCEPTED,
                attended=True,
            )
        for declaration in self.declarations:
            declaration.refresh_from_db()


def statuses(declarations):
    return [Declaration.objects.get(pk=d.pk).status for d in declarations]


def test_the_presiding_chair_passes_and_the_audit_names_them(world):
    setup = Meeting(world, candidates=3)
    passed, *failed = setup.declarations
    before = AuditRecord.objects.count()

    perform_transitions([passed], "pass", actor=setup.chair.user, reason="7 yes of 9")
    perform_transitions(failed, "fail", actor=setup.chair.user, reason="3 yes of 9")

    assert statuses(setup.declarations) == [S.PASSED, S.FAILED, S.FAILED]
    records = list(AuditRecord.objects.order_by("pk")[before:])
    assert [(r.action, r.declaration_id) for r in records] == [
        ("pass", passed.pk),
        *(("fail", d.pk) for d in failed),
    ]
    for record in records:
        assert record.actor == setup.chair.user
        assert record.role == Role.EXPERT
        assert record.organization_id == setup.meeting.jury.office_id
    assert find_chain_break() is None


def test_the_chair_may_pass_once_the_result_is_being_confirmed(world):
    setup = Meeting(world, candidates=1)
    [declaration] = setup.declarations
    names = {t.name for t in available_transitions(declaration, setup.chair.user)}
    assert names == {"pass", "fail"}
    assert not {"pass", "fail"} & {
        t.name for t in available_transitions(declaration, setup.member.user)
    }


@pytest.mark.parametrize("who", ["member", "office"])
def test_anyone_but_the_presiding_chair_is_refused(world, who):
    setup = Meeting(world)
    actor = setup.member.user if who == "member" else world.office
    before = AuditRecord.objects.count()

    with pytest.raises(PermissionDenied, match="chair presiding"):
        perform_transitions(setup.declarations, "pass", actor=actor)

    assert statuses(setup.declarations) == [S.IN_REVIEW] * 2
    assert AuditRecord.objects.count() == before


def test_the_system_no_longer_passes_on_the_chairs_behalf(world):
    setup = Meeting(world, candidates=1)
    with pytest.raises(PermissionDenied):
        perform_transitions(setup.declarations, "fail", actor=None)
    assert statuses(setup.declarations) == [S.IN_REVIEW]


def test_the_chair_of_a_meeting_still_voting_is_refused(world):
    setup = Meeting(world, status=MS.BALLOT_OPEN)
    with pytest.raises(PermissionDenied):
        perform_transitions(setup.declarations, "pass", actor=setup.chair.user)
    assert statuses(setup.declarations) == [S.IN_REVIEW] * 2


def test_the_chair_decides_only_on_their_meetings_candidates(world):
    setup = Meeting(world, candidates=1)
    other = Meeting(world, candidates=1)
    # The other meeting is presided over by someone else: its chair's seat is taken away.
    PanelSeat.objects.filter(meeting=other.meeting, expert=other.chair).update(attended=False)
    with pytest.raises(PermissionDenied):
        perform_transitions(
            [*setup.declarations, *other.declarations], "pass", actor=setup.chair.user
        )
    assert statuses([*setup.declarations, *other.declarations]) == [S.IN_REVIEW] * 2
