"""/declarations/<pk>/: everything on the declaration, its findings before submitting, its
materials by type with their versions, the progress through the stages, the messages the
applicant was sent, the correction notice; and nothing for people outside its scope."""

from datetime import date, timedelta

import pytest

from accounts.language import remember_language
from applicants import services
from applicants.models import Declaration, Material
from titles.working_days import working_days_left

from .conftest import EXE, PDF, pdf

S = Declaration.Status


@pytest.fixture(autouse=True)
def _product_in_english(settings):
    """These tests read the pages in English; the language they answer in is tested in
    tests/ui."""
    settings.LANGUAGE_CODE = "en"


def page(client, user, declaration):
    client.force_login(user)
    response = client.get(f"/declarations/{declaration.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def stored_files(settings):
    folder = settings.MEDIA_ROOT / "materials"
    return sorted(path.name for path in folder.rglob("*") if path.is_file())


def test_the_page_shows_the_form_and_its_lists(world, client):
    declaration = world.create()
    html = page(client, world.applicant, declaration)
    for expected in (
        "张伟 · 高级工程师",
        world.plan.name,
        "Regular",
        "Bachelor&#x27;s degree · 土木工程",
        "工程师 (Intermediate), obtained 2019-07-01",
        "示范建设公司",
        "桥梁检测方法研究",
        "Paper or publication",
        "2025",
        "Draft",
    ):
        assert expected in html, expected
    assert f'href="/declarations/{declaration.pk}/edit/"' in html


def test_findings_are_shown_before_submitting_with_their_rule(world, client):
    declaration = world.create(materials=False)
    html = page(client, world.applicant, declaration)
    findings = html[html.index('id="findings"') : html.index('id="form-heading"')]
    assert "Blocking" in findings
    assert "Required proof materials are missing" in findings
    assert "the proof materials required" in findings  # the rule, in the reader's language
    assert "missing" in findings  # the evidence: which types

    world.upload_required_materials(declaration)
    html = page(client, world.applicant, declaration)
    assert "No finding: the declaration meets every checked condition." in html


def test_materials_are_listed_by_type_with_the_required_ones_missing_marked(world, client):
    declaration = world.create(materials=False)
    services.upload_material(
        declaration, actor=world.applicant, material_type="diploma", uploaded_file=pdf("学位.pdf")
    )
    html = page(client, world.applicant, declaration)
    materials = html[html.index('id="materials"') : html.index('id="timeline"')]
    assert "Diploma and degree certificates" in materials
    assert "学位.pdf" in materials
    assert materials.count('<span class="badge danger">missing</span>') == 5
    material = declaration.materials.get()
    assert f'href="/declarations/materials/{material.pk}/download/"' in materials


def test_upload_replace_and_remove_keep_every_version(world, client, settings):
    declaration = world.create(materials=False)
    client.force_login(world.applicant)
    uploaded = client.post(
        f"/declarations/{declaration.pk}/materials/",
        {"material_type": "paper", "file": pdf("论文.pdf")},
    )
    assert uploaded.status_code == 302
    assert uploaded["Location"] == f"/declarations/{declaration.pk}/#materials"
    first = declaration.materials.get()
    assert (first.original_name, first.source, first.is_current) == ("论文.pdf", "applicant", True)

    replaced = client.post(
        f"/declarations/{declaration.pk}/materials/{first.pk}/replace/",
        {"file": pdf("论文-修订.pdf")},
    )
    assert replaced.status_code == 302
    second = declaration.materials.get(is_current=True)
    assert second.previous == first and second.material_type == "paper"
    html = client.get(f"/declarations/{declaration.pk}/").content.decode()
    assert "论文-修订.pdf" in html
    assert "1 earlier version" in html
    assert f'href="/declarations/materials/{first.pk}/download/"' in html

    removed = client.post(f"/declarations/{declaration.pk}/materials/{second.pk}/remove/")
    assert removed.status_code == 302
    assert not declaration.materials.filter(is_current=True).exists()
    html = client.get(f"/declarations/{declaration.pk}/").content.decode()
    assert "1 file taken off" in html
    assert "was taken off the declaration; it is kept as an earlier version." in html
    assert Material.objects.filter(declaration=declaration).count() == 2
    assert len(stored_files(settings)) == 2


def test_a_renamed_executable_is_refused_as_pdf_and_nothing_is_saved(world, client, settings):
    declaration = world.create(materials=False)
    client.force_login(world.applicant)
    response = client.post(
        f"/declarations/{declaration.pk}/materials/",
        {"material_type": "diploma", "file": pdf("毕业证.pdf", EXE)},
    )
    assert response.status_code == 200
    assert response.context["upload_form"].errors["file"] == [
        "“毕业证.pdf” is not a PDF, JPEG or PNG file (judged by its content, not its name). "
        "Only these formats are accepted."
    ]
    html = response.content.decode()
    assert "is not a PDF, JPEG or PNG file" in html
    assert not Material.objects.exists()
    assert stored_files(settings) == []

    # Replacing a file with one is refused the same way, next to that file.
    services.upload_material(
        declaration, actor=world.applicant, material_type="diploma", uploaded_file=pdf()
    )
    material = declaration.materials.get()
    response = client.post(
        f"/declarations/{declaration.pk}/materials/{material.pk}/replace/",
        {"file": pdf("new.pdf", EXE)},
    )
    assert response.status_code == 200
    assert response.context["replace_target"] == material.pk
    assert "is not a PDF, JPEG or PNG file" in response.content.decode()
    assert list(declaration.materials.values_list("is_current", flat=True)) == [True]


def test_the_unit_attaches_its_own_proof_while_it_checks(world, client):
    declaration = world.advance(world.create(), S.SUBMITTED)
    assert "Attach the unit" not in page(client, world.applicant, declaration)
    html = page(client, world.employer, declaration)
    assert "Attach the unit's proof" in html
    response = client.post(
        f"/declarations/{declaration.pk}/materials/",
        {"material_type": "employment", "file": pdf("劳动合同.pdf", PDF)},
    )
    assert response.status_code == 302
    unit_proof = declaration.materials.get(original_name="劳动合同.pdf")
    assert unit_proof.source == "employer"
    assert "Employer" in page(client, world.employer, declaration)

    # The applicant's files are not the unit's to replace.
    own = declaration.materials.filter(source="applicant").first()
    refused = client.post(
        f"/declarations/{declaration.pk}/materials/{own.pk}/replace/", {"file": pdf()}
    )
    assert refused.status_code == 403
    assert "You can only replace materials you provided." in refused.content.decode()
    assert declaration.materials.get(pk=own.pk).is_current


def test_the_progress_and_the_record_of_decisions(world, client):
    declaration = world.advance(world.create(), S.RECOMMENDED)
    html = page(client, world.applicant, declaration)
    progress = html[html.index('id="progress-heading"') : html.index('id="actions-heading"')]
    assert progress.index("Declaration") < progress.index("Unit recommendation")
    assert "Competent-department review" not in progress  # the enterprise has none
    assert 'class="stage done"' in progress
    assert 'class="stage current" aria-current="step"' in progress
    timeline = html[html.index('id="timeline"') : html.index('id="messages-sent"')]
    for expected in (
        "Draft created",
        "Submit to the unit",
        "Draft → Submitted to the unit",
        "Start the unit publicity",
        "Recommend",
        "In unit publicity → Recommended to the jury office",
        "赵人事 · Employer HR staff · 示范交通投资集团有限公司",
        "Material uploaded",
    ):
        assert expected in timeline, expected


def test_a_unit_under_a_department_shows_its_review_stage(world, client):
    declaration = world.advance(world.create(applicant=world.hospital_applicant), S.SUBMITTED)
    html = page(client, world.hospital_applicant, declaration)
    assert "Competent-department review" in html


def test_the_messages_sent_to_the_applicant_are_listed(world, client):
    remember_language(world.applicant, "en")  # the messages they are sent are written in English
    declaration = world.advance(world.create(), S.IN_UNIT_PUBLICITY)
    html = page(client, world.applicant, declaration)
    messages = html[html.index('id="messages-sent"') :]
    assert "高级工程师 declaration: In unit publicity" in messages
    assert "Now: In unit publicity (was: Submitted to the unit)." in messages


def test_the_correction_notice_with_its_items_and_working_days_left(world, client):
    declaration = world.advance(world.create(), S.QUALIFICATION_CHECK)
    deadline = date.today() + timedelta(days=14)
    services.request_correction(
        declaration,
        actor=world.office,
        items=[
            {"section": "achievements", "problem": "论文缺少刊物封面和目录页"},
            {"section": "materials", "problem": "现职称证书扫描件不清晰"},
        ],
        deadline=deadline,
    )
    html = page(client, world.applicant, declaration)
    notice = html[html.index('id="correction-notice"') : html.index('id="actions"')]
    assert "One-time correction notice" in notice
    assert "<strong>Achievements</strong>: 论文缺少刊物封面和目录页" in notice
    assert "<strong>Proof materials</strong>: 现职称证书扫描件不清晰" in notice
    assert deadline.isoformat() in notice
    left = working_days_left(deadline, date.today())
    assert f"{left} working days left" in notice
    # The applicant may correct the form and resubmit.
    assert f'href="/declarations/{declaration.pk}/edit/"' in html
    assert 'id="action-resubmit"' in html


@pytest.mark.parametrize("stranger", ["school_hr", "hospital_applicant", "expert", "department"])
def test_people_outside_the_declaration_get_404_everywhere(world, client, stranger):
    declaration = world.advance(world.create(), S.SUBMITTED)
    material = declaration.materials.first()
    client.force_login(getattr(world, stranger))
    base = f"/declarations/{declaration.pk}"
    assert client.get(f"{base}/").status_code == 404
    assert client.get(f"/declarations/materials/{material.pk}/download/").status_code == 404
    upload = client.post(f"{base}/materials/", {"material_type": "other", "file": pdf()})
    assert upload.status_code == 404
    assert client.post(f"{base}/materials/{material.pk}/remove/").status_code == 404
    assert client.post(f"{base}/act/start_publicity/").status_code == 404
    assert declaration.materials.count() == 6
    declaration.refresh_from_db()
    assert declaration.status == S.SUBMITTED


def test_the_office_does_not_see_a_declaration_before_it_reaches_it(world, client):
    declaration = world.advance(world.create(), S.IN_UNIT_PUBLICITY)
    client.force_login(world.office)
    assert client.get(f"/declarations/{declaration.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/declarations/{declaration.pk}/").status_code == 302  # to sign in
