"""The documents follow the reader's language: a Chinese reader gets the Chinese form and
notice, and the batch page in Chinese."""

import pytest
from django.conf import settings
from django.utils import translation

from applicants import services
from applicants.models import FormSection
from tests.pdf_reading import pdf_text


@pytest.fixture
def chinese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    with translation.override("zh-hans"):
        yield


def _text(response) -> str:
    assert response.status_code == 200
    return " ".join(pdf_text(b"".join(response.streaming_content)).split())


def test_a_chinese_reader_gets_the_chinese_form(world, client, chinese, pdf_tools):
    declaration = world.declaration("欧阳修")
    candidate = world.reviewed(declaration).candidates.get()
    client.force_login(world.office)

    text = _text(client.get(f"/documents/evaluation-forms/declaration/{declaration.pk}.pdf"))

    assert "专业技术职务任职资格评审表" in text
    assert world.declarations.senior.name_zh in text
    assert f"应参加表决人数: {candidate.voters} · 同意: {candidate.votes_yes}" in text
    assert "第 1 页，共" in text
    assert "Evaluation form" not in text

    page = client.get("/documents/evaluation-forms/").content.decode()
    assert "打印评审表" in page and "Print the forms" not in page


def test_a_chinese_reader_gets_the_chinese_correction_notice(world, client, chinese, pdf_tools):
    declaration = world.declaration("曾巩", target="qualification_check")
    item = {"section": FormSection.EDUCATION, "problem": "学位证书缺失"}
    declaration = services.request_correction(declaration, actor=world.office, items=[item])
    client.force_login(declaration.applicant)

    text = _text(
        client.get(f"/documents/correction-notices/{declaration.correction_notices.get().pk}.pdf")
    )

    assert "一次性补正告知书" in text and "学位证书缺失" in text and "补正期限" in text
