"""Accounts are created top-down: a bureau creates staff below it, a department its units'
HR, an employer HR its applicants. A created account cannot sign in until its holder sets a
password through the e-mailed activation link."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import IdType, Membership, Role, User
from accounts.services import create_account, grant_role
from tests.accounts.conftest import VALID_RESIDENT_ID, person_id


def new_account(actor, organization, role, **fields):
    values = {
        "real_name": "王五",
        "email": "wangwu@example.test",
        "id_number": person_id(50),
        **fields,
    }
    return create_account(actor=actor, organization=organization, role=role, **values)


@pytest.mark.parametrize(
    ("organization", "role"),
    [
        ("department", Role.DEPARTMENT_REVIEWER),
        ("hospital", Role.EMPLOYER_HR),
        ("office", Role.JURY_OFFICE),
        ("office", Role.EXPERT),
        ("city", Role.HR_BUREAU),
        ("company", Role.APPLICANT),
    ],
)
def test_a_bureau_creates_staff_of_any_role_but_admin_in_its_subtree(tree, organization, role):
    user = new_account(tree.bureau, getattr(tree, organization), role)

    assert Membership.objects.get(user=user).role == role
    assert Membership.objects.get(user=user).created_by == tree.bureau


def test_a_bureau_cannot_create_an_administrator(tree):
    with pytest.raises(PermissionDenied):
        new_account(tree.bureau, tree.city, Role.ADMIN)
    assert not User.objects.filter(real_name="王五").exists()


def test_a_bureau_cannot_create_accounts_in_a_strangers_subtree(tree):
    with pytest.raises(PermissionDenied):
        new_account(tree.bureau, tree.other_company, Role.EMPLOYER_HR)


def test_a_department_creates_the_hr_of_its_units_only(tree):
    new_account(tree.department_reviewer, tree.hospital, Role.EMPLOYER_HR)

    with pytest.raises(PermissionDenied):
        new_account(
            tree.department_reviewer, tree.department, Role.DEPARTMENT_REVIEWER, id_number=""
        )
    with pytest.raises(PermissionDenied):
        new_account(tree.department_reviewer, tree.company, Role.EMPLOYER_HR, id_number="")


@pytest.mark.parametrize(
    ("organization", "role"),
    [("company", Role.EMPLOYER_HR), ("office", Role.EXPERT), ("city", Role.HR_BUREAU)],
)
def test_an_employer_hr_cannot_create_staff_roles(tree, organization, role):
    with pytest.raises(PermissionDenied):
        new_account(tree.company_hr, getattr(tree, organization), role)


def test_an_employer_hr_cannot_create_staff_through_the_api(client, tree):
    client.force_login(tree.company_hr)

    response = client.post(
        "/api/v1/accounts/",
        {
            "organization": tree.company.pk,
            "role": Role.EMPLOYER_HR,
            "real_name": "王五",
            "email": "wangwu@example.test",
        },
        content_type="application/json",
    )

    assert response.status_code == 403
    assert not User.objects.filter(real_name="王五").exists()


def test_the_employer_hr_unit_page_offers_no_account_form(client, tree):
    client.force_login(tree.company_hr)

    response = client.get(f"/manage/organizations/{tree.company.pk}/")

    # Applicants are created from "applicant accounts"; staff roles are not the HR's to give.
    assert response.status_code == 200
    assert response.context["form"] is not None
    assert [value for value, _label in response.context["form"].fields["role"].choices] == [
        Role.APPLICANT
    ]


def test_an_employer_hr_creates_an_applicant_in_its_own_unit_only(tree):
    applicant = new_account(tree.company_hr, tree.company, Role.APPLICANT)
    assert applicant.memberships.get().organization == tree.company

    with pytest.raises(PermissionDenied):
        new_account(tree.company_hr, tree.hospital, Role.APPLICANT, id_number=person_id(51))


def test_without_a_username_the_holder_signs_in_with_the_id_number(tree, client):
    user = new_account(
        tree.company_hr, tree.company, Role.APPLICANT, id_number="11010519491231002x"
    )
    user.set_password("Activate-2026!")
    user.save()

    # The generated username is not the number, which is kept only encrypted.
    assert user.username.startswith("u") and VALID_RESIDENT_ID not in user.username
    assert user.id_number == VALID_RESIDENT_ID
    signed_in = client.post(
        "/login/", {"username": "11010519491231002x", "password": "Activate-2026!"}
    )
    assert signed_in.status_code == 302
    assert signed_in.wsgi_request.user == user


def test_an_applicant_needs_an_id_number_and_everyone_an_email(tree):
    with pytest.raises(ValidationError) as refused:
        new_account(tree.company_hr, tree.company, Role.APPLICANT, id_number="", email="")

    assert set(refused.value.message_dict) == {"id_number", "email"}


def test_the_same_person_cannot_get_a_second_account(tree):
    new_account(tree.company_hr, tree.company, Role.APPLICANT)

    with pytest.raises(ValidationError) as refused:
        new_account(tree.company_hr, tree.company, Role.APPLICANT, username="another")

    assert refused.value.message_dict == {
        "id_number": ["An account with this ID document number already exists."]
    }


def test_other_id_documents_are_accepted_without_a_check_digit(tree):
    user = new_account(
        tree.company_hr,
        tree.company,
        Role.APPLICANT,
        id_type=IdType.PASSPORT,
        id_number="E12345678",
    )
    assert user.id_number == "E12345678" and user.username != "E12345678"


def test_an_applicant_may_not_hold_a_reviewing_role_in_their_own_unit(tree):
    with pytest.raises(ValidationError) as refused:
        grant_role(
            actor=tree.bureau, user=tree.applicant, organization=tree.company, role=Role.EMPLOYER_HR
        )
    assert refused.value.message_dict == {
        "role": ["An applicant may not hold a reviewing role in their own unit."]
    }

    with pytest.raises(ValidationError):
        grant_role(
            actor=tree.bureau, user=tree.company_hr, organization=tree.company, role=Role.APPLICANT
        )

    # In another unit the same person may review.
    grant_role(
        actor=tree.bureau, user=tree.applicant, organization=tree.hospital, role=Role.EMPLOYER_HR
    )


def activation_link(message):
    return re.search(r"http://testserver(/manage/activate/\S+/)", message.body).group(1)


def test_a_created_account_signs_in_only_after_activation(
    client, tree, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://testserver"
    with django_capture_on_commit_callbacks(execute=True):
        user = new_account(tree.company_hr, tree.company, Role.APPLICANT)

    assert not user.has_usable_password()
    signed_in = client.post("/login/", {"username": user.username, "password": "whatever-it-is-1A"})
    assert signed_in.status_code == 200 and not signed_in.wsgi_request.user.is_authenticated
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["wangwu@example.test"]
    assert user.username in mail.outbox[0].body

    form_page = client.get(activation_link(mail.outbox[0]), follow=True)
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Zhicheng-Activate-2026", "new_password2": "Zhicheng-Activate-2026"},
        follow=True,
    )
    assert done.redirect_chain[-1][0] == "/manage/activate/done/"

    user.refresh_from_db()
    assert user.has_usable_password() and not user.must_change_password
    signed_in = client.post(
        "/login/", {"username": user.username, "password": "Zhicheng-Activate-2026"}
    )
    assert signed_in.status_code == 302 and signed_in.wsgi_request.user.is_authenticated
    client.post("/logout/")
    # The link works once.
    assert not client.get(activation_link(mail.outbox[0]), follow=True).context["validlink"]


def test_the_organization_page_creates_a_staff_account(
    client, tree, django_capture_on_commit_callbacks
):
    client.force_login(tree.bureau)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/manage/organizations/{tree.office.pk}/",
            {
                "role": Role.EXPERT,
                "real_name": "赵专家",
                "id_type": IdType.RESIDENT_ID,
                "id_number": "",
                "email": "expert@example.test",
                "username": "zhao_expert",
            },
            follow=True,
        )

    assert response.status_code == 200
    assert "赵专家" in response.content.decode()
    membership = Membership.objects.get(user__username="zhao_expert")
    assert (membership.organization, membership.role) == (tree.office, Role.EXPERT)
    assert mail.outbox[0].to == ["expert@example.test"]


def test_the_applicant_page_lists_the_units_applicants_and_can_resend_the_link(
    client, tree, django_capture_on_commit_callbacks
):
    pending = new_account(tree.company_hr, tree.company, Role.APPLICANT)
    client.force_login(tree.company_hr)

    page = client.get("/manage/applicants/")
    assert [user.username for user in page.context["applicants"]] == [
        pending.username,
        "applicant",
    ]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/manage/accounts/{pending.pk}/resend-activation/")
    assert [message.to for message in mail.outbox] == [["wangwu@example.test"]]

    # Someone else's applicant is not found at all.
    other = new_account(tree.other_hr, tree.other_company, Role.APPLICANT, id_number=person_id(52))
    assert client.post(f"/manage/accounts/{other.pk}/resend-activation/").status_code == 404


def test_only_employer_hr_has_the_applicant_pages(client, tree):
    client.force_login(tree.applicant)

    assert client.get("/manage/applicants/").status_code == 403
    assert client.get("/manage/applicants/import/").status_code == 403
