"""After the demo year (the demo cycle with its hours and declarations, as `manage.py
load_demo` loads it, then a review meeting held, the result publicized and an objection filed
and decided) the audit chain verifies and holds the meeting's and the
objection's decisions, each naming the person who made it."""

from django.core.management import call_command

from audit.models import AuditRecord
from audit.selectors import records_about
from fixtures.demo_continuing_ed import load_demo_continuing_ed
from fixtures.demo_declarations import load_demo_declarations
from juries.services.publicity import decide_objection, file_objection
from tests.juries.conftest import JuryWorld


def test_the_chain_verifies_after_the_year_and_names_who_decided(demo, monkeypatch, capsys):
    load_demo_continuing_ed(demo)
    load_demo_declarations(demo)
    world = JuryWorld(demo, monkeypatch)
    publicity = world.publicized()
    meeting = publicity.meeting
    objection = file_objection(
        publicity=publicity,
        candidate=meeting.candidates.get(),
        filer_name="李群众",
        filer_phone="13800001234",
        content="论文涉嫌抄袭",
    )
    decide_objection(
        actor=world.office, objection=objection, upheld=False, finding="经核查，论文为本人撰写。"
    )

    call_command("verify_audit_chain")
    assert "Audit chain intact" in capsys.readouterr().out

    meeting_decisions = list(records_about(meeting))
    assert meeting_decisions, "the review meeting's decisions are not in the chain"
    deciders = {(record.actor, record.role) for record in meeting_decisions}
    assert (world.office, "jury_office") in deciders
    assert (world.bureau, "hr_bureau") in deciders  # the bureau approved the meeting
    assert all(record.actor is not None for record in meeting_decisions if record.role != "system")

    filed, decided = records_about(objection)
    assert filed.declaration_id == decided.declaration_id == objection.candidate.declaration_id
    assert (decided.actor, decided.role, decided.reason) == (
        world.office,
        "jury_office",
        "经核查，论文为本人撰写。",
    )
    # The demo's declarations, walked from draft to qualification, and its certified hours
    # are in the same chain.
    assert AuditRecord.objects.filter(action="qualify", actor=demo["users"]["office"]).exists()
    assert AuditRecord.objects.filter(action="certify_hours", actor__isnull=False).exists()
