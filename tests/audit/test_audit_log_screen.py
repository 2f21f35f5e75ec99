"""The audit-log screen: the HR bureau and the administrator read the decisions of the audit
chain, newest first, filtered by person, declaration, action, plan and dates, a page at a
time in a flat number of queries; every other role is told the page does not exist."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.services import append_audit_record, plan_chain
from continuing_ed.services import certify_hours, claim_hours
from tests.factories import DeclarationFactory

URL = "/audit/"


@pytest.fixture
def decisions(demo):
    """A unit's recommendation and the bureau's qualification of one declaration."""
    users = demo["users"]
    employer = users["employer"]
    unit = employer.memberships.get().organization
    declaration = DeclarationFactory(plan=demo["plan"], employer=unit)
    recommended = append_audit_record(
        action="recommend",
        actor=employer,
        role="employer_hr",
        organization=unit,
        declaration=declaration,
        from_state="in_unit_publicity",
        to_state="recommended",
        reason="同意推荐",
    )
    qualified = append_audit_record(
        action="qualify",
        actor=users["bureau"],
        role="hr_bureau",
        organization=users["bureau"].memberships.get().organization,
        declaration=declaration,
        from_state="checking",
        to_state="qualified",
    )
    return {"declaration": declaration, "recommended": recommended, "qualified": qualified}


def read(client, user, **query):
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client.get(URL, query)


def test_the_bureau_reads_the_newest_decisions_first(demo, client, decisions):
    bureau = demo["users"]["bureau"]
    response = read(client, bureau)
    assert response.status_code == 200
    records = list(response.context["page"])
    assert [r.pk for r in records[:2]] == [decisions["qualified"].pk, decisions["recommended"].pk]
    page = response.content.decode()
    for shown in ("Pass the qualification check", "Recommend", "同意推荐", "赵人事"):
        assert shown in page
    assert "Employer HR staff" in page  # the role, not its stored code
    assert "employer_hr" not in page
    assert "Data access record" in page  # the tab to who saw whose data


def test_filters_by_person_declaration_action_plan_and_dates(demo, client, decisions):
    admin, bureau = demo["users"]["admin"], demo["users"]["bureau"]
    declaration_record = decisions["recommended"]
    declaration = declaration_record.declaration
    actor = declaration_record.actor

    by_declaration = read(client, admin, declaration=declaration.pk).context["page"]
    assert by_declaration and all(r.declaration_id == declaration.pk for r in by_declaration)

    by_actor = read(client, admin, actor=actor.username).context["page"]
    assert by_actor and all(r.actor_id == actor.pk for r in by_actor)

    by_action = read(client, admin, action=declaration_record.action).context["page"]
    assert by_action and all(r.action == declaration_record.action for r in by_action)

    by_plan = read(client, admin, plan=demo["plan"].pk).context["page"]
    assert by_plan and all(r.chain == plan_chain(demo["plan"].pk) for r in by_plan)

    tomorrow = timezone.localdate() + timedelta(days=1)
    later = read(client, admin, since=tomorrow.isoformat()).context["page"]
    assert list(later) == []
    backwards = read(client, bureau, since=tomorrow.isoformat(), until="2020-01-01")
    assert backwards.status_code == 400
    assert "The start date is after the end date." in backwards.content.decode()


def test_the_bureau_sees_only_its_jurisdiction(demo, client):
    admin, bureau = demo["users"]["admin"], demo["users"]["bureau"]
    elsewhere = append_audit_record(action="recommend", actor=admin, role="admin", reason="测试")
    assert elsewhere.pk in [r.pk for r in read(client, admin).context["page"]]
    assert elsewhere.pk not in [r.pk for r in read(client, bureau).context["page"]]


def test_a_flat_number_of_queries_as_the_log_grows(demo, client, decisions):
    admin = demo["users"]["admin"]
    read(client, admin)
    with CaptureQueriesContext(connection) as before:
        read(client, admin)
    declaration = decisions["declaration"]
    for number in range(60):
        append_audit_record(
            action="update", actor=admin, role="admin", declaration=declaration, reason=str(number)
        )
    with CaptureQueriesContext(connection) as after:
        response = read(client, admin)
    assert len(response.context["page"]) == 50
    assert len(after) == len(before)


@pytest.mark.parametrize("who", ["applicant", "employer", "office", "department"])
def test_other_roles_are_told_the_page_does_not_exist(demo, client, who):
    assert read(client, demo["users"][who]).status_code == 404


def test_states_are_named_in_the_words_of_their_subject(demo, client):
    """A credit-hour claim certified reads 待认定 → 已认定, not a declaration's 已取得资格."""
    users = demo["users"]
    claim = claim_hours(
        person=users["applicant"],
        year=2025,
        activity="公路桥梁养护新技术",
        subject_kind="professional",
        hours="12.5",
        ended_on=date(2025, 9, 12),
        certificate_number="JT-2025-0042",
    )
    certify_hours(actor=users["employer"], record=claim)
    client.force_login(users["bureau"])

    page = client.get(URL, {"action": "certify_hours"}).content.decode()

    assert "待认定 → 已认定" in page
    assert "学时已认定" in page  # the decision's own words
    assert "claimed" not in page and "certify_hours</td>" not in page
