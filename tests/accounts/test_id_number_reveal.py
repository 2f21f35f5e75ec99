"""A whole ID number is shown only where the task needs it: to its holder; to the office of
the plan's jury for the qualification check; to the HR bureau for the national filing. Each
reveal is an explicit POST ("show", an export option) and is recorded; searching by ID number
is a POST too, so that a number never lands in an address."""

import io

import pytest
from knox.models import AuthToken
from openpyxl import load_workbook
from rest_framework.test import APIClient

from accounts import id_number_access
from accounts.models import Membership, Organization, Role
from accounts.permissions import (
    ID_NUMBER_PURPOSES,
    NATIONAL_FILING,
    QUALIFICATION_CHECK,
    may_reveal_id_number,
)
from applicants.permissions import may_reveal_applicant_id
from audit.access_log import record_data_access
from audit.models import PersonalDataAccess
from core.masking import mask_id_number
from tests.factories import AccountFactory, OrganizationFactory
from tests.id_numbers_world import IdNumbersWorld

SHOW = "Show the whole number"


@pytest.fixture
def world(demo, settings, django_capture_on_commit_callbacks):
    settings.LANGUAGE_CODE = "en"
    return IdNumbersWorld(demo, settings, django_capture_on_commit_callbacks)


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def reveals(kind=PersonalDataAccess.Kind.ID_NUMBER):
    return list(
        PersonalDataAccess.objects.filter(kind=kind).values_list(
            "viewer__username", "subject_id", "viewer_role", "item"
        )
    )


# --- the rule -----------------------------------------------------------------------------


def test_the_purposes_are_one_mapping_of_role_to_purposes():
    assert {
        Role.JURY_OFFICE: {QUALIFICATION_CHECK},
        Role.HR_BUREAU: {NATIONAL_FILING},
    } == ID_NUMBER_PURPOSES


def test_the_rule_asks_the_role_the_purpose_and_the_scope(world):
    office = world.membership(world.office)
    bureau = world.membership(world.bureau)
    subject = world.holders[0]
    always = lambda membership: True  # noqa: E731

    assert may_reveal_id_number(subject, None, subject, QUALIFICATION_CHECK)  # their own
    assert may_reveal_id_number(world.office, office, subject, QUALIFICATION_CHECK, within=always)
    assert not may_reveal_id_number(world.office, office, subject, NATIONAL_FILING, within=always)
    assert not may_reveal_id_number(world.office, office, subject, QUALIFICATION_CHECK)
    assert not may_reveal_id_number(
        world.office, office, subject, QUALIFICATION_CHECK, within=lambda m: False
    )
    assert may_reveal_id_number(world.bureau, bureau, subject, NATIONAL_FILING, within=always)
    assert not may_reveal_id_number(
        world.bureau, office, subject, QUALIFICATION_CHECK, within=always
    )
    employer = world.membership(world.employer)
    assert not may_reveal_id_number(world.employer, employer, subject, "anything", within=always)
    office.is_active = False
    assert not may_reveal_id_number(
        world.office, office, subject, QUALIFICATION_CHECK, within=always
    )


# --- the declaration's page: the office's qualification check -----------------------------


def test_the_office_sees_the_number_masked_and_reveals_it_with_a_recorded_post(world, english):
    declaration = world.declarations[0]
    number = declaration.applicant.id_number
    english.force_login(world.office)
    url = f"/declarations/{declaration.pk}/"

    page = english.get(url).content.decode()
    assert number not in page and mask_id_number(number) in page
    assert f'action="/declarations/{declaration.pk}/reveal-id/#id-number"' in page
    assert SHOW in page
    assert reveals() == []
    assert english.get(f"{url}reveal-id/").status_code == 405  # a GET reveals nothing

    shown = english.post(f"{url}reveal-id/")

    assert shown.status_code == 200
    assert number in shown.content.decode()
    assert "no-store" in shown["Cache-Control"]
    assert reveals() == [
        ("office", declaration.applicant_id, Role.JURY_OFFICE, f"declaration #{declaration.pk}")
    ]
    assert number not in english.get(url).content.decode()  # masked again on the next visit


