"""Dates read as people write them: 2026年11月30日 on Chinese pages, 30 Nov 2026 on English
ones, never a bare 2026-11-30; a date field still carries the ISO value its date picker needs."""

from datetime import date, datetime

from django.template import Context, Template
from django.utils import translation

from certificates.forms import ApproveFilingForm


def chinese(day):
    return f"{day.year}年{day.month}月{day.day}日"


def english(day):
    return f"{day.day} {day:%b} {day.year}"


def test_the_plan_page_shows_its_dates_the_chinese_way_by_default(client, demo):
    plan = demo["plan"]
    client.force_login(demo["users"]["bureau"])

    page = client.get(f"/titles/plans/{plan.pk}/").content.decode()

    assert '<html lang="zh-hans">' in page
    for day in (plan.declaration_opens, plan.declaration_closes, plan.achievement_cutoff):
        assert chinese(day) in page
        assert f">{day.isoformat()}<" not in page


def test_the_plan_page_shows_its_dates_the_english_way_in_english(client, demo):
    plan = demo["plan"]
    client.force_login(demo["users"]["bureau"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    page = client.get(f"/titles/plans/{plan.pk}/").content.decode()

    assert '<html lang="en">' in page
    for day in (plan.declaration_opens, plan.declaration_closes, plan.achievement_cutoff):
        assert english(day) in page
        assert f">{day.isoformat()}<" not in page


def test_a_date_field_of_a_chinese_page_is_a_date_picker_holding_an_iso_date(client, demo):
    plan = demo["plan"]
    client.force_login(demo["users"]["bureau"])

    page = client.get(f"/titles/plans/{plan.pk}/edit/").content.decode()

    opens = plan.declaration_opens.isoformat()
    assert f'type="date" name="declaration_opens" value="{opens}"' in page


def test_any_date_input_renders_iso_whatever_the_language():
    # A date field declared without a format of its own (the filing approval's document date).
    form = ApproveFilingForm(initial={"document_date": date(2026, 11, 30)})

    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert 'value="2026-11-30"' in str(form["document_date"])


def test_the_named_formats_follow_the_language():
    template = Template(
        '{{ day|date:"DATE_FORMAT" }}|{{ moment|date:"DATETIME_FORMAT" }}'
        '|{{ day|date:"YEAR_MONTH_FORMAT" }}'
    )
    context = Context({"day": date(2026, 11, 30), "moment": datetime(2026, 11, 30, 9, 5)})

    with translation.override("zh-hans"):
        assert template.render(context) == "2026年11月30日|2026年11月30日 09:05|2026年11月"
    with translation.override("en"):
        assert template.render(context) == "30 Nov 2026|30 Nov 2026, 09:05|Nov 2026"
