"""The summary table of a meeting is read in a number of queries that does not grow with the
roster: 30 candidates, each with achievements and annual assessments, cost what 3 cost."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from applicants.models import Achievement, AnnualAssessment
from audit.services import append_audit_record


def meeting_of(world, size):
    declarations = []
    for _ in range(size):
        declaration = world.declaration()
        Achievement.objects.create(
            declaration=declaration, kind="paper", title="论文", achieved_on=date(2022, 1, 1)
        )
        Achievement.objects.create(
            declaration=declaration, kind="award", title="奖项", achieved_on=date(2023, 1, 1)
        )
        AnnualAssessment.objects.create(declaration=declaration, year=2025, grade="competent")
        append_audit_record(action="qualify", actor=world.office, declaration=declaration)
        declarations.append(declaration)
    return world.meeting(declarations=declarations)


def queries_for(client, meeting, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/juries/meetings/{meeting.pk}/{path}")
    assert response.status_code == 200
    return len(queries)


def test_the_excel_of_30_candidates_takes_no_more_queries_than_3(world, client):
    few = meeting_of(world, 3)
    many = meeting_of(world, 30)
    client.force_login(world.office)
    queries_for(client, few, "summary.xlsx")  # the session and caches warmed

    for_few = queries_for(client, few, "summary.xlsx")
    for_many = queries_for(client, many, "summary.xlsx")

    assert for_many == for_few, f"{for_few} queries for 3 candidates, {for_many} for 30"
    assert for_many <= 20