@pytest.mark.parametrize("who", ["employer", "bureau"])
def test_others_who_see_the_declaration_get_no_show_button_and_no_number(world, english, who):
    declaration = world.declarations[0]
    english.force_login(getattr(world, who))
    url = f"/declarations/{declaration.pk}/"

    page = english.get(url).content.decode()
    assert page.count(mask_id_number(declaration.applicant.id_number)) == 1
    assert SHOW not in page
    refused = english.post(f"{url}reveal-id/")
    assert refused.status_code == 403
    assert declaration.applicant.id_number not in refused.content.decode()
    assert reveals() == []


def test_the_office_of_another_jury_may_not_reveal(world, english):
    other_office = OrganizationFactory(
        name="另一评委会办公室", kind=Organization.Kind.JURY_OFFICE, parent=world.plan.organizer
    )
    stranger = AccountFactory(
        username="other_office", organization=other_office, role=Role.JURY_OFFICE
    )
    membership = Membership.objects.get(user=stranger)

    assert not may_reveal_applicant_id(stranger, membership, world.declarations[0])
    assert may_reveal_applicant_id(
        world.office, world.membership(world.office), world.declarations[0]
    )


def test_the_applicant_sees_their_own_whole_number_without_a_record(world, english):
    holder = world.holders[1]
    declaration = world.declarations[1]
    english.force_login(holder)

    page = english.get(f"/declarations/{declaration.pk}/").content.decode()

    assert holder.id_number in page and SHOW not in page
    assert reveals() == []


# --- the API ------------------------------------------------------------------------------


def test_the_api_reveals_to_the_office_by_post_and_records_it(world):
    declaration = world.declarations[0]
    api = APIClient()
    api.force_authenticate(world.office)
    url = f"/api/v1/declarations/{declaration.pk}/reveal-id/"

    assert api.get(url).status_code == 405
    answer = api.post(url)

    assert answer.status_code == 200
    assert answer.json() == {
        "person": declaration.applicant_id,
        "id_type": "resident_id",
        "id_type_display": "Mainland resident ID card",
        "id_number": declaration.applicant.id_number,
    }
    assert answer["Cache-Control"].startswith("private, no-store")
    # No role chosen on the site (an API client): the role that allowed it is recorded.
    assert reveals() == [
        ("office", declaration.applicant_id, Role.JURY_OFFICE, f"declaration #{declaration.pk}")
    ]


def test_a_token_caller_is_recorded_with_the_role_that_allowed_it(world):
    _instance, token = AuthToken.objects.create(user=world.bureau)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    certificate = world.certificates[0]

    answer = api.post(f"/api/v1/certificates/{certificate.pk}/reveal-id/")

    assert answer.status_code == 200, answer.content
    assert answer.json()["id_number"] == certificate.id_number
    assert reveals() == [
        ("bureau", certificate.holder_id, Role.HR_BUREAU, f"certificate {certificate.number}")
    ]


@pytest.mark.parametrize("who", ["employer", "bureau"])
def test_the_api_refuses_a_declaration_reveal_to_others(world, who):
    api = APIClient()
    api.force_authenticate(getattr(world, who))

    refused = api.post(f"/api/v1/declarations/{world.declarations[0].pk}/reveal-id/")

    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"
    assert reveals() == []


# --- the certificate: the bureau's national filing ----------------------------------------


def test_the_bureau_reveals_a_holders_number_on_the_certificate_page(world, english):
    certificate = world.certificates[0]
    english.force_login(world.bureau)
    url = f"/certificates/{certificate.pk}/"

    page = english.get(url).content.decode()
    assert certificate.id_number not in page and SHOW in page

    shown = english.post(f"{url}reveal-id/")

    assert shown.status_code == 200 and certificate.id_number in shown.content.decode()
    assert reveals() == [
        ("bureau", certificate.holder_id, Role.HR_BUREAU, f"certificate {certificate.number}")
    ]


