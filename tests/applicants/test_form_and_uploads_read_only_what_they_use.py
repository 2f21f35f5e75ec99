"""The declaration's form and the files posted from its page read only what they use: the form
its four row lists, never the page's materials, publicities or correction notices; an
upload, a replacement or a removal that succeeds none of the page's lists (the service reads
the declaration again under its lock), and one refused shows the whole page again, with
what was sent."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from applicants.models import Declaration, Material
from tests.applicants.conftest import EXE, pdf
from tests.applicants.test_declaration_form_page import form_data
from tests.applicants.test_declaration_page_reads_each_thing_once import reads_of

S = Declaration.Status
PAGE_ONLY_TABLES = (
    "applicants_material",
    "applicants_unitpublicity",
    "applicants_correctionnotice",
)
ROW_TABLES = (
    "applicants_workhistoryentry",
    "applicants_annualassessment",
    "applicants_achievement",
    "applicants_villageserviceperiod",
)


def asked(client, method: str, path: str, data=None):
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(path, data or {})
    return response, captured.captured_queries


def test_the_form_reads_its_row_lists_once_each_and_nothing_of_the_page(world, client):
    declaration = world.create()
    client.force_login(world.applicant)

    response, queries = asked(client, "get", f"/declarations/{declaration.pk}/edit/")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="示范建设公司"' in html and 'value="桥梁检测方法研究"' in html
    assert {table: reads_of(queries, table) for table in ROW_TABLES} == dict.fromkeys(ROW_TABLES, 1)
    assert {table: reads_of(queries, table) for table in PAGE_ONLY_TABLES} == dict.fromkeys(
        PAGE_ONLY_TABLES, 0
    )


def test_saving_the_form_reads_nothing_of_the_page_before_it_saves(world, client):
    declaration = world.create()
    client.force_login(world.applicant)
    data = {key: value for key, value in form_data(world).items() if key != "plan"}
    data |= {"work-INITIAL_FORMS": "1", "assessments-INITIAL_FORMS": "3"}
    data["professional_years"] = "17"

    response, queries = asked(client, "post", f"/declarations/{declaration.pk}/edit/", data)

    assert response.status_code == 302, response.context["form"].errors
    declaration.refresh_from_db()
    assert declaration.professional_years == 17
    assert {table: reads_of(queries, table) for table in PAGE_ONLY_TABLES} == dict.fromkeys(
        PAGE_ONLY_TABLES, 0
    )


def test_an_upload_reads_none_of_the_page_s_lists_and_a_refused_one_shows_the_page(world, client):
    declaration = world.create(materials=False)
    client.force_login(world.applicant)
    path = f"/declarations/{declaration.pk}/materials/"

    taken, taken_queries = asked(
        client, "post", path, {"material_type": "paper", "file": [pdf("论文.pdf")]}
    )
    refused, refused_queries = asked(
        client, "post", path, {"material_type": "paper", "file": [pdf("证书.pdf", EXE)]}
    )

    assert taken.status_code == 302
    # The service sums the stored sizes; no material row is read.
    assert not any(q["sql"].startswith('SELECT "applicants_material"."id"') for q in taken_queries)
    for table in (*ROW_TABLES, "applicants_unitpublicity", "applicants_correctionnotice"):
        assert reads_of(taken_queries, table) == 0, table
    # Refused: the whole page again, its materials listed, the refusal beside the form.
    assert refused.status_code == 200
    html = refused.content.decode()
    assert 'id="materials"' in html and "论文.pdf" in html and "证书.pdf" in html
    assert reads_of(refused_queries, "applicants_workhistoryentry") == 1
    assert list(
        Material.objects.filter(declaration=declaration).values_list("original_name", flat=True)
    ) == ["论文.pdf"]


def test_a_removal_refused_to_another_person_shows_the_page_read_again(world, client):
    declaration = world.advance(world.create(), S.SUBMITTED)
    material = declaration.materials.filter(source="applicant").first()
    client.force_login(world.unit_hr(declaration))

    response = client.post(f"/declarations/{declaration.pk}/materials/{material.pk}/remove/")

    assert response.status_code == 403
    html = response.content.decode()
    assert 'id="materials"' in html and material.original_name in html
    material.refresh_from_db()
    assert material.is_current
