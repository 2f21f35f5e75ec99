"""One writer per state: nothing but applicants/workflow.py assigns `Declaration.status`, and
nothing but juries/meeting_workflow.py (the meeting's state table) assigns
`ReviewMeeting.status`."""

import textwrap

from tests.architecture import rules


def test_only_the_declaration_workflow_writes_a_declarations_status():
    findings = rules.status_writers(rules.DECLARATION)
    assert findings == [], "\n".join(map(str, findings))


def test_only_the_meeting_state_table_writes_a_meetings_status():
    findings = rules.status_writers(rules.REVIEW_MEETING)
    assert findings == [], "\n".join(map(str, findings))


def test_only_the_erasure_state_table_writes_an_erasure_requests_status():
    findings = rules.status_writers(rules.ERASURE_REQUEST)
    assert findings == [], "\n".join(map(str, findings))
    assert rules.status_writers(rules.ERASURE_REQUEST, allowed="") != []


def test_the_scan_sees_the_workflows_own_writes():
    # So that the test above cannot pass by not recognising a write at all.
    own = rules.status_writers(rules.DECLARATION, allowed="")
    assert {finding.path for finding in own} == {"applicants/workflow.py"}
    assert {finding.what for finding in own} == {
        "assigns .status of Declaration",
        "update(status=...) of Declaration",
    }


def scan(tmp_path, owner, source):
    path = tmp_path / "quotas" / "services.py"
    path.parent.mkdir(parents=True)
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return [str(finding) for finding in rules.status_writers(owner, root=tmp_path)]


def test_the_scan_reports_every_way_of_writing_a_declarations_status(tmp_path):
    findings = scan(
        tmp_path,
        rules.DECLARATION,
        """\
        def shortcut(declaration, candidate, pks):
            declaration.status = "qualified"
            candidate.declaration.status = "failed"
            setattr(declaration, "status", "draft")
            Declaration.objects.filter(pk__in=pks).update(status="passed")
            declarations.update(**{"status": "passed"})
            Declaration.objects.bulk_update(rows, ["status", "updated_at"])
            # Not a declaration's status: left alone.
            record.status = "certified"
            declaration.publicities.update(status="closed")
            Declaration.objects.filter(status="draft").update(note="x")
        """,
    )

    assert findings == [
        "quotas/services.py:2: assigns .status of Declaration",
        "quotas/services.py:3: assigns .status of Declaration",
        "quotas/services.py:4: setattr(..., 'status') of Declaration",
        "quotas/services.py:5: update(status=...) of Declaration",
        "quotas/services.py:6: update(status=...) of Declaration",
        "quotas/services.py:7: bulk_update(..., ['status']) of Declaration",
    ]


def test_the_scan_reports_a_meetings_status_written_outside_its_state_table(tmp_path):
    findings = scan(
        tmp_path,
        rules.REVIEW_MEETING,
        """\
        def confirm(meeting, seat):
            meeting.status = "confirmed"
            ReviewMeeting.objects.filter(pk=meeting.pk).update(status="confirmed")
            meeting.seats.update(status="accepted")
        """,
    )

    assert findings == [
        "quotas/services.py:2: assigns .status of ReviewMeeting",
        "quotas/services.py:3: update(status=...) of ReviewMeeting",
    ]
