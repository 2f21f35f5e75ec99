"""What institutions and the bureau see in the browser: the quota per level with its use and
explanation, the table of every institution under the bureau, and its Excel export."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from quotas.models import PostLevel
from quotas.services import recompute_quotas, reserve_place


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def test_an_institution_sees_its_quota_and_its_use_per_level(client, world):
    reserve_place(world.declaration(world.school))
    client.force_login(world.users["school_hr"])

    response = client.get(reverse("quotas:overview"), follow=True)

    page = response.content.decode()
    assert response.redirect_chain[-1][0].startswith(f"/quotas/institutions/{world.school.pk}/")
    assert "Post quotas of 示范市第一中学, 2026" in page
    # Deputy senior: 38 qualified of 40 approved, 4 vacant, one taken.
    assert "Ratio = 38 ÷ 40 = 95.00%." in page
    assert "95.00% is at most 100%: the quota is the vacant posts, 40 − 36 = 4." in page
    assert "<dt>Places taken</dt><dd>1" in page
    assert "<dt>Places left</dt><dd>3</dd>" in page
    # Intermediate: 148 of 120, transitional, 6 freed.
    assert "Places = ⌊6 ÷ 2⌋ = 3." in page


def test_an_institution_cannot_see_another(client, world):
    client.force_login(world.users["school_hr"])

    response = client.get(reverse("quotas:institution", args=[world.hospital.pk]))

    assert response.status_code == 404


def test_an_enterprise_is_told_it_is_not_limited(client, world):
    client.force_login(world.users["employer"])

    response = client.get(reverse("quotas:overview"))

    assert "only public institutions are limited by post quotas" in response.content.decode()


def test_the_bureau_sees_every_institution_below_it_in_few_queries(
    client, world, django_assert_max_num_queries
):
    for number in range(60):
        institution = world.institution(f"示范市第{number}卫生院")
        world.post_data(institution, approved=10, hired=number % 12)
    elsewhere = world.institution("外省医院", parent=world.bureau_org.parent)
    world.post_data(elsewhere, approved=10, hired=1)
    recompute_quotas(years=[2026])
    client.force_login(world.users["bureau"])

    # The page and its rows, and one for the reader's saved filters.
    with django_assert_max_num_queries(13):
        first = client.get(reverse("quotas:overview"), {"year": 2026}).content.decode()
    with django_assert_max_num_queries(13):
        second = client.get(reverse("quotas:overview"), {"year": 2026, "page": 2})

    both = first + second.content.decode()
    assert "Page 1 of 2" in first
    assert all(f"示范市第{number}卫生院</a>" in both for number in range(60))
    assert "示范市第一人民医院" in both and "示范市第一中学" in both
    assert "外省医院" not in both


def test_the_bureau_exports_the_table_to_excel_with_formula_like_names_as_text(
    client, world, django_capture_on_commit_callbacks
):
    odd = world.institution('=HYPERLINK("http://example.com")')
    world.post_data(odd, approved=10, hired=5)
    recompute_quotas(years=[2026])
    client.force_login(world.users["bureau"])
    overview = client.get(reverse("quotas:overview"), {"year": 2026}).content.decode()
    assert f'action="{reverse("quotas:export")}"' in overview

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("quotas:export"), {"year": 2026})
    page = client.get(started["Location"])
    assert "post-quotas-2026.xlsx" in page.content.decode()
    response = client.get(reverse("jobs:download", args=[page.context["job"].pk]))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="post-quotas-2026.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.getvalue())).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Institution", "Unified social credit code", "Year", "Post level")
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name['=HYPERLINK("http://example.com")'][10] == 5  # places
    cell = next(c for c in sheet["A"] if c.value == '=HYPERLINK("http://example.com")')
    assert cell.data_type == "s"
    school = [row for row in rows if row[0] == "示范市第一中学"]
    assert {row[3] for row in school} == {
        str(PostLevel.DEPUTY_SENIOR.label),
        str(PostLevel.INTERMEDIATE.label),
    }


def test_the_bureau_lists_the_flags(client, world):
    suspended = world.institution("示范市暂停医院")
    world.post_data(suspended, approved=10, hired=10, not_hired=5)
    recompute_quotas(years=[2026])
    client.force_login(world.users["bureau"])

    page = client.get(reverse("quotas:flags")).content.decode()

    assert "示范市暂停医院" in page and "Suspended: ratio above the threshold" in page
    assert "150.00" in page


def test_the_bureau_sees_which_institutions_filed_nothing(client, world):
    world.institution("示范市未报送卫生院")
    recompute_quotas(years=[2026])
    client.force_login(world.users["bureau"])

    page = client.get(reverse("quotas:overview"), {"year": 2026}).content.decode()

    assert "1 institution under you has filed no post data for 2026" in page
    assert "示范市未报送卫生院" in page
