"""The certificate information table (证书信息表) as Excel, with photos; users' text never
becomes a formula."""

import io

from openpyxl import load_workbook

from accounts.models import User
from certificates.models import Certificate


def test_the_bureau_exports_the_certificate_information_table(
    issued, client, results, django_capture_on_commit_callbacks
):
    User.objects.filter(real_name="李娜").update(real_name="=HYPERLINK(1)")
    Certificate.objects.filter(holder_name="李娜").update(employer_name="=HYPERLINK(1)")
    client.force_login(results.bureau)
    listing = client.get("/certificates/").content.decode()
    assert 'action="/certificates/export.xlsx"' in listing

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/certificates/export.xlsx", {"q": ""})
    page = client.get(started["Location"])
    job = page.context["job"]
    assert (job.status, job.total, job.done) == ("succeeded", 3, 3)
    download = f"/jobs/{job.pk}/download/"
    assert download in page.content.decode()
    response = client.get(download)

    assert response.status_code == 200
    assert 'filename="certificates.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 4
    numbers = [row[12] for row in rows[1:]]
    assert numbers == list(
        Certificate.objects.order_by("sequence").values_list("number", flat=True)
    )
    assert rows[1][0] == "张伟" and rows[1][8] == "高级工程师"
    hostile = sheet.cell(row=4, column=6)
    assert hostile.value == "=HYPERLINK(1)" and hostile.data_type == "s"


def test_the_api_export_is_scoped_to_what_the_caller_sees(issued, client):
    holder = Certificate.objects.get(holder_name="王芳").holder
    client.force_login(holder)

    response = client.get("/api/v1/certificates/export/")

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["王芳"]


def test_the_export_follows_the_lists_search(
    issued, client, results, django_capture_on_commit_callbacks
):
    client.force_login(results.bureau)
    assert client.get("/certificates/export.xlsx", {"q": "王芳"}).status_code == 200  # asks first

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/certificates/export.xlsx", {"q": "王芳"})
    job = client.get(started["Location"]).context["job"]
    response = client.get(f"/jobs/{job.pk}/download/")

    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["王芳"]
