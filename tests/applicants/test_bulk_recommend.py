"""The unit's HR staff recommend 50 declarations from the list at once: a preview says which
will move and why the others will not, the confirmation asks for the unit's commitment, and
the results page lists each one, moved or refused with the reason."""

import pytest

from applicants.models import Declaration
from audit.models import AuditRecord
from tests.applicants.bulk_world import at_stage, ids_field, in_publicity, result_rows, statuses

S = Declaration.Status


@pytest.fixture(autouse=True)
def _english(settings, client):
    settings.LANGUAGE_CODE = "en"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def fifty(world):
    ready = at_stage(world, 30, S.IN_UNIT_PUBLICITY)
    in_publicity(world, ready)
    running = at_stage(world, 10, S.IN_UNIT_PUBLICITY)
    in_publicity(world, running, ended=False)
    objected = at_stage(world, 5, S.IN_UNIT_PUBLICITY)
    in_publicity(world, objected, objection="open")
    not_yet = at_stage(world, 5, S.SUBMITTED)
    return {"ready": ready, "running": running, "objected": objected, "not_yet": not_yet}


def everyone(fifty):
    return [d for group in fifty.values() for d in group]


def test_preview_confirm_and_per_item_results(world, client, fifty):
    client.force_login(world.employer)
    chosen = everyone(fifty)

    preview = client.post(
        "/declarations/bulk/preview/",
        {"move": "recommend", "scope": "ticked", "ids": [d.pk for d in chosen]},
    )
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "50 declarations chosen" in html and "30 will move" in html
    assert "20 will be skipped" in html
    rows = result_rows(html)
    assert len(rows) == 50
    assert all("Will move" in rows[d.pk] for d in fifty["ready"])
    assert all("recommending opens on" in rows[d.pk] for d in fifty["running"])
    assert all("Resolve every objection" in rows[d.pk] for d in fifty["objected"])
    assert all("cannot be moved by" in rows[d.pk] for d in fifty["not_yet"])
    assert statuses(chosen) == {d.pk: d.status for d in chosen}  # nothing moved yet

    # The confirmation carries only what will move; the unit's commitment is required.
    ids = ids_field(html)
    assert sorted(map(int, ids.split(","))) == [d.pk for d in fifty["ready"]]
    refused = client.post("/declarations/bulk/confirm/", {"move": "recommend", "ids": ids})
    assert refused.status_code == 400
    assert "Confirm the unit&#x27;s commitment" in refused.content.decode()
    assert set(statuses(chosen).values()) == {S.IN_UNIT_PUBLICITY, S.SUBMITTED}

    # Confirmed with everything chosen: the ready move, the others are refused one by one.
    every_id = ",".join(str(d.pk) for d in chosen)
    before = AuditRecord.objects.filter(action="recommend").count()
    done = client.post(
        "/declarations/bulk/confirm/",
        {"move": "recommend", "ids": every_id, "commitment": "on", "reason": "批量推荐"},
    )
    assert done.status_code == 302
    results = client.get(done["Location"])
    html = results.content.decode()
    assert "30 moved" in html and "20 refused" in html
    rows = result_rows(html)
    assert len(rows) == 50
    assert all("Moved" in rows[d.pk] for d in fifty["ready"])
    assert all("Refused" in rows[d.pk] and "runs until" in rows[d.pk] for d in fifty["running"])
    assert all("Refused" in rows[d.pk] for d in fifty["objected"] + fifty["not_yet"])

    now = statuses(chosen)
    assert {now[d.pk] for d in fifty["ready"]} == {S.RECOMMENDED}
    assert {now[d.pk] for d in fifty["running"] + fifty["objected"]} == {S.IN_UNIT_PUBLICITY}
    records = AuditRecord.objects.filter(action="recommend").order_by("pk")[before:]
    assert len(records) == 30
    assert {(r.actor_id, r.reason, r.payload.get("commitment")) for r in records} == {
        (world.employer.pk, "批量推荐", True)
    }


def test_all_matching_the_filter_chooses_every_row_not_just_the_page(world, client, fifty):
    client.force_login(world.employer)
    preview = client.post(
        "/declarations/bulk/preview/",
        {"move": "recommend", "scope": "all", "query": "status=in_unit_publicity"},
    )
    html = preview.content.decode()
    assert "45 declarations chosen" in html and "30 will move" in html


def test_the_office_may_not_recommend_and_a_row_the_unit_cannot_see_is_404(world, client, fifty):
    client.force_login(world.office)
    offered = client.get("/declarations/").content.decode()
    assert 'value="recommend"' not in offered
    answer = client.post(
        "/declarations/bulk/preview/",
        {"move": "recommend", "ids": [fifty["ready"][0].pk]},
    )
    assert answer.status_code == 404

    client.force_login(world.school_hr)
    answer = client.post(
        "/declarations/bulk/confirm/",
        {"move": "recommend", "ids": str(fifty["ready"][0].pk), "commitment": "on"},
    )
    assert answer.status_code == 404
    assert statuses(fifty["ready"][:1]) == {fifty["ready"][0].pk: S.IN_UNIT_PUBLICITY}
