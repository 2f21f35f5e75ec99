"""The evaluation forms of a review meeting's candidates, and of a unit's declarations in a
plan, printed as one PDF by a background job: one form per declaration, each starting on a
new page."""

import io

import pikepdf

from documents.evaluation_form import render_evaluation_forms
from tests.pdf_reading import pdf_text

HEADING = "Evaluation form for professional and technical qualifications"


def _pages(content: bytes) -> int:
    with pikepdf.open(io.BytesIO(content)) as pdf:
        return len(pdf.pages)


def _print(client, user, url, capture):
    client.force_login(user)
    with capture(execute=True):
        started = client.post(url)
    page = client.get(started["Location"])
    job = page.context["job"]
    assert job.status == "succeeded", (job.message, job.errors)
    assert f"/jobs/{job.pk}/download/" in page.content.decode()
    download = client.get(f"/jobs/{job.pk}/download/")
    assert download.status_code == 200
    return job, b"".join(download.streaming_content)


def test_the_office_prints_a_meetings_forms_as_one_pdf(
    world, client, django_capture_on_commit_callbacks, pdf_tools
):
    declarations = [world.declaration(name) for name in ("甲一", "乙二", "丙三")]
    meeting = world.reviewed(*declarations)
    client.force_login(world.office)
    listing = client.get("/documents/evaluation-forms/").content.decode()
    assert f"/documents/evaluation-forms/meeting/{meeting.pk}/" in listing

    job, content = _print(
        client,
        world.office,
        f"/documents/evaluation-forms/meeting/{meeting.pk}/",
        django_capture_on_commit_callbacks,
    )

    assert (job.total, job.done, job.result["forms"]) == (3, 3, 3)
    text = " ".join(pdf_text(content).split())
    assert text.count(HEADING) == 3
    for name in ("甲一", "乙二", "丙三"):
        assert name in text
    singles = [_pages(render_evaluation_forms([declaration])) for declaration in declarations]
    assert _pages(content) == sum(singles)


def test_the_unit_prints_its_declarations_in_a_plan_and_no_other_units(
    world, client, django_capture_on_commit_callbacks, pdf_tools
):
    ours = [world.declaration("赵甲", target="submitted"), world.declaration("钱乙")]
    other = world.declarations.create(applicant=world.declarations.school_applicant)
    world.declarations.advance(other, "submitted")
    plan = world.declarations.plan

    job, content = _print(
        client,
        world.unit_hr,
        f"/documents/evaluation-forms/unit/{plan.pk}/",
        django_capture_on_commit_callbacks,
    )

    text = " ".join(pdf_text(content).split())
    assert job.result["forms"] == 2 and text.count(HEADING) == 2
    assert "赵甲" in text and "钱乙" in text
    assert world.declarations.school_applicant.real_name not in text
    assert _pages(content) == sum(_pages(render_evaluation_forms([d])) for d in ours)


def test_a_meeting_the_role_does_not_see_is_404(world, client):
    meeting = world.reviewed(world.declaration("孙丙"))
    client.force_login(world.unit_hr)

    assert client.post(f"/documents/evaluation-forms/meeting/{meeting.pk}/").status_code == 404


def test_the_batch_page_lists_meetings_in_a_fixed_number_of_queries(
    world, client, django_assert_max_num_queries
):
    world.reviewed(world.declaration("周丁"))
    client.force_login(world.office)
    client.get("/documents/evaluation-forms/")  # the session and the menu, cached once

    with django_assert_max_num_queries(12) as counted:
        page = client.get("/documents/evaluation-forms/").content.decode()
    assert "2026年工程系列评审会议" in page
    first = len(counted.captured_queries)
    world.jury.set_today(world.jury.today)
    world.reviewed(world.declaration("吴戊"))
    with django_assert_max_num_queries(first):
        client.get("/documents/evaluation-forms/")
