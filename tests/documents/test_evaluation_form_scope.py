"""Who reads a declaration's evaluation form: the applicant (whole ID number), the unit, the
jury office and the HR bureau once it was submitted (masked, and recorded as seen); nobody
before submission, and no expert, other unit or stranger (404)."""

from audit.models import PersonalDataAccess
from core.masking import mask_id_number
from tests.pdf_reading import pdf_text


def _form(client, user, declaration):
    client.force_login(user)
    return client.get(f"/documents/evaluation-forms/declaration/{declaration.pk}.pdf")


def _text(response) -> str:
    return pdf_text(b"".join(response.streaming_content))


def test_the_applicant_unit_office_and_bureau_read_it_others_get_404(world, client, pdf_tools):
    declaration = world.declaration("司马光", target="qualified")
    whole = declaration.applicant.id_number
    expert = world.jury.jury.experts.select_related("user").first().user

    own = _form(client, declaration.applicant, declaration)
    assert own.status_code == 200 and whole in _text(own)
    for reader in (world.unit_hr, world.office, world.bureau):
        response = _form(client, reader, declaration)
        assert response.status_code == 200, reader
        text = _text(response)
        assert mask_id_number(whole) in text and whole not in text
        seen = PersonalDataAccess.objects.filter(viewer=reader, subject=declaration.applicant)
        assert seen.filter(item__contains="evaluation form").count() == 1
    other_unit = world.declarations.school_hr
    stranger = world.applicant("路人甲")
    for outsider in (expert, other_unit, stranger):
        assert _form(client, outsider, declaration).status_code == 404, outsider


def test_a_draft_has_no_form_yet(world, client):
    draft = world.declaration("王安石", target="draft")

    assert _form(client, draft.applicant, draft).status_code == 404
    assert _form(client, world.unit_hr, draft).status_code == 404
