"""A declarant never learns who objected, during the unit publicity or the result publicity:
their pages and their record of decisions say "a member of the unit". The unit's HR staff,
who resolve the objection, and the jury office read who it was."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from applicants import services
from applicants.models import Declaration, UnitPublicity
from juries.services.publicity import decide_objection
from tests.juries.conftest import JuryWorld

S = Declaration.Status
OBJECTOR_NAME, OBJECTOR_LOGIN = "异议同事甲", "objecting-colleague"
CONTENT = "其论文与本人合作完成，署名顺序有误。"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    client.cookies["django_language"] = "en"
    return client


def seen_by(client, user, declaration) -> str:
    """The declaration's page and its record of decisions through the API, as `user`."""
    client.force_login(user)
    client.cookies["django_language"] = "en"
    page = client.get(f"/declarations/{declaration.pk}/")
    trail = api(user).get(f"/api/v1/declarations/{declaration.pk}/audit-trail/")
    assert page.status_code == trail.status_code == 200
    return page.content.decode() + trail.content.decode()


@pytest.fixture
def objected(world):
    """A declaration in its unit publicity, objected to by a colleague of the same unit."""
    declaration = world.advance(world.create(), S.IN_UNIT_PUBLICITY)
    colleague = world.new_applicant(OBJECTOR_LOGIN, 7)
    colleague.real_name = OBJECTOR_NAME
    colleague.save(update_fields=["real_name"])
    publicity = UnitPublicity.objects.get(declaration=declaration)
    objection = services.raise_publicity_objection(publicity, actor=colleague, content=CONTENT)
    return declaration, objection


def test_the_declarant_is_not_told_who_objected_during_the_unit_publicity(world, client, objected):
    declaration, _objection = objected

    seen = seen_by(client, world.applicant, declaration)
    assert OBJECTOR_NAME not in seen and OBJECTOR_LOGIN not in seen
    assert CONTENT not in seen
    assert "a member of the unit" in seen
    trail = api(world.applicant).get(f"/api/v1/declarations/{declaration.pk}/audit-trail/")
    raised = next(row for row in trail.json() if row["action"] == "raise_objection")
    assert (raised["actor"], raised["attributed_to"], raised["role"], raised["reason"]) == (
        None,
        "a member of the unit",
        None,
        "",
    )


def test_the_unit_hr_and_the_office_see_the_objector(world, client, objected):
    declaration, objection = objected

    seen = seen_by(client, world.employer, declaration)
    assert OBJECTOR_NAME in seen and CONTENT in seen

    services.resolve_publicity_objection(
        objection, actor=world.employer, resolution="经核实，署名无误。", upheld=False
    )
    declaration = world.advance(declaration, S.RECOMMENDED)
    seen = seen_by(client, world.office, declaration)
    assert OBJECTOR_NAME in seen and CONTENT in seen
    # The declarant reads the resolution, still not who objected.
    seen = seen_by(client, world.applicant, declaration)
    assert "经核实，署名无误。" in seen
    assert OBJECTOR_NAME not in seen and OBJECTOR_LOGIN not in seen


def test_the_declarant_is_not_told_who_objected_during_the_result_publicity(
    demo, monkeypatch, settings, client
):
    settings.LANGUAGE_CODE = "en"
    jury = JuryWorld(demo, monkeypatch)
    declaration = jury.declaration()
    now = timezone.now()
    # Test setup: the stages before the jury happened (they are tested elsewhere).
    Declaration.objects.filter(pk=declaration.pk).update(
        submitted_at=now, recommended_at=now, forwarded_to_office_at=now
    )
    publicity = jury.publicized(declarations=[declaration])
    objection = jury.objection(publicity, "该申报人业绩材料造假。", filer_name="举报人乙")
    declaration.refresh_from_db()

    seen = seen_by(client, declaration.applicant, declaration)
    assert "举报人乙" not in seen and "13800001234" not in seen
    decide_objection(actor=jury.office, objection=objection, upheld=False, finding="查无实据。")
    seen = seen_by(client, declaration.applicant, declaration)
    assert "举报人乙" not in seen and "13800001234" not in seen
    client.force_login(declaration.applicant)
    results = client.get("/juries/results/").content.decode()
    assert "举报人乙" not in results
