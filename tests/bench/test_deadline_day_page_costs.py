"""Deadline day's own cost of each page (bench/deadline_day.py): after the load, the sessions
take more steps in the benchmark's process through Django's test client, and each page kind's
CPU and queries per request are reported. The pages answer there as over HTTP: a draft saved
and a proof uploaded with the page's CSRF token are taken, and the queries counted are those
the page makes."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.deadline_day import Session, Step, filing_steps, page_costs
from bench.lists import credentials
from tests.applicants.conftest import World


@pytest.fixture(autouse=True)
def _product_in_english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def world(demo):
    return World(demo)


def test_each_page_kind_gets_its_cpu_and_the_queries_it_made(world):
    declaration = world.create()
    signed_in = credentials(world.applicant)["page"]
    following = Session(
        "applicant",
        (Step("home", "/"), Step("declaration", f"/declarations/{declaration.pk}/")),
        signed_in,
    )

    costs = page_costs([following], turns=4)

    assert sorted(costs) == ["declaration", "home"]
    assert costs["declaration"]["requests"] == costs["home"]["requests"] == 2
    assert costs["declaration"]["errors"] == costs["home"]["errors"] == 0
    assert costs["declaration"]["cpu_ms"] > 0 and costs["home"]["cpu_ms"] > 0
    with CaptureQueriesContext(connection) as seen:
        shown = Client().get(f"/declarations/{declaration.pk}/", HTTP_COOKIE=signed_in["Cookie"])
    assert shown.status_code == 200
    assert costs["declaration"]["queries"] == len(seen.captured_queries)


def test_a_draft_saved_and_a_proof_uploaded_in_process_are_taken(world):
    declaration = world.create(materials=False)
    materials_before = declaration.materials.count()
    filing = Session(
        "applicant", filing_steps(declaration.pk), credentials(world.applicant)["page"]
    )

    costs = page_costs([filing], turns=4)

    assert {kind: cost["errors"] for kind, cost in costs.items()} == {
        "applicant draft form": 0,
        "applicant saving a draft": 0,
        "applicant declaration": 0,
        "applicant uploading a proof": 0,
    }
    # One proof in the warming round, one in the measured one.
    assert declaration.materials.count() == materials_before + 2


def test_a_page_answered_otherwise_than_expected_is_counted_as_an_error():
    # Not signed in: the list sends to the sign-in page (302), where the step expects 200.
    anonymous = Session("public", (Step("declaration list", "/declarations/"),), {})

    costs = page_costs([anonymous], turns=2)

    assert costs["declaration list"]["requests"] == 2
    assert costs["declaration list"]["errors"] == 2
