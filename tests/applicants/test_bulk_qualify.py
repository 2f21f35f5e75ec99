"""The jury office starts the qualification check of, and qualifies, 50 declarations from
the list at once: each one moves or is refused with its own reason (blocking findings, a
state that has no such move), and every move is recorded with actor, time and reason."""

import pytest

from applicants.models import Declaration
from audit.models import AuditRecord
from tests.applicants.bulk_world import at_stage, ids_field, result_rows, statuses

S = Declaration.Status


@pytest.fixture(autouse=True)
def _english(settings, client):
    settings.LANGUAGE_CODE = "en"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def fifty(world):
    complete = [
        world.advance(
            world.create(applicant=world.new_applicant(f"complete{n}", n)), S.QUALIFICATION_CHECK
        )
        for n in range(8)
    ]
    incomplete = at_stage(world, 32, S.QUALIFICATION_CHECK)  # nothing filled in
    already = at_stage(world, 10, S.QUALIFIED)
    return {"complete": complete, "incomplete": incomplete, "already": already}


def test_qualify_fifty_with_per_item_results(world, client, fifty):
    client.force_login(world.office)
    chosen = [d for group in fifty.values() for d in group]

    preview = client.post(
        "/declarations/bulk/preview/", {"move": "qualify", "ids": [d.pk for d in chosen]}
    )
    html = preview.content.decode()
    assert "50 declarations chosen" in html and "8 will move" in html
    rows = result_rows(html)
    assert all("Will move" in rows[d.pk] for d in fifty["complete"])
    assert all("blocking findings must be solved" in rows[d.pk] for d in fifty["incomplete"])
    assert all("cannot be moved by" in rows[d.pk] for d in fifty["already"])
    assert sorted(map(int, ids_field(html).split(","))) == sorted(d.pk for d in fifty["complete"])

    before = AuditRecord.objects.filter(action="qualify").count()
    done = client.post(
        "/declarations/bulk/confirm/",
        {"move": "qualify", "ids": ",".join(str(d.pk) for d in chosen), "reason": "资格审查通过"},
    )
    assert done.status_code == 302
    html = client.get(done["Location"]).content.decode()
    assert "8 moved" in html and "42 refused" in html
    rows = result_rows(html)
    assert len(rows) == 50
    assert all("Moved" in rows[d.pk] for d in fifty["complete"])
    # The refusal names the findings in the reader's language.
    assert all(
        "Refused" in rows[d.pk] and "below the minimum" in rows[d.pk] for d in fifty["incomplete"]
    )
    assert all("Refused" in rows[d.pk] for d in fifty["already"])

    now = statuses(chosen)
    assert {now[d.pk] for d in fifty["complete"] + fifty["already"]} == {S.QUALIFIED}
    assert {now[d.pk] for d in fifty["incomplete"]} == {S.QUALIFICATION_CHECK}
    records = AuditRecord.objects.filter(action="qualify").order_by("pk")[before:]
    assert {(r.actor_id, r.reason, r.to_state) for r in records} == {
        (world.office.pk, "资格审查通过", S.QUALIFIED)
    }
    assert len(records) == 8


def test_start_the_check_of_many_with_results_in_chinese(world, client, settings):
    recommended = at_stage(world, 12, S.RECOMMENDED)
    qualified = at_stage(world, 3, S.QUALIFIED)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    client.force_login(world.office)
    ids = ",".join(str(d.pk) for d in recommended + qualified)

    done = client.post("/declarations/bulk/confirm/", {"move": "start_check", "ids": ids})
    html = client.get(done["Location"]).content.decode()

    assert "已办理 12 份" in html and "未办理 3 份" in html
    rows = result_rows(html)
    assert all("已办理" in rows[d.pk] for d in recommended)
    assert all("未办理" in rows[d.pk] and "开始资格审查" in rows[d.pk] for d in qualified)
    assert "Refused" not in html and "cannot be moved" not in html
    now = statuses(recommended + qualified)
    assert {now[d.pk] for d in recommended} == {S.QUALIFICATION_CHECK}
    assert {now[d.pk] for d in qualified} == {S.QUALIFIED}


def test_the_unit_is_not_offered_the_office_moves(world, client):
    recommended = at_stage(world, 2, S.RECOMMENDED)
    client.force_login(world.employer)
    answer = client.post(
        "/declarations/bulk/preview/", {"move": "qualify", "ids": [d.pk for d in recommended]}
    )
    assert answer.status_code == 404
    assert set(statuses(recommended).values()) == {S.RECOMMENDED}
