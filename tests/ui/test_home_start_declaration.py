"""The applicant's home page leads to their next task: while a plan they may declare in is
open and they have no declaration in it, a call to start one stands above everything else;
it goes once they have declared (and comes back if they withdraw), and other roles never
see it."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from applicants.models import Declaration
from tests.factories import DeclarationFactory, PlanFactory
from titles.models import EvaluationPlan

CALL = '<a class="button" href="/declarations/new/">开始申报</a>'


def home_of(client, user):
    client.force_login(user)
    return client.get("/").content.decode()


def test_the_applicant_is_invited_to_declare_in_the_open_plan(client, demo):
    page = home_of(client, demo["users"]["applicant"])

    assert CALL in page
    assert "正在受理申报" in page
    assert demo["plan"].name in page
    # Above the to-do list.
    assert page.index(CALL) < page.index('id="todo-heading"')


def test_the_call_goes_once_declared_and_comes_back_after_withdrawing(client, demo):
    applicant = demo["users"]["applicant"]
    declaration = DeclarationFactory(
        plan=demo["plan"],
        applicant=applicant,
        employer=applicant.memberships.get().organization,
        status=Declaration.Status.DRAFT,
    )
    assert CALL not in home_of(client, applicant)

    Declaration.objects.filter(pk=declaration.pk).update(status=Declaration.Status.WITHDRAWN)
    assert CALL in home_of(client, applicant)


def test_no_call_when_no_plan_is_open(client, demo):
    EvaluationPlan.objects.update(status=EvaluationPlan.Status.CLOSED)

    assert "开始申报" not in home_of(client, demo["users"]["applicant"])


def test_other_roles_are_not_invited(client, demo):
    page = home_of(client, demo["users"]["employer"])

    assert "开始申报" not in page
    assert not re.search(r'href="/declarations/new/"', page)


def test_the_homes_queries_do_not_grow_with_open_plans(client, demo):
    applicant = demo["users"]["applicant"]
    client.force_login(applicant)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            client.get("/")
        return len(captured)

    one_plan = queries()
    for number in range(3):
        PlanFactory(
            name=f"第{number}个计划",
            jury=demo["jury"],
            organizer=demo["plan"].organizer,
            titles=list(demo["plan"].titles.all()),
        )
    page = client.get("/").content.decode()

    assert "第2个计划" in page
    assert queries() == one_plan