@pytest.mark.parametrize("who", ["office", "employer"])
def test_the_office_and_the_employer_cannot_reveal_a_holders_number(world, english, who):
    certificate = world.certificates[0]
    english.force_login(getattr(world, who))

    page = english.get(f"/certificates/{certificate.pk}/").content.decode()
    assert certificate.id_number not in page and SHOW not in page
    assert english.post(f"/certificates/{certificate.pk}/reveal-id/").status_code == 403
    api = APIClient()
    api.force_authenticate(getattr(world, who))
    assert api.post(f"/api/v1/certificates/{certificate.pk}/reveal-id/").status_code == 403
    assert reveals() == []


# --- exports with whole numbers: an option for the permitted, every person recorded -------


def _sheet(content):
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def test_the_offices_roster_with_whole_numbers_is_its_own_job_and_records_everyone(
    world, english, django_capture_on_commit_callbacks
):
    english.force_login(world.office)
    url = f"/declarations/plans/{world.plan.pk}/roster/"
    asking = english.get(url).content.decode()
    assert 'name="full_id_numbers"' in asking

    with django_capture_on_commit_callbacks(execute=True):
        started = english.post(url, {"full_id_numbers": "1"})
    job_page = english.get(started["Location"])
    job = job_page.context["job"]
    rows = _sheet(english.get(f"/jobs/{job.pk}/download/").getvalue())

    numbers = {holder.id_number for holder in world.holders}
    assert {row[3] for row in rows[2:]} == numbers
    assert job.organization is None and job.role == ""  # not shared with colleagues
    exported = reveals(PersonalDataAccess.Kind.EXPORT)
    assert sorted(subject for _who, subject, _role, _item in exported) == sorted(
        holder.pk for holder in world.holders
    )
    assert {(who, role) for who, _subject, role, _item in exported} == {
        ("office", Role.JURY_OFFICE)
    }


def test_the_roster_by_default_masks_and_records_a_masked_export(
    world, english, django_capture_on_commit_callbacks
):
    english.force_login(world.office)
    with django_capture_on_commit_callbacks(execute=True):
        started = english.post(f"/declarations/plans/{world.plan.pk}/roster/")
    job = english.get(started["Location"]).context["job"]
    rows = _sheet(english.get(f"/jobs/{job.pk}/download/").getvalue())

    assert {row[3] for row in rows[2:]} == {mask_id_number(h.id_number) for h in world.holders}
    assert job.organization_id is not None  # the office's colleagues share it
    recorded = reveals(PersonalDataAccess.Kind.EXPORT)
    assert sorted(subject for _w, subject, _r, _i in recorded) == sorted(
        h.pk for h in world.holders
    )
    assert all(role == "jury_office" and "whole" not in item for _w, _s, role, item in recorded)


def test_the_api_roster_gives_whole_numbers_only_on_a_post_by_the_office(world):
    api = APIClient()
    api.force_authenticate(world.office)
    masked = _sheet(api.get("/api/v1/declarations/roster/", {"plan": world.plan.pk}).content)
    whole = _sheet(
        api.post(
            "/api/v1/declarations/roster/",
            {"plan": world.plan.pk, "full_id_numbers": True},
            format="json",
        ).content
    )

    assert {row[3] for row in masked[2:]} == {mask_id_number(h.id_number) for h in world.holders}
    assert {row[3] for row in whole[2:]} == {h.id_number for h in world.holders}
    recorded = [item for _w, _s, _r, item in reveals(PersonalDataAccess.Kind.EXPORT)]
    assert sum("(whole ID numbers)" in item for item in recorded) == 3
    assert len(recorded) == 6  # the masked download is recorded too


