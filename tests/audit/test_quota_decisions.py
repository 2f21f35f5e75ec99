"""Quota decisions join the audit chain with the person who made them, the role and
organization they acted in, and why."""

from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from accounts.models import Role
from audit.selectors import records_about
from quotas import services
from quotas.imports import build_template, import_post_data
from quotas.models import PostLevel
from tests.factories import DeclarationFactory

from .conftest import assert_chain_verifies

FIGURES = {
    "approved_posts": 40,
    "qualified_hired": 30,
    "qualified_not_hired": 2,
    "freed_by_retirement": 0,
    "freed_by_transfer": 0,
    "freed_other": 0,
}


def test_filing_and_approving_post_data_are_recorded_with_who_and_why(demo, users, new_records):
    school_hr, bureau = users["school_hr"], users["bureau"]
    school = school_hr.memberships.get().organization
    year = demo["plan"].year

    services.save_post_data(
        actor=school_hr,
        institution=school,
        year=year,
        levels={PostLevel.DEPUTY_SENIOR: FIGURES},
        reason="年初核定编制",
    )
    services.approve_audit_form(actor=bureau, institution=school, year=year, reason="已核实")

    filed, approved = new_records()
    assert (filed.action, filed.actor, filed.role, filed.organization) == (
        "file_post_data",
        school_hr,
        Role.EMPLOYER_HR,
        school,
    )
    assert filed.reason == "年初核定编制"
    assert filed.to_state == "pending"
    assert filed.payload["levels"][PostLevel.DEPUTY_SENIOR]["approved_posts"] == 40
    assert (approved.action, approved.actor, approved.role) == (
        "approve_post_data",
        bureau,
        Role.HR_BUREAU,
    )
    assert approved.organization == bureau.memberships.get().organization
    assert approved.reason == "已核实"
    assert list(records_about(school)) == [filed, approved]
    assert_chain_verifies()


def test_a_bureau_filing_with_approval_records_the_approval(demo, users, new_records):
    bureau = users["bureau"]
    school = users["school_hr"].memberships.get().organization

    services.save_post_data(
        actor=bureau,
        institution=school,
        year=demo["plan"].year,
        levels={PostLevel.DEPUTY_SENIOR: FIGURES},
        approve=True,
    )

    [record] = new_records()
    assert (record.action, record.actor, record.role, record.to_state) == (
        "file_post_data",
        bureau,
        Role.HR_BUREAU,
        "approved",
    )
    assert_chain_verifies()


def test_the_double_orientation_choice_is_recorded_on_the_declaration(demo, users, new_records):
    school_hr = users["school_hr"]
    school = school_hr.memberships.get().organization
    declaration = DeclarationFactory(plan=demo["plan"], employer=school)

    services.choose_double_orientation(
        actor=school_hr, declaration=declaration, chosen=True, reason="乡镇卫生院定向岗位"
    )

    [record] = new_records()
    assert (record.action, record.declaration, record.actor, record.role, record.organization) == (
        "choose_double_orientation",
        declaration,
        school_hr,
        Role.EMPLOYER_HR,
        school,
    )
    assert (record.reason, record.payload) == ("乡镇卫生院定向岗位", {"double_orientation": True})
    assert_chain_verifies()


def test_an_imported_audit_form_is_one_decision_of_the_bureau(demo, users, new_records):
    bureau = users["bureau"]
    school = users["school_hr"].memberships.get().organization
    template = load_workbook(BytesIO(build_template()))
    template.worksheets[0].append(
        [school.credit_code, "", demo["plan"].year, "副高级", 40, 20, 0, 0, 0, 0, "是"]
    )
    upload = BytesIO()
    template.save(upload)
    upload.seek(0)

    import_post_data(actor=bureau, file=upload)

    [record] = new_records()
    assert (record.action, record.actor, record.role, record.organization) == (
        "import_post_data",
        bureau,
        Role.HR_BUREAU,
        bureau.memberships.get().organization,
    )
    assert record.payload == {
        "institutions": [school.pk],
        "years": [demo["plan"].year],
        "created": 0,
        "updated": 1,
        "approved": 1,
    }
    assert_chain_verifies()


def test_a_refused_filing_records_nothing(demo, users, new_records):
    hospital = users["hospital_hr"].memberships.get().organization
    with pytest.raises(PermissionDenied):
        services.save_post_data(
            actor=users["school_hr"],
            institution=hospital,
            year=demo["plan"].year,
            levels={PostLevel.DEPUTY_SENIOR: FIGURES},
        )
    assert new_records() == []
