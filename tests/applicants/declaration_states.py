"""Declarations at the states where the page's offer changes, and what each person sees of
them: for the tests of the offered moves, their refusals and the API's agreement."""

import re
from datetime import timedelta

from applicants import services
from applicants.models import CorrectionNotice, Declaration, FormSection
from applicants.workflow import today

S = Declaration.Status
ITEM = {"section": FormSection.values[0], "problem": "职称证书复印件不清晰"}


def offered(html) -> list[str]:
    return re.findall(r'id="action-([a-z_]+)"', html)


def blocked(html) -> list[str]:
    return re.findall(r'id="blocked-([a-z_]+)"', html)


def page(client, user, declaration) -> str:
    client.force_login(user)
    response = client.get(f"/declarations/{declaration.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def filled_form(name) -> dict:
    """What a person types into the move's form on the page, done right."""
    items = {
        f"{name}-items-TOTAL_FORMS": "1",
        f"{name}-items-INITIAL_FORMS": "0",
        f"{name}-items-0-section": ITEM["section"],
        f"{name}-items-0-problem": ITEM["problem"],
    }
    return {
        "submit": {"submit-pledge": "on"},
        "resubmit": {"resubmit-pledge": "on"},
        "recommend": {"recommend-commitment": "on"},
        "return": {"return-reason": "材料不全", **items},
        "reject": {"reject-reason": "不符合申报条件"},
        "request_correction": items,
    }.get(name, {})


def _correction(world, declaration, *, overdue=False):
    declaration = world.advance(declaration, S.QUALIFICATION_CHECK)
    declaration = services.request_correction(declaration, actor=world.office, items=[ITEM])
    if overdue:
        CorrectionNotice.objects.filter(declaration=declaration).update(
            deadline=today() - timedelta(days=1)
        )
    return declaration


def states(world) -> list[tuple[str, Declaration, list]]:
    """(what, declaration, the people whose page to read), one applicant each."""
    number = iter(range(900, 1000))

    def fresh(**kwargs):
        n = next(number)
        return world.create(applicant=world.new_applicant(f"moves{n}", n), **kwargs)

    running = world.advance(fresh(), S.IN_UNIT_PUBLICITY)
    ended = world.advance(fresh(), S.IN_UNIT_PUBLICITY)
    world.end_publicity(ended)
    corrected = _correction(world, fresh())
    corrected = services.resubmit_declaration(corrected, actor=corrected.applicant, pledge=True)
    hospital = world.create(applicant=world.hospital_applicant)
    return [
        ("draft", fresh(), ["applicant"]),
        ("draft with blocking findings", fresh(materials=False), ["applicant"]),
        ("submitted", world.advance(fresh(), S.SUBMITTED), ["applicant", "unit"]),
        ("unit publicity running", running, ["applicant", "unit"]),
        ("unit publicity ended", ended, ["unit"]),
        ("at the department", world.advance(hospital, S.DEPARTMENT_REVIEW), ["department"]),
        ("recommended", world.advance(fresh(), S.RECOMMENDED), ["office"]),
        ("qualification check", world.advance(fresh(), S.QUALIFICATION_CHECK), ["office"]),
        ("correction requested", _correction(world, fresh()), ["applicant", "office"]),
        ("correction overdue", _correction(world, fresh(), overdue=True), ["applicant", "office"]),
        ("checked again after the correction", corrected, ["office"]),
    ]


def person(world, declaration, who):
    return {
        "applicant": declaration.applicant,
        "unit": world.unit_hr(declaration),
        "department": world.department,
        "office": world.office,
    }[who]
