"""A move held back by the calendar or the state of things is not offered: the page says why
and, when the calendar decides, the day it opens, in the reader's language; posted all the
same, it is refused and nothing changes."""

from datetime import timedelta

import pytest
from django.utils.formats import date_format
from django.utils.translation import override

from applicants.models import Declaration, UnitPublicity
from tests.applicants.declaration_states import blocked, filled_form, offered, page, states

S = Declaration.Status


@pytest.fixture(autouse=True)
def _product_in_chinese(settings):
    settings.LANGUAGE_CODE = "zh-hans"


def _blocked_text(html, name) -> str:
    start = html.index(f'id="blocked-{name}"')
    return html[start : html.index("</li>", start)]


def _refused(client, declaration, name):
    before = Declaration.objects.get(pk=declaration.pk).status
    response = client.post(f"/declarations/{declaration.pk}/act/{name}/", filled_form(name))
    assert response.status_code == 200
    assert Declaration.objects.get(pk=declaration.pk).status == before
    return response.content.decode()


def test_blocked_moves_say_why_and_when_they_open(world, client):
    found = {what: declaration for what, declaration, _people in states(world)}

    # Recommending waits for the unit publicity to end: the page gives the day it opens.
    running = found["unit publicity running"]
    ends_on = UnitPublicity.objects.get(declaration=running).ends_on
    html = page(client, world.unit_hr(running), running)
    assert "recommend" not in offered(html) and "return" in offered(html)
    with override("zh-hans"):
        opens = date_format(ends_on + timedelta(days=1))
        end = date_format(ends_on)
    assert opens.startswith(str(ends_on.year)) and "年" in opens
    text = _blocked_text(html, "recommend")
    assert f"{opens}起开放" in text
    assert f"单位内部公示至{end}" in text and f"{opens}起可推荐" in text
    assert "单位内部公示" in _refused(client, running, "recommend")

    # The one-time correction notice: once sent, never offered again.
    again = found["checked again after the correction"]
    html = page(client, world.office, again)
    assert "request_correction" not in offered(html)
    assert "一次性告知" in _blocked_text(html, "request_correction")
    assert "已进行过一次性告知" in _refused(client, again, "request_correction")

    # Deeming withdrawn waits for the correction deadline.
    waiting = found["correction requested"]
    deadline = waiting.correction_notices.get().deadline
    html = page(client, world.office, waiting)
    assert blocked(html) == ["deem_withdrawn"]
    with override("zh-hans"):
        assert f"{date_format(deadline + timedelta(days=1))}起开放" in html

    # Past the deadline the applicant can no longer resubmit: said, with no day to wait for.
    overdue = found["correction overdue"]
    html = page(client, overdue.applicant, overdue)
    assert "resubmit" not in offered(html)
    assert "补正期限" in _blocked_text(html, "resubmit")
    assert "起开放" not in _blocked_text(html, "resubmit")

    # Blocking findings hold the submission back, pointing at them.
    draft = found["draft with blocking findings"]
    html = page(client, draft.applicant, draft)
    assert offered(html) == ["withdraw"] and blocked(html) == ["submit"]
    assert "必须解决" in _blocked_text(html, "submit")
