"""One upload takes several files of a material type, the form says the size limits before
choosing, a refused file is named in the reader's language with nothing stored, and the
declaration's page marks the latest of a material's versions."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from applicants.models import Material
from tests.applicants.conftest import EXE, PDF, PNG, pdf


@pytest.fixture(autouse=True)
def _product_in_chinese(settings):
    settings.LANGUAGE_CODE = "zh-hans"
    settings.MATERIAL_MAX_FILE_BYTES = 10 * 1024 * 1024
    settings.MATERIAL_MAX_DECLARATION_BYTES = 100 * 1024 * 1024


def _upload(client, declaration, *files, kind="paper"):
    return client.post(
        f"/declarations/{declaration.pk}/materials/", {"material_type": kind, "file": list(files)}
    )


def test_several_files_of_one_type_are_added_in_one_upload(world, client):
    declaration = world.create(materials=False)
    client.force_login(world.applicant)
    page = client.get(f"/declarations/{declaration.pk}/").content.decode().replace("\xa0", " ")
    # The limits are said on the form, before choosing; the input takes several files.
    assert "单个文件不超过10.0 MB" in page and "合计不超过100.0 MB" in page
    assert re.search(r'<input type="file" name="file"[^>]*multiple', page)

    response = _upload(
        client,
        declaration,
        pdf("论文一.pdf"),
        pdf("论文二.pdf"),
        SimpleUploadedFile("检索证明.png", PNG, content_type="image/png"),
    )
    assert response.status_code == 302
    names = set(
        Material.objects.filter(declaration=declaration, material_type="paper").values_list(
            "original_name", flat=True
        )
    )
    assert names == {"论文一.pdf", "论文二.pdf", "检索证明.png"}
    page = client.get(response["Location"]).content.decode()
    assert "已添加3个文件：论文一.pdf、论文二.pdf、检索证明.png。" in page


def test_a_refused_file_is_named_and_nothing_is_stored(world, client, settings):
    declaration = world.create(materials=False)
    client.force_login(world.applicant)
    settings.MATERIAL_MAX_FILE_BYTES = len(PDF) + 10
    big = pdf("扫描件.pdf", PDF + b"\0" * 100)
    fake = SimpleUploadedFile("证书.pdf", EXE, content_type="application/pdf")
    response = _upload(client, declaration, pdf("论文一.pdf"), fake, big)
    assert response.status_code == 200
    html = response.content.decode().replace("\xa0", " ")
    assert "“证书.pdf”不是 PDF、JPEG 或 PNG 文件" in html
    assert "“扫描件.pdf”超过单个文件大小上限" in html
    assert "论文一.pdf" not in html.split("所有文件均未保存")[0].split("errorlist")[-1]
    assert "所有文件均未保存" in html
    assert not Material.objects.filter(declaration=declaration).exists()


def test_the_latest_of_a_materials_versions_is_marked(world, client):
    declaration = world.create()
    client.force_login(world.applicant)
    current = Material.objects.filter(declaration=declaration, is_current=True).first()
    page = client.get(f"/declarations/{declaration.pk}/").content.decode()
    assert "最新版本" not in page  # one version: nothing to tell apart
    client.post(
        f"/declarations/{declaration.pk}/materials/{current.pk}/replace/",
        {"file": pdf("新版.pdf")},
    )
    page = client.get(f"/declarations/{declaration.pk}/").content.decode()
    table = page[page.index('id="materials"') :]
    row = table[table.index("新版.pdf") :]
    row = row[: row.index("</td>")]
    assert "最新版本" in row
