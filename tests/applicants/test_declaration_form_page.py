"""The applicant's form: a new draft in an open plan with its work history, assessments and
achievements; saving any time; every error next to its field with nothing typed lost; edits
while the form is editable; nobody else's form."""

import pytest

from applicants import services
from applicants.models import Declaration
from audit.models import AuditRecord

S = Declaration.Status


@pytest.fixture(autouse=True)
def _product_in_english(settings):
    """These tests read the pages in English; the language they answer in is tested in
    tests/ui."""
    settings.LANGUAGE_CODE = "en"


def rows_data(prefix, rows, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),  # the rows the page showed filled
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = value
    return data


def form_data(world, *, work=None, village=None, assessments=None, achievements=None, **overrides):
    data = {
        "plan": world.plan.pk,
        "title": world.senior.pk,
        "specialty": world.specialty.pk,
        "channel": "regular",
        "education": "3",
        "field_of_study": "土木工程",
        "current_title_level": "3",
        "current_title_name": "工程师",
        "current_title_obtained_on": "2019-07-01",
        "work_started_on": "2010-07-01",
        "professional_years": "16",
        "skill_class": "",
    }
    data.update(
        rows_data(
            "work",
            work
            if work is not None
            else [
                {
                    "started_on": "2010-07-01",
                    "organization_name": "示范建设公司",
                    "position": "技术员",
                },
                {"started_on": "", "organization_name": ""},  # the empty row left over
            ],
        )
    )
    data.update(rows_data("village", village if village is not None else []))
    data.update(
        rows_data(
            "assessments",
            assessments
            if assessments is not None
            else [{"year": "2024", "grade": "competent"}, {"year": "2025", "grade": "excellent"}],
        )
    )
    data.update(
        rows_data(
            "achievements",
            achievements
            if achievements is not None
            else [{"kind": "paper", "title": "桥梁检测方法研究", "achieved_on": "2022-05-01"}],
        )
    )
    data.update(overrides)
    return data


def test_the_applicant_saves_a_new_draft_with_its_lists(world, client):
    client.force_login(world.applicant)
    blank = client.get("/declarations/new/")
    assert blank.status_code == 200
    page = blank.content.decode()
    assert world.plan.name in page
    assert "高级工程师" in page
    assert "Add a row" in page and "declaration_form.js" in page

    response = client.post("/declarations/new/", form_data(world))
    declaration = Declaration.objects.get(applicant=world.applicant)
    assert response.status_code == 302
    assert response["Location"] == f"/declarations/{declaration.pk}/"
    assert declaration.status == S.DRAFT
    assert declaration.title == world.senior
    assert declaration.professional_years == 16
    assert [(w.organization_name, w.position) for w in declaration.work_history.all()] == [
        ("示范建设公司", "技术员")
    ]
    assert sorted((a.year, a.grade) for a in declaration.assessments.all()) == [
        (2024, "competent"),
        (2025, "excellent"),
    ]
    assert [a.title for a in declaration.achievements.all()] == ["桥梁检测方法研究"]
    detail = client.get(response["Location"])
    assert "Your declaration is saved as a draft." in detail.content.decode()


def test_errors_stand_next_to_their_fields_and_nothing_typed_is_lost(world, client):
    client.force_login(world.applicant)
    response = client.post(
        "/declarations/new/",
        form_data(
            world,
            title="",
            field_of_study="桥梁与隧道工程",
            current_title_obtained_on="not a date",
            achievements=[{"kind": "paper", "title": "", "achieved_on": "2022-05-01"}],
        ),
    )
    assert response.status_code == 200
    assert not Declaration.objects.exists()
    form = response.context["form"]
    assert form.errors["title"] == ["This field is required."]
    assert form.errors["current_title_obtained_on"] == ["Enter a valid date."]
    achievements = response.context["formsets"][2]
    assert achievements.errors[0]["title"] == ["This field is required."]
    page = response.content.decode()
    # What was typed is still there.
    assert 'value="桥梁与隧道工程"' in page
    assert 'value="示范建设公司"' in page
    assert 'value="2022-05-01"' in page
    # Each error sits in the field's own group, marked invalid.
    assert 'aria-invalid="true"' in page
    assert page.index("Enter a valid date.") < page.index('name="current_title_obtained_on"')


