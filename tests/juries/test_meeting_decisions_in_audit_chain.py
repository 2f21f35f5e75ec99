"""Every decision on a review meeting, and on an objection to its result, is in the audit
chain with the person who made it, their role, and the reason, and the chain still verifies."""

from accounts.models import Role
from audit.models import AuditRecord
from audit.services import find_chain_break
from juries.models import Objection
from juries.services.meetings import apply_for_meeting, return_meeting
from juries.services.publicity import decide_objection


def meeting_records(meeting):
    return AuditRecord.objects.filter(
        subject_type="juries.reviewmeeting", subject_id=str(meeting.pk)
    ).order_by("pk")


def test_a_meeting_from_application_to_publicity_is_in_the_chain(world):
    meeting = world.meeting(declarations=[world.declaration()])
    apply_for_meeting(actor=world.office, meeting=meeting)
    return_meeting(actor=world.bureau, meeting=meeting, reason="名单有误")
    meeting.refresh_from_db()
    world.set_today(world.today)
    publicity = world.publicized(declarations=[world.declaration()])
    published = publicity.meeting

    returned = list(meeting_records(meeting))
    assert [(r.action, r.from_state, r.to_state) for r in returned] == [
        ("meeting.apply", "draft", "applied"),
        ("meeting.return", "applied", "returned"),
    ]
    assert (returned[1].actor, returned[1].role, returned[1].reason) == (
        world.bureau,
        Role.HR_BUREAU,
        "名单有误",
    )
    records = list(meeting_records(published))
    assert [r.action for r in records] == [
        "meeting.apply",
        "meeting.approve",
        "meeting.draw",
        "meeting.open_ballot",
        "meeting.close_ballot",
        "meeting.confirm",
        "meeting.publish",
    ]
    chair = published.confirmed_by
    by_action = {r.action: r for r in records}
    assert by_action["meeting.approve"].actor == world.bureau
    assert by_action["meeting.draw"].actor == world.office
    assert by_action["meeting.draw"].role == Role.JURY_OFFICE
    assert by_action["meeting.draw"].organization == published.jury.office
    assert (by_action["meeting.confirm"].actor, by_action["meeting.confirm"].role) == (
        chair,
        Role.EXPERT,
    )
    assert by_action["meeting.confirm"].to_state == "confirmed"
    assert all(record.actor is not None for record in records)
    assert find_chain_break() is None


def test_an_objection_filed_and_decided_is_in_the_chain(world):
    publicity = world.publicized(declarations=[world.declaration()])
    objection = world.objection(publicity, "论文存疑")
    decide_objection(actor=world.office, objection=objection, upheld=False, finding="经核实不属实")

    records = AuditRecord.objects.filter(
        subject_type="juries.objection", subject_id=str(objection.pk)
    ).order_by("pk")
    filed, decided = records
    assert (filed.action, filed.actor, filed.declaration) == (
        "objection.file",
        None,
        objection.candidate.declaration,
    )
    assert (decided.action, decided.actor, decided.role, decided.reason) == (
        "objection.decide",
        world.office,
        Role.JURY_OFFICE,
        "经核实不属实",
    )
    assert (decided.from_state, decided.to_state) == (
        Objection.Status.OPEN,
        Objection.Status.DISMISSED,
    )
    assert find_chain_break() is None
