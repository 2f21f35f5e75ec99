"""A form sent back with problems says what is wrong right under each field, lists the problems
at its top with a link to each field, and keeps everything the person typed (a file has to be
chosen again, and the form says so)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.html import Element, parse_html

from accounts.models import Role
from titles.models import Series


def element_by_id(node, element_id):
    if isinstance(node, Element):
        if dict(node.attributes).get("id") == element_id:
            return node
        for child in node.children:
            found = element_by_id(child, element_id)
            if found is not None:
                return found
    return None


def field_container(page, name):
    container = element_by_id(parse_html(page), f"id_{name}_field")
    assert container is not None, f"no container for the field {name}"
    return str(container)


def bureau_client(client, make_user):
    client.force_login(make_user("chen", role=Role.HR_BUREAU, organization="bureau"))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def test_a_missing_date_is_reported_under_its_field_and_the_typed_values_stay(client, make_user):
    bureau_client(client, make_user)
    series = Series.objects.first()

    response = client.post(
        "/titles/plans/new/",
        {
            "name": "2027年度工程系列职称评审",
            "year": "2027",
            "series": series.pk if series else "",
            "declaration_opens": "2027-03-01",
            "declaration_closes": "",
            "unit_publicity_working_days": "5",
        },
    )

    page = response.content.decode()
    assert response.status_code == 400
    closes = field_container(page, "declaration_closes")
    assert "This field is required." in closes
    assert 'aria-invalid="true"' in closes
    assert 'aria-describedby="id_declaration_closes_error"' in closes
    assert 'id="id_declaration_closes_error"' in closes
    # The error comes after the widget, inside the field's own box.
    assert closes.index("<input") < closes.index("This field is required.")
    # Nothing typed is lost, the date still in the form a date input understands.
    assert 'value="2027年度工程系列职称评审"' in field_container(page, "name")
    assert 'value="2027-03-01"' in field_container(page, "declaration_opens")
    assert 'type="date"' in field_container(page, "declaration_opens")
    assert 'value="5"' in field_container(page, "unit_publicity_working_days")
    # A field without a problem carries no error.
    assert "errorlist" not in field_container(page, "name")


def test_the_problems_are_listed_at_the_top_with_a_link_to_each_field(client, make_user):
    bureau_client(client, make_user)

    page = client.post("/titles/plans/new/", {"name": "x"}).content.decode()

    assert '<div class="error-summary" role="alert">' in page
    summary = page[page.index('class="error-summary"') :]
    summary = summary[: summary.index("</div>")]
    assert '<a href="#id_declaration_closes">Declarations close</a>' in summary
    assert '<a href="#id_year">Plan year</a>' in summary
    # A group of checkboxes is reached through its first box.
    assert '<a href="#id_titles_0">Titles</a>' in summary
    assert "#id_name" not in summary


def test_required_fields_are_marked(client, make_user):
    bureau_client(client, make_user)

    page = client.get("/titles/plans/new/").content.decode()

    assert (
        '<label for="id_name">Name<span class="required-marker" aria-hidden="true"> *</span>'
        "</label>"
    ) in page
    assert "required-marker" not in field_container(page, "jury")  # optional


def test_a_rejected_file_is_reported_under_the_field_which_asks_for_it_again(client, make_user):
    bureau_client(client, make_user)
    not_a_spreadsheet = SimpleUploadedFile("posts.xlsx", b"just some text", "text/plain")

    response = client.post("/quotas/import/", {"file": not_a_spreadsheet})

    page = response.content.decode()
    file_field = field_container(page, "file")
    assert "errorlist" in file_field
    assert 'aria-invalid="true"' in file_field
    assert "choose the file again" in file_field
    assert '<a href="#id_file">' in page


def test_a_form_shown_for_the_first_time_shows_no_problem(client, make_user):
    bureau_client(client, make_user)

    page = client.get("/quotas/import/").content.decode()

    assert "error-summary" not in page
    assert "choose the file again" not in page
    assert 'aria-invalid="true"' not in page
