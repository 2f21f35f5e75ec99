"""Post quotas over the API, scoped like the pages, and described in the OpenAPI schema."""

from io import BytesIO

import pytest
from django.utils import translation
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from openpyxl import load_workbook
from rest_framework.test import APIClient

from quotas.models import DoubleOrientationChoice, PostData
from quotas.services import recompute_quotas, reserve_place


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def api(user):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def test_an_institution_reads_its_quotas_with_use_and_explanation(world):
    recompute_quotas(years=[2026])
    reserve_place(world.declaration(world.school))

    response = api(world.users["school_hr"]).get("/api/v1/quotas/", {"year": 2026})

    rows = {row["post_level"]: row for row in response.json()["results"]}
    assert set(rows) == {"deputy_senior", "intermediate"}
    deputy = rows["deputy_senior"]
    assert deputy["institution"]["name"] == "示范市第一中学"
    assert (deputy["places"], deputy["taken"], deputy["places_left"]) == (4, 1, 3)
    assert deputy["ratio_percent"] == "95.00"
    assert deputy["explanation"][-1]["code"] == "within_posts"
    assert deputy["explanation"][-1]["figures"]["places"] == 4
    assert "40 − 36 = 4" in deputy["explanation"][-1]["text"]


def test_the_bureau_reads_every_institution_and_a_stranger_gets_404(world):
    recompute_quotas(years=[2026])
    hospital_quota = (
        api(world.users["bureau"])
        .get("/api/v1/quotas/", {"institution": world.hospital.pk})
        .json()["results"][0]
    )

    assert (
        api(world.users["school_hr"]).get(f"/api/v1/quotas/{hospital_quota['id']}/").status_code
        == 404
    )
    assert (
        api(world.users["bureau"]).get(f"/api/v1/quotas/{hospital_quota['id']}/").status_code == 200
    )


def test_filing_over_the_api_waits_for_approval_and_the_bureau_approves(world):
    filed = api(world.users["school_hr"]).post(
        "/api/v1/post-data/",
        {
            "institution": world.school.pk,
            "year": 2027,
            "post_level": "full_senior",
            "approved_posts": 6,
            "qualified_hired": 4,
            "qualified_not_hired": 1,
        },
        format="json",
    )
    assert filed.status_code == 201, filed.content
    assert filed.json()["audit_form_approved"] is False

    refused = api(world.users["school_hr"]).post(f"/api/v1/post-data/{filed.json()['id']}/approve/")
    approved = api(world.users["bureau"]).post(f"/api/v1/post-data/{filed.json()['id']}/approve/")

    assert refused.status_code == 403
    assert "Only the HR bureau" in refused.json()["detail"]
    assert approved.json() == {"approved": 1}
    quota = (
        api(world.users["school_hr"])
        .get("/api/v1/quotas/", {"year": 2027, "post_level": "full_senior"})
        .json()["results"][0]
    )
    assert (quota["outcome"], quota["places"]) == ("vacant_posts", 2)


def test_an_institutions_change_withdraws_the_approval(world):
    row = PostData.objects.get(institution=world.school, post_level="deputy_senior")

    response = api(world.users["school_hr"]).patch(
        f"/api/v1/post-data/{row.pk}/", {"qualified_hired": 40}, format="json"
    )

    assert response.status_code == 200
    assert (response.json()["qualified_hired"], response.json()["audit_form_approved"]) == (
        40,
        False,
    )


def test_filing_for_an_enterprise_is_refused_with_a_reason(world):
    response = api(world.users["bureau"]).post(
        "/api/v1/post-data/",
        {
            "institution": world.enterprise.pk,
            "year": 2026,
            "post_level": "intermediate",
            "approved_posts": 6,
            "qualified_hired": 4,
            "qualified_not_hired": 1,
        },
        format="json",
    )

    assert response.status_code == 404  # enterprises have no quotas to see or file


def test_import_over_the_api_reports_every_bad_row(world):
    client = api(world.users["bureau"])
    template = client.get("/api/v1/post-data/template/")
    workbook = load_workbook(BytesIO(template.content))
    workbook.worksheets[0].append([world.school.credit_code, "", 2026, "中级", "x", 1, 0, 0, 0, 0])
    upload = BytesIO()
    workbook.save(upload)
    upload.seek(0)
    upload.name = "post-data.xlsx"

    response = client.post("/api/v1/post-data/import/", {"file": upload}, format="multipart")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "import_rejected"
    [(cell, [reason])] = body["errors"].items()
    assert cell == "2"
    assert "must be a whole number" in reason


def test_flags_and_reservations_are_listed(world):
    suspended = world.institution("示范市暂停卫生院")
    world.post_data(suspended, approved=10, hired=10, not_hired=5)
    recompute_quotas(years=[2026])
    reserve_place(world.declaration(world.school))
    client = api(world.users["bureau"])

    flags = client.get("/api/v1/quota-flags/", {"open": True}).json()["results"]
    reservations = client.get("/api/v1/quota-reservations/", {"active": True}).json()["results"]

    assert [(f["institution"]["name"], f["reason"]) for f in flags] == [
        ("示范市暂停卫生院", "suspended")
    ]
    assert [(r["institution"]["name"], r["post_level"]) for r in reservations] == [
        ("示范市第一中学", "deputy_senior")
    ]


def test_the_employer_puts_a_declaration_in_the_double_orientation_pool(world):
    declaration = world.declaration(world.school)

    response = api(world.users["school_hr"]).put(
        f"/api/v1/declaration-quota-pools/{declaration.pk}/",
        {"double_orientation": True},
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["post_level"], body["double_orientation"], body["outcome"]) == (
        "double_orientation",
        True,
        "no_audit_form",
    )
    assert DoubleOrientationChoice.objects.filter(declaration=declaration).exists()
    assert (
        api(world.users["hospital_hr"])
        .get(f"/api/v1/declaration-quota-pools/{declaration.pk}/")
        .status_code
        == 404
    )


def test_every_quota_endpoint_is_in_the_schema_without_warnings(db):
    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)

    paths = set(schema["paths"])
    assert {
        "/api/v1/quotas/",
        "/api/v1/quotas/export/",
        "/api/v1/post-data/",
        "/api/v1/post-data/{id}/approve/",
        "/api/v1/post-data/import/",
        "/api/v1/post-data/template/",
        "/api/v1/quota-flags/",
        "/api/v1/quota-reservations/",
        "/api/v1/declaration-quota-pools/{id}/",
    } <= paths
    ours = ("quotas", "Quota", "PostData", "PostLevel", "Outcome", "DeclarationPool", "Reason")
    warnings = [
        message
        for message in (*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache)
        if any(name in message for name in ours)
    ]
    assert warnings == []