def test_the_bureaus_certificate_table_with_whole_numbers_records_each_holder_in_one_batch(
    world, english, django_capture_on_commit_callbacks, monkeypatch
):
    batches = []

    def spy(request, **kwargs):
        batches.append(list(kwargs["subject_ids"]))
        return record_data_access(request, **kwargs)

    monkeypatch.setattr(id_number_access, "record_data_access", spy)
    english.force_login(world.bureau)
    asking = english.get("/certificates/export.xlsx").content.decode()
    assert 'name="full_id_numbers"' in asking

    with django_capture_on_commit_callbacks(execute=True):
        started = english.post("/certificates/export.xlsx", {"full_id_numbers": "1"})
    job = english.get(started["Location"]).context["job"]
    rows = _sheet(english.get(f"/jobs/{job.pk}/download/").getvalue())

    assert {row[1] for row in rows[1:]} == {c.id_number for c in world.certificates}
    holders = sorted(c.holder_id for c in world.certificates)
    assert [sorted(batch) for batch in batches] == [holders]
    recorded = reveals(PersonalDataAccess.Kind.EXPORT)
    assert sorted(subject for _w, subject, _r, _i in recorded) == holders
    assert {(who, role) for who, _s, role, _i in recorded} == {("bureau", Role.HR_BUREAU)}


def test_the_offices_certificate_table_is_masked_and_offers_no_option(
    world, english, django_capture_on_commit_callbacks
):
    english.force_login(world.office)
    assert 'name="full_id_numbers"' not in english.get("/certificates/export.xlsx").content.decode()
    assert english.post("/certificates/export.xlsx", {"full_id_numbers": "1"}).status_code == 403

    with django_capture_on_commit_callbacks(execute=True):
        started = english.post("/certificates/export.xlsx")
    job = english.get(started["Location"]).context["job"]
    rows = _sheet(english.get(f"/jobs/{job.pk}/download/").getvalue())
    assert {row[1] for row in rows[1:]} == {mask_id_number(c.id_number) for c in world.certificates}

    api = APIClient()
    api.force_authenticate(world.office)
    assert (
        api.post(
            "/api/v1/certificates/export/", {"full_id_numbers": True}, format="json"
        ).status_code
        == 403
    )
    recorded = reveals(PersonalDataAccess.Kind.EXPORT)
    assert recorded and all("whole" not in item for _w, _s, _r, item in recorded)


# --- searching by ID number: a POST ------------------------------------------------------


def test_the_certificate_list_finds_an_id_number_by_post_and_refuses_it_in_the_address(
    world, english
):
    certificate = world.certificates[1]
    english.force_login(world.bureau)

    found = english.post("/certificates/", {"id_number": certificate.id_number.lower()})
    assert found.status_code == 200
    assert list(found.context["page"].object_list) == [certificate]

    refused = english.get("/certificates/", {"q": certificate.id_number})
    assert "use the ID number search, sent by POST" in refused.content.decode()
    by_name = english.get("/certificates/", {"q": certificate.holder_name})
    assert list(by_name.context["page"].object_list) == [certificate]


def test_the_api_searches_accounts_and_certificates_by_id_number_in_the_body(world):
    api = APIClient()
    api.force_authenticate(world.bureau)
    holder = world.holders[2]

    accounts = api.post("/api/v1/accounts/search/", {"id_number": holder.id_number}, format="json")
    certificates = api.post(
        "/api/v1/certificates/search/", {"id_number": holder.id_number}, format="json"
    )

    assert [row["id"] for row in accounts.json()["results"]] == [holder.pk]
    assert accounts.json()["results"][0]["id_number"] == mask_id_number(holder.id_number)
    assert [row["holder"] for row in certificates.json()["results"]] == [holder.pk]
    for url in ("/api/v1/accounts/", "/api/v1/certificates/"):
        refused = api.get(url, {"q": holder.id_number})
        assert refused.status_code == 400
        assert list(refused.json()["errors"]) == ["q"]
