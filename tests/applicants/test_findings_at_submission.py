"""Findings as reported: each submission and resubmission keeps the eligibility findings as
they stood, with the data they were computed from and a digest in the move's audit record;
they survive later changes, read in each reader's language, and the declaration's page shows
them beside today's findings with what differs marked."""

import hashlib
import json
from datetime import date, timedelta

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation

from applicants import services
from applicants.eligibility import Finding, Text, evaluate_eligibility
from applicants.eligibility_reports import compare_findings
from applicants.models import Declaration, FindingsReport
from audit.models import AuditRecord
from titles.models import Education, Level

C = Declaration.Channel
S = Declaration.Status


def codes(findings):
    return [finding.code for finding in findings]


def reported(report):
    return [Finding.from_stored(item) for item in report.findings]


def case_by_case(world, **overrides):
    """A case-by-case declaration: its condition findings inform and do not block, so it is
    submitted with findings."""
    return world.create(channel=C.CASE_BY_CASE, professional_years=3, **overrides)


def test_a_submission_keeps_the_findings_with_their_data_and_digest(world):
    declaration = case_by_case(world)
    services.submit_declaration(declaration, actor=world.applicant, pledge=True)
    report = FindingsReport.objects.get(declaration=declaration)
    assert (report.move, report.created_by) == ("submit", world.applicant)
    findings = reported(report)
    assert codes(findings) == ["case_by_case_panel", "professional_years_short"]
    assert findings[1].evidence == {"years": 3, "required_years": 10}
    assert not any(finding.blocking for finding in findings)
    # The data the findings were computed from.
    assert report.inputs["professional_years"] == 3
    assert report.inputs["channel"] == "case_by_case"
    assert report.inputs["achievement_cutoff"] == "2026-12-31"
    assert report.inputs["condition"]["professional_years"] == 10
    assert report.inputs["achievements"] == ["2024-05-01 · paper · 桥梁检测方法研究"]
    assert report.inputs["settings"]["ACHIEVEMENTS_COUNT_FROM"] == "next_year"
    assert report.inputs["settings"]["SOCIAL_INSURANCE_MIN_MONTHS"] == 12
    # Its digest is in the chain, with the move.
    content = json.dumps(
        {"findings": report.findings, "inputs": report.inputs},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        cls=DjangoJSONEncoder,
    )
    assert report.sha256 == hashlib.sha256(content.encode()).hexdigest()
    record = AuditRecord.objects.get(declaration=declaration, action="submit")
    assert record.payload["findings_report"] == {"id": report.pk, "sha256": report.sha256}


def test_what_was_reported_is_kept_when_the_data_and_the_rules_change(world, settings):
    declaration = world.create()
    services.submit_declaration(declaration, actor=world.applicant, pledge=True)
    services.return_declaration(declaration, actor=world.employer, reason="请补充业绩")
    services.update_declaration(
        declaration,
        actor=world.applicant,
        professional_years=3,
        achievements=[{"kind": "paper", "title": "当年论文", "achieved_on": date(2019, 9, 1)}],
    )
    settings.FRAUD_BAN_YEARS = 3
    services.bar_from_declaring(
        world.applicant, actor=world.bureau, started_on=date(2026, 3, 1), reason="伪造论文"
    )
    today = evaluate_eligibility(Declaration.objects.get(pk=declaration.pk))
    assert set(codes(today)) == {
        "declaration_banned",
        "professional_years_short",
        "achievement_in_current_title_year",
    }
    report = FindingsReport.objects.get(declaration=declaration)
    assert report.findings == []
    assert report.inputs["professional_years"] == 16
    assert report.inputs["achievements"] == ["2024-05-01 · paper · 桥梁检测方法研究"]


def test_each_reader_reads_a_report_in_their_language(world):
    declaration = case_by_case(world)
    services.submit_declaration(declaration, actor=world.applicant, pledge=True)
    [panel, short] = reported(FindingsReport.objects.get(declaration=declaration))
    assert "常设评审专家组" in panel.message_zh and "standing panel" in panel.message_en
    with translation.override("en"):
        assert short.message == "3 years of professional work; 10 needed."
        assert short.rule.startswith("Evaluation conditions of Senior Engineer")


