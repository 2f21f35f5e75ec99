"""The unit publicity in the browser: the unit's members see the notices, object while one
runs, and the unit's HR staff resolve the objections; other units see nothing."""

import pytest
from django.utils.formats import date_format

from applicants.models import Declaration, PublicityObjection

S = Declaration.Status


@pytest.fixture(autouse=True)
def _product_in_english(settings):
    """These tests read the pages in English; the language they answer in is tested in
    tests/ui."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def colleague(world):
    return world.new_applicant("colleague", 1)


@pytest.fixture
def publicity(world):
    declaration = world.advance(world.create(), S.IN_UNIT_PUBLICITY)
    return declaration.publicities.get()


def test_the_units_members_see_the_notice_and_other_units_do_not(
    world, client, publicity, colleague
):
    client.force_login(colleague)
    listing = client.get("/declarations/publicity/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert f'href="/declarations/publicity/{publicity.pk}/"' in html
    assert "张伟" in html and "高级工程师" in html and "working days left" in html

    notice = client.get(f"/declarations/publicity/{publicity.pk}/").content.decode()
    assert "张伟 of 示范交通投资集团有限公司 declares 高级工程师" in notice
    assert f"to {date_format(publicity.ends_on)} (5 working days)" in notice
    assert "Raise an objection" in notice

    for stranger in (world.school_applicant, world.school_hr, world.expert):
        client.force_login(stranger)
        assert "张伟" not in client.get("/declarations/publicity/").content.decode()
        assert client.get(f"/declarations/publicity/{publicity.pk}/").status_code == 404


def test_the_applicant_sees_their_notice_but_cannot_object_to_it(world, client, publicity):
    client.force_login(world.applicant)
    html = client.get(f"/declarations/publicity/{publicity.pk}/").content.decode()
    assert "Raise an objection" not in html
    refused = client.post(f"/declarations/publicity/{publicity.pk}/", {"content": "x"})
    assert "You cannot object to your own declaration." in refused.content.decode()
    assert not PublicityObjection.objects.exists()


def test_an_objection_is_raised_then_resolved_by_the_unit(world, client, publicity, colleague):
    client.force_login(colleague)
    empty = client.post(f"/declarations/publicity/{publicity.pk}/", {"content": ""})
    assert empty.status_code == 200
    assert "This field is required." in empty.content.decode()
    assert not PublicityObjection.objects.exists()

    raised = client.post(f"/declarations/publicity/{publicity.pk}/", {"content": "论文系他人代写"})
    assert raised.status_code == 302
    objection = PublicityObjection.objects.get()
    assert (objection.raised_by, objection.content) == (colleague, "论文系他人代写")
    mine = client.get(f"/declarations/publicity/{publicity.pk}/").content.decode()
    assert "Your objections" in mine and "论文系他人代写" in mine
    assert "Record the resolution" not in mine
    # A member is not the one to resolve it.
    assert (
        client.post(
            f"/declarations/publicity/objections/{objection.pk}/resolve/",
            {
                f"objection-{objection.pk}-resolution": "x",
                f"objection-{objection.pk}-upheld": "false",
            },
        ).status_code
        == 404
    )

    client.force_login(world.employer)
    staff = client.get(f"/declarations/publicity/{publicity.pk}/").content.decode()
    assert "论文系他人代写" in staff and "申报人1" in staff  # who raised it
    assert "Record the resolution" in staff
    assert 'data-confirm="Record this resolution?' in staff
    declaration_page = client.get(f"/declarations/{publicity.declaration_id}/").content.decode()
    assert '<span class="badge warning">open</span>' in declaration_page

    no_resolution = client.post(
        f"/declarations/publicity/objections/{objection.pk}/resolve/",
        {f"objection-{objection.pk}-upheld": "false"},
    )
    assert no_resolution.status_code == 200
    assert (
        "Record how the objection was investigated and resolved." in no_resolution.content.decode()
    )
    objection.refresh_from_db()
    assert not objection.is_resolved

    resolved = client.post(
        f"/declarations/publicity/objections/{objection.pk}/resolve/",
        {
            f"objection-{objection.pk}-resolution": "经核实，论文为本人独立完成",
            f"objection-{objection.pk}-upheld": "false",
        },
    )
    assert resolved.status_code == 302
    objection.refresh_from_db()
    assert objection.is_resolved and objection.upheld is False
    assert objection.resolved_by == world.employer
    html = client.get(f"/declarations/publicity/{publicity.pk}/").content.decode()
    assert "not upheld" in html and "经核实，论文为本人独立完成" in html


def test_objections_after_the_window_are_refused(world, client, publicity, colleague):
    world.end_publicity(publicity.declaration)
    client.force_login(colleague)
    html = client.get(f"/declarations/publicity/{publicity.pk}/").content.decode()
    assert "The publicity has ended: objections are no longer taken." in html
    late = client.post(f"/declarations/publicity/{publicity.pk}/", {"content": "太晚了"})
    assert "The publicity of this declaration is not running." in late.content.decode()
    assert not PublicityObjection.objects.exists()


def test_the_notice_is_gone_once_the_unit_decided(world, client, publicity, colleague):
    world.advance(publicity.declaration, S.RECOMMENDED)
    client.force_login(colleague)
    assert client.get(f"/declarations/publicity/{publicity.pk}/").status_code == 404
    assert "No publicity running" in client.get("/declarations/publicity/").content.decode()
