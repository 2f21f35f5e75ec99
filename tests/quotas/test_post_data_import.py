"""Post data from the Excel template: all rows or none, each bad row reported with its row
number and reason, then the quotas recomputed."""

from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from jobs.models import Job
from quotas.models import PostData, Quota

HEADERS_START = "统一社会信用代码"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def workbook_with(client, rows) -> BytesIO:
    """The template, downloaded like a user would, with the rows filled in."""
    template = client.get(reverse("quotas:template"))
    workbook = load_workbook(BytesIO(template.content))
    sheet = workbook.worksheets[0]
    for row in rows:
        sheet.append(row)
    output = BytesIO()
    workbook.save(output)
    output.seek(0)
    output.name = "post-data.xlsx"
    return output


@pytest.fixture
def upload(client, django_capture_on_commit_callbacks):
    """Upload the rows as a user would; the import job runs, and its page is the answer."""

    def post(rows):
        with django_capture_on_commit_callbacks(execute=True):
            started = client.post(reverse("quotas:import"), {"file": workbook_with(client, rows)})
        assert started.status_code == 302
        assert started["Location"].startswith("/jobs/")
        return client.get(started["Location"])

    return post


def test_the_template_has_bilingual_headers_and_a_sheet_of_post_levels(client, world):
    client.force_login(world.users["bureau"])

    response = client.get(reverse("quotas:template"))

    workbook = load_workbook(BytesIO(response.content))
    header = [cell.value for cell in workbook.worksheets[0][1]]
    assert header[0].startswith(HEADERS_START) and "credit code" in header[0]
    levels = [row[2] for row in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert levels == ["full_senior", "deputy_senior", "intermediate", "double_orientation"]


def test_the_bureau_imports_and_approves_and_the_quotas_are_recomputed(client, world, upload):
    client.force_login(world.users["bureau"])
    new = world.institution("示范市新建医院")
    rows = [
        [new.credit_code, new.name, 2026, "副高级", 100, 100, 29, 4, 2, 1, "是"],
        [new.credit_code, new.name, 2026, "intermediate", 50, 40, 5, 0, 0, 0, "yes"],
        [world.school.credit_code, "", 2026, "Deputy senior posts", 40, 20, 0, 0, 0, 0, ""],
    ]

    response = upload(rows)

    assert response.context["job"].status == "succeeded"
    assert PostData.objects.filter(institution=new, audit_form_approved=True).count() == 2
    school = PostData.objects.get(institution=world.school, post_level="deputy_senior")
    assert (school.qualified_hired, school.audit_form_approved) == (20, True)
    quota = Quota.objects.get(institution=new, post_level="deputy_senior")
    assert (quota.outcome, quota.places) == ("transitional", 3)
    assert "2 rows added, 1 updated" in response.content.decode()


def test_a_bad_row_saves_nothing_and_every_problem_is_reported_with_its_row(client, world, upload):
    client.force_login(world.users["bureau"])
    before = list(PostData.objects.values_list("pk", "qualified_hired"))
    rows = [
        [world.school.credit_code, "", 2026, "副高级", 40, 10, 0, 0, 0, 0, "是"],
        [world.school.credit_code, "", 2026, "副高级", 40, 11, 0, 0, 0, 0, "是"],
        ["91630100999999999X", "", 2026, "中级", 10, 1, 0, 0, 0, 0, ""],
        [world.enterprise.credit_code, "", 2026, "中级", 10, 1, 0, 0, 0, 0, ""],
        [world.hospital.credit_code, "", "明年", "特级", -1, "", 0, 0, 0, 0, "也许"],
    ]

    response = upload(rows)

    page = response.content.decode()
    assert response.context["job"].status == "failed"
    assert "Nothing was imported" in page
    problems = [(error["row"], error["reason"]) for error in response.context["job"].errors]
    assert (3, "Row 2 already gives this institution, year and post level.") in problems
    unknown = "91630100999999999X"
    assert (4, f"No institution you file post data for has credit code {unknown}.") in problems
    assert "示范交通投资集团有限公司 is not a public institution" in page
    assert {row for row, _reason in problems} == {3, 4, 5, 6}
    sixth = [reason for row, reason in problems if row == 6]
    assert "年度 Year must be a whole number of zero or more, not “明年”." in sixth
    assert any(reason.startswith("Unknown post level “特级”") for reason in sixth)
    assert "已聘人数 Qualified and hired is missing." in sixth
    assert "审核表已审批（是/否） Audit form approved (yes/no) must be yes or no." in sixth
    assert '<td class="numeric">6</td>' in page
    assert "核准岗位数 Approved posts must be a whole number of zero or more, not “-1”" in page
    assert list(PostData.objects.values_list("pk", "qualified_hired")) == before


def test_an_institution_files_its_own_rows_which_wait_for_approval(client, world, upload):
    client.force_login(world.users["school_hr"])

    response = upload(
        [[world.school.credit_code, "", 2026, "deputy_senior", 40, 30, 0, 0, 0, 0, ""]],
    )

    assert response.context["job"].status == "succeeded"
    row = PostData.objects.get(institution=world.school, post_level="deputy_senior")
    assert (row.qualified_hired, row.audit_form_approved) == (30, False)


def test_an_institution_can_neither_approve_nor_file_for_another(client, world, upload):
    client.force_login(world.users["school_hr"])

    response = upload(
        [
            [world.school.credit_code, "", 2026, "deputy_senior", 40, 30, 0, 0, 0, 0, "是"],
            [world.hospital.credit_code, "", 2026, "deputy_senior", 40, 30, 0, 0, 0, 0, ""],
        ],
    )

    problems = [(error["row"], error["reason"]) for error in response.context["job"].errors]
    assert problems == [
        (2, "Only the HR bureau above the institution approves its post data."),
        (3, f"No institution you file post data for has credit code {world.hospital.credit_code}."),
    ]


def test_a_file_that_is_not_the_template_is_refused(client, world):
    client.force_login(world.users["bureau"])
    not_excel = BytesIO(b"name,year\n")
    not_excel.name = "data.csv"

    response = client.post(reverse("quotas:import"), {"file": not_excel})

    assert response.status_code == 400
    assert "This file is not an Excel workbook (.xlsx)" in response.content.decode()
    assert not Job.objects.exists()