def test_a_stored_finding_reads_as_the_live_one_in_both_languages(world):
    declaration = world.create(
        education=Education.JUNIOR_COLLEGE,
        current_title_level=Level.ASSISTANT,
        materials=False,
    )
    live = evaluate_eligibility(declaration)
    assert {"education_below_minimum", "level_skipped", "materials_missing"} <= set(codes(live))
    for finding in live:
        kept = Finding.from_stored(json.loads(json.dumps(finding.stored())))
        assert kept.as_dict() == finding.as_dict()
        for language in ("en", "zh-hans"):
            with translation.override(language):
                assert (kept.message, kept.rule) == (finding.message, finding.rule)


def test_reported_and_todays_findings_are_paired_and_marked():
    def finding(code, years, blocking=True):
        return Finding(code, blocking, Text("%(years)s", {"years": years}), Text("r"), {"y": years})

    then = [finding("a", 1), finding("b", 2), finding("c", 3)]
    now = [finding("b", 2), finding("a", 5), finding("d", 4)]
    rows = compare_findings(then, now)
    assert [(row.state, row.finding.code) for row in rows] == [
        ("changed", "a"),
        ("same", "b"),
        ("gone", "c"),
        ("new", "d"),
    ]
    assert (rows[0].then.evidence, rows[0].now.evidence) == ({"y": 1}, {"y": 5})


def test_a_resubmission_adds_a_report_and_the_first_stays(world):
    declaration = case_by_case(world)
    declaration = world.advance(declaration, S.QUALIFICATION_CHECK)
    services.request_correction(
        declaration,
        actor=world.office,
        items=[{"section": "basic", "problem": "专业年限有误"}],
        deadline=date.today() + timedelta(days=7),
    )
    services.update_declaration(declaration, actor=world.applicant, professional_years=5)
    services.resubmit_declaration(declaration, actor=world.applicant, pledge=True)
    latest, first = FindingsReport.objects.filter(declaration=declaration)
    assert (latest.move, first.move) == ("resubmit", "submit")
    assert reported(first)[1].evidence["years"] == 3
    assert reported(latest)[1].evidence["years"] == 5
    record = AuditRecord.objects.get(declaration=declaration, action="resubmit")
    assert record.payload["findings_report"]["id"] == latest.pk


def test_the_page_shows_the_reported_findings_beside_todays(world, client, settings):
    settings.LANGUAGE_CODE = "en"
    declaration = case_by_case(world)
    services.submit_declaration(declaration, actor=world.applicant, pledge=True)
    client.force_login(world.employer)
    page = client.get(f"/declarations/{declaration.pk}/").content.decode()
    reports = page[page.index('id="findings-reported"') :]
    assert "As reported at submission" in reports and "same as today" in reports
    assert reports.count("unchanged") == 2

    services.return_declaration(declaration, actor=world.employer, reason="年限有误")
    services.update_declaration(declaration, actor=world.applicant, professional_years=5)
    Declaration.objects.filter(pk=declaration.pk).update(is_retired=True)
    page = client.get(f"/declarations/{declaration.pk}/").content.decode()
    reports = page[page.index('id="findings-reported"') :]
    assert "findings differ from today's" in reports
    assert "changed since" in reports
    assert "Then:</strong> 3 years of professional work; 10 needed." in reports
    assert "Now:</strong> 5 years of professional work; 10 needed." in reports
    assert "new since" in reports and "Retired people may not declare." in reports
    # The data that changed, then and now.
    assert '<th scope="row">years of professional work</th><td>3</td><td>5</td>' in reports
    assert '<th scope="row">retired</th><td>no</td><td>yes</td>' in reports


def test_the_api_gives_the_reports_with_the_declaration(world, api):
    declaration = case_by_case(world)
    services.submit_declaration(declaration, actor=world.applicant, pledge=True)
    body = api(world.employer).get(f"/api/v1/declarations/{declaration.pk}/").json()
    [report] = body["findings_reports"]
    assert report["move"] == "submit"
    assert [finding["code"] for finding in report["findings"]] == [
        "case_by_case_panel",
        "professional_years_short",
    ]
    assert "常设评审专家组" in report["findings"][0]["message_zh"]
    assert report["inputs"]["professional_years"] == 3
