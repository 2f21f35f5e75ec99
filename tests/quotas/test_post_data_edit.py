"""Filing the audit form's figures in the browser, and the bureau's approval."""

import pytest
from django.urls import reverse

from quotas.models import PostData, Quota


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def form_data(**levels):
    data = {}
    for level, figures in levels.items():
        for field, value in figures.items():
            data[f"{level}-{field}"] = value
    return data


def test_an_institution_files_figures_which_then_wait_for_approval(client, world):
    client.force_login(world.users["school_hr"])
    url = reverse("quotas:edit", args=[world.school.pk, 2026])

    response = client.post(
        url,
        form_data(
            deputy_senior={"approved_posts": 40, "qualified_hired": 30, "qualified_not_hired": 2},
            full_senior={"approved_posts": 5, "qualified_hired": 5, "qualified_not_hired": 0},
        ),
        follow=True,
    )

    page = response.content.decode()
    assert "The post data for 2026 were saved." in page
    assert "The audit form for this year waits for the HR bureau" in page
    row = PostData.objects.get(institution=world.school, post_level="deputy_senior")
    assert (row.qualified_hired, row.audit_form_approved) == (30, False)
    assert Quota.objects.get(institution=world.school, post_level="full_senior").outcome == (
        "no_audit_form"
    )
    # The intermediate level was left blank: its figures stay as they were.
    assert PostData.objects.get(
        institution=world.school, post_level="intermediate"
    ).audit_form_approved


def test_the_bureau_approves_the_audit_form_and_the_quota_follows(client, world):
    world.post_data(world.school, approved=40, hired=30, approved_form=False)
    client.force_login(world.users["bureau"])

    response = client.post(reverse("quotas:approve", args=[world.school.pk, 2026]), follow=True)

    assert "The 2026 audit form of 示范市第一中学 is approved" in response.content.decode()
    row = PostData.objects.get(institution=world.school, post_level="deputy_senior")
    assert row.audit_form_approved and row.approved_by == world.users["bureau"]
    quota = Quota.objects.get(institution=world.school, post_level="deputy_senior")
    assert (quota.outcome, quota.places) == ("vacant_posts", 10)


def test_a_level_filed_by_halves_is_refused_with_nothing_saved(client, world):
    client.force_login(world.users["school_hr"])

    response = client.post(
        reverse("quotas:edit", args=[world.school.pk, 2026]),
        form_data(deputy_senior={"approved_posts": 40, "qualified_hired": -1}),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter this figure for a post level you file." in page
    assert "Ensure this value is greater than or equal to 0." in page
    assert (
        PostData.objects.get(institution=world.school, post_level="deputy_senior").qualified_hired
        == 36
    )


def test_an_institution_cannot_approve_nor_edit_another(client, world):
    client.force_login(world.users["school_hr"])

    approve = client.post(reverse("quotas:approve", args=[world.school.pk, 2026]))
    other = client.get(reverse("quotas:edit", args=[world.hospital.pk, 2026]))

    assert approve.status_code == 403
    assert other.status_code == 404
