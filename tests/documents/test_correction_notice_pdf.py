"""The one-time correction notice as a PDF the applicant keeps: every item with its part of
the form, the deadline's date and its working days, and the issuing office."""

from django.utils import timezone

from applicants import services
from applicants.models import FormSection
from tests.pdf_reading import pdf_text
from titles.working_days import window_between

ITEMS = [
    {"section": FormSection.EDUCATION, "problem": "毕业证书复印件不清晰"},
    {"section": FormSection.ACHIEVEMENTS, "problem": "论文缺少检索证明"},
]


def test_the_notice_lists_its_items_and_deadline(world, client, pdf_tools):
    declaration = world.declaration("诸葛亮", target="qualification_check")
    declaration = services.request_correction(declaration, actor=world.office, items=ITEMS)
    notice = declaration.correction_notices.get()
    client.force_login(declaration.applicant)
    page = client.get(f"/declarations/{declaration.pk}/").content.decode()
    assert f"/documents/correction-notices/{notice.pk}.pdf" in page

    response = client.get(f"/documents/correction-notices/{notice.pk}.pdf")

    assert response.status_code == 200
    text = " ".join(pdf_text(b"".join(response.streaming_content)).split())
    assert "One-time correction notice" in text and "诸葛亮" in text
    assert "毕业证书复印件不清晰" in text and "论文缺少检索证明" in text
    assert "Education" in text and "Achievements" in text
    days = window_between(timezone.localdate(notice.issued_at), notice.deadline).days
    assert f"Correct by {notice.deadline:%Y-%m-%d}" in text
    assert f"({days} working days)" in text
    assert declaration.plan.jury.office.name in text


def test_someone_who_does_not_see_the_declaration_gets_404(world, client):
    declaration = world.declaration("庞统", target="qualification_check")
    declaration = services.request_correction(declaration, actor=world.office, items=ITEMS)
    notice = declaration.correction_notices.get()
    client.force_login(world.declarations.school_hr)

    assert client.get(f"/documents/correction-notices/{notice.pk}.pdf").status_code == 404