def test_a_service_refusal_is_shown_next_to_its_field(world, client):
    client.force_login(world.applicant)
    response = client.post(
        "/declarations/new/", form_data(world, current_title_obtained_on="2099-01-01")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["current_title_obtained_on"] == [
        "This date is in the future."
    ]
    assert not Declaration.objects.exists()

    duplicate = client.post(
        "/declarations/new/",
        form_data(
            world,
            assessments=[
                {"year": "2024", "grade": "competent"},
                {"year": "2024", "grade": "excellent"},
            ],
        ),
    )
    assert duplicate.status_code == 200
    assert response.context["formsets"][1].key == "assessments"
    assert duplicate.context["formsets"][1].service_errors == [
        "Give one annual assessment per year."
    ]
    assert not Declaration.objects.exists()


def test_a_second_declaration_in_the_same_plan_is_refused_on_the_plan(world, client):
    world.create(materials=False)
    client.force_login(world.applicant)
    response = client.post("/declarations/new/", form_data(world))
    assert response.status_code == 200
    assert response.context["form"].errors["plan"] == [
        "You already have a declaration in this plan."
    ]
    assert Declaration.objects.count() == 1


def test_the_applicant_edits_the_draft_and_the_lists_are_replaced(world, client):
    declaration = world.create(materials=False)
    client.force_login(world.applicant)
    page = client.get(f"/declarations/{declaration.pk}/edit/")
    assert page.status_code == 200
    assert 'value="桥梁检测方法研究"' in page.content.decode()

    response = client.post(
        f"/declarations/{declaration.pk}/edit/",
        {
            key: value
            for key, value in form_data(
                world,
                professional_years="17",
                assessments=[
                    {"year": "2023", "grade": "competent", "DELETE": "on"},
                    {"year": "2024", "grade": "competent"},
                    {"year": "2025", "grade": "competent"},
                    {"year": "2022", "grade": "excellent"},
                ],
            ).items()
            if key != "plan"
        }
        | {
            "work-INITIAL_FORMS": "1",
            "assessments-INITIAL_FORMS": "3",
            "achievements-INITIAL_FORMS": "1",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    declaration.refresh_from_db()
    assert declaration.professional_years == 17
    assert sorted(a.year for a in declaration.assessments.all()) == [2022, 2024, 2025]
    update = AuditRecord.objects.filter(declaration=declaration, action="update").last()
    assert "professional_years" in update.payload["changed"]
    assert "assessments" in update.payload["changed"]


def test_under_correction_the_title_is_fixed_but_the_rest_can_change(world, client):
    declaration = world.advance(world.create(), S.QUALIFICATION_CHECK)
    services.request_correction(
        declaration,
        actor=world.office,
        items=[{"section": "assessments", "problem": "缺少2022年度考核"}],
    )
    client.force_login(world.applicant)
    page = client.get(f"/declarations/{declaration.pk}/edit/")
    assert page.context["form"].fields["title"].disabled
    years = ["2025", "2024", "2023", "2022"]  # the three on the form, and one added
    data = form_data(
        world,
        title=world.intermediate.pk,
        assessments=[{"year": year, "grade": "competent"} for year in years],
    )
    data.pop("plan")
    data.update(
        {
            "work-INITIAL_FORMS": "1",
            "assessments-INITIAL_FORMS": "3",
            "achievements-INITIAL_FORMS": "1",
        }
    )
    response = client.post(f"/declarations/{declaration.pk}/edit/", data)
    assert response.status_code == 302
    declaration.refresh_from_db()
    assert declaration.title == world.senior  # a disabled field keeps its value
    assert sorted(a.year for a in declaration.assessments.all()) == [2022, 2023, 2024, 2025]
    assert declaration.status == S.CORRECTION_REQUESTED


def test_a_submitted_declaration_cannot_be_edited(world, client):
    declaration = world.advance(world.create(), S.SUBMITTED)
    client.force_login(world.applicant)
    response = client.get(f"/declarations/{declaration.pk}/edit/", follow=True)
    assert response.redirect_chain == [(f"/declarations/{declaration.pk}/", 302)]
    assert "cannot be changed" in response.content.decode()


def test_only_the_applicant_has_the_form(world, client):
    declaration = world.advance(world.create(), S.SUBMITTED)
    client.force_login(world.employer)
    assert client.get("/declarations/new/").status_code == 403
    assert client.get(f"/declarations/{declaration.pk}/edit/").status_code == 403
    for stranger in (world.school_hr, world.hospital_applicant, world.expert):
        client.force_login(stranger)
        assert client.get(f"/declarations/{declaration.pk}/edit/").status_code == 404
        assert (
            client.post(f"/declarations/{declaration.pk}/edit/", form_data(world)).status_code
            == 404
        )
    declaration.refresh_from_db()
    assert declaration.professional_years == 16
