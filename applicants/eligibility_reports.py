"""Findings as reported (docs/domain.md, "Eligibility"): each submission and resubmission keeps
the eligibility findings as they stood, with the data they were computed from, so that what
the applicant, the unit and the office saw then survives any later change. The declaration's
page shows them beside today's findings and marks what differs: a finding that is new, gone
or changed since, and the data that changed.

`record_findings_report` is an effect of the `submit` and `resubmit` moves
(applicants/workflow.py): it runs inside the move's transaction, after its guard found no
blocking finding, and puts the report's id and digest into the move's audit record."""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext_lazy

from applicants.eligibility import Finding, evaluate_eligibility
from applicants.eligibility_periods import achievements_count_mode, social_insurance_min_months
from applicants.models import Declaration, FindingsReport
from applicants.requirements import requirements
from core.choice_codes import shown_code
from titles.models import EvaluationCondition

MOVE_LABELS = {
    "submit": gettext_lazy("As reported at submission"),
    "resubmit": gettext_lazy("As reported at resubmission"),
}
# The declaration's own fields the checks read, as they were.
DECLARATION_FIELDS = (
    "channel",
    "education",
    "field_of_study",
    "skill_class",
    "work_started_on",
    "current_title_level",
    "current_title_name",
    "current_title_obtained_on",
    "professional_years",
    "serves_at_county_or_below",
    "is_civil_servant",
    "is_retired",
    "under_disciplinary_sanction",
    "personnel_file_elsewhere",
    "social_insurance_since",
    "social_insurance_certified_at",
)
# The province settings the checks read, as they were.
SETTINGS = (
    "ACHIEVEMENTS_COUNT_FROM",
    "SOCIAL_INSURANCE_MIN_MONTHS",
    "FIRST_SECRETARY_MIN_VILLAGE_YEARS",
    "FIRST_SECRETARY_YEARS_EARLY",
    "YOUTH_AID_EXCELLENT_YEARS",
    "FRAUD_BAN_YEARS",
    "CONTINUING_EDUCATION_HOURS_PER_YEAR",
    "CONTINUING_EDUCATION_COUNT_PLAN_YEAR",
)
LABELS = {
    "plan_year": gettext_lazy("Plan year"),
    "achievement_cutoff": gettext_lazy("Achievement cut-off date"),
    "declaration_closes": gettext_lazy("Declarations close"),
    "title": gettext_lazy("Title declared"),
    "specialty": gettext_lazy("Specialty"),
    "employer": gettext_lazy("Declaring unit"),
    "condition": gettext_lazy("Evaluation conditions"),
    "work_history": gettext_lazy("Work history"),
    "assessments": gettext_lazy("Annual assessments"),
    "achievements": gettext_lazy("Achievements"),
    "village_periods": gettext_lazy("Village service"),
    "materials": gettext_lazy("Proof materials"),
    "settings": gettext_lazy("Province settings"),
    "continuing_education": gettext_lazy("Continuing education hours"),
}
# Data of the later stages kept with the report, each `inputs(declaration) -> dict` registered
# by its app (continuing_ed: each counted year's certified and required hours).
_CONTRIBUTORS: list[Callable] = []


def eligibility_input(func: Callable) -> Callable:
    """Register a later stage's data to keep with every findings report."""
    if func not in _CONTRIBUTORS:
        _CONTRIBUTORS.append(func)
    return func


def hours_row(year, certified, required) -> str:
    """A year of continuing education as a report keeps it: "2024 · 90/90"."""
    return _row(year, f"{certified}/{required}")


def reported_hours(inputs: dict) -> list[tuple[str, str, str]] | None:
    """(year, certified, required) of each counted year a report kept; None when the report
    kept none (made before the hours were kept, or no hours are required)."""
    rows = inputs.get("continuing_education")
    if rows is None:
        return None
    found = []
    for row in rows:
        year, _separator, hours = row.partition(" · ")
        certified, _slash, required = hours.partition("/")
        found.append((year, certified, required))
    return found


def _json(value):
    """A value as JSON keeps it: dates and times in ISO 8601, choices by their value."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _period(first_day, last_day) -> str:
    return f"{first_day.isoformat()}/{last_day.isoformat() if last_day else '..'}"


def _row(*parts) -> str:
    return " · ".join(str(part) for part in parts if part not in (None, ""))


def eligibility_inputs(declaration: Declaration) -> dict:
    """The data the findings are computed from, as JSON: the plan, the title, the form and its
    lists, the current proof materials, the evaluation conditions and the province settings.
    The later stages add their own (`eligibility_input`); their checks' figures are also in
    their findings' evidence."""
    plan = declaration.plan
    condition = requirements(declaration).condition
    materials = sorted(
        (material.material_type, material.sha256) for material in declaration.current_materials
    )
    inputs = {
        "plan_year": plan.year,
        "achievement_cutoff": plan.achievement_cutoff,
        "declaration_closes": plan.declaration_closes,
        "title": _row(declaration.title.name_zh, declaration.title.name_en),
        "specialty": declaration.specialty.name_zh,
        "employer": declaration.employer.name,
        **{name: getattr(declaration, name) for name in DECLARATION_FIELDS},
        "condition": None
        if condition is None
        else {
            "effective_year": condition.effective_year,
            "min_education": condition.min_education,
            "years_since_current_title": condition.years_since_current_title,
            "professional_years": condition.professional_years,
            "continuing_education_hours": condition.continuing_education_hours,
            "required_exams": list(condition.required_exams),
            "required_material_types": list(condition.required_material_types),
        },
        "work_history": [
            _row(_period(row.started_on, row.ended_on), row.organization_name, row.position)
            for row in declaration.work_history.all()
        ],
        "assessments": [
            _row(row.year, row.grade)
            for row in sorted(declaration.assessments.all(), key=lambda row: row.year)
        ],
        "achievements": [
            _row(row.achieved_on.isoformat(), row.kind, row.title)
            for row in declaration.achievements.all()
        ],
        "village_periods": [
            _row(_period(row.started_on, row.ended_on), row.village)
            for row in declaration.village_periods.all()
        ],
        "materials": [_row(kind, digest[:12]) for kind, digest in materials],
        "settings": {
            **{name: getattr(settings, name, None) for name in SETTINGS},
            "ACHIEVEMENTS_COUNT_FROM": achievements_count_mode(),
            "SOCIAL_INSURANCE_MIN_MONTHS": social_insurance_min_months(),
        },
    }
    if declaration.village_service_years:
        inputs["village_service_years"] = declaration.village_service_years
    for contribute in _CONTRIBUTORS:
        inputs.update(contribute(declaration))
    return _json(inputs)


def _digest(findings, inputs) -> str:
    content = json.dumps(
        {"findings": findings, "inputs": inputs},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        cls=DjangoJSONEncoder,
    )
    return hashlib.sha256(content.encode()).hexdigest()


def record_findings_report(declaration, transition, actor) -> FindingsReport:
    """Effect of `submit` and `resubmit`: keep the findings as they stand now, with their data.
    Those moves act on one declaration at a time, so the move's data carries the report into
    its audit record."""
    findings = [finding.stored() for finding in evaluate_eligibility(declaration)]
    inputs = eligibility_inputs(declaration)
    report = FindingsReport.objects.create(
        declaration=declaration,
        move=transition.name,
        findings=_json(findings),
        inputs=inputs,
        sha256=_digest(_json(findings), inputs),
        created_by=actor,
    )
    transition.data["findings_report"] = {"id": report.pk, "sha256": report.sha256}
    return report


# --- beside today's findings --------------------------------------------------------------


@dataclass(frozen=True)
class Compared:
    """One finding of a report beside today's: `state` is "same", "changed" (same rule, other
    figures or weight), "new" (found today only) or "gone" (reported, no longer found)."""

    state: str
    then: Finding | None
    now: Finding | None

    @property
    def finding(self) -> Finding:
        return self.now or self.then


def _same(finding: Finding) -> str:
    return json.dumps(finding.stored(), sort_keys=True, cls=DjangoJSONEncoder)


def compare_findings(reported: list[Finding], today: list[Finding]) -> list[Compared]:
    """Reported findings against today's: identical ones first paired off, then those of the
    same code (changed), the rest new or gone; in the order of the report, then today's."""
    left_today = list(today)
    rows: list[Compared | None] = []
    unmatched = []
    for finding in reported:
        key = _same(finding)
        match = next((other for other in left_today if _same(other) == key), None)
        if match is not None:
            left_today.remove(match)
            rows.append(Compared("same", finding, match))
        else:
            rows.append(None)
            unmatched.append((len(rows) - 1, finding))
    for index, finding in unmatched:
        match = next((other for other in left_today if other.code == finding.code), None)
        if match is not None:
            left_today.remove(match)
            rows[index] = Compared("changed", finding, match)
        else:
            rows[index] = Compared("gone", finding, None)
    rows.extend(Compared("new", None, finding) for finding in left_today)
    return rows


def _label(key) -> str:
    if key in LABELS:
        return str(LABELS[key])
    for model in (Declaration, EvaluationCondition):
        try:
            return str(model._meta.get_field(key).verbose_name)
        except FieldDoesNotExist:  # a key only an older report has, or a setting's name
            continue
    return key


def _shown(key, value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if key in DECLARATION_FIELDS:
        field = Declaration._meta.get_field(key)
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return str(gettext_lazy("yes") if value else gettext_lazy("no"))
    if isinstance(value, list):
        return "; ".join(str(_coded(item)) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{_label(name)}: {shown_code(item)}" for name, item in value.items())
    return str(value)


def _coded(row):
    """A stored row such as "2024 · excellent" with its codes as labels."""
    if not isinstance(row, str):
        return shown_code(row)
    return " · ".join(str(shown_code(part)) for part in row.split(" · "))


def changed_inputs(then: dict, now: dict) -> list[dict]:
    """The data that changed since a report: label, value then, value now."""
    return [
        {
            "key": key,
            "label": _label(key),
            "then": _shown(key, then.get(key)),
            "now": _shown(key, now.get(key)),
        }
        for key in dict.fromkeys([*then, *now])
        if then.get(key) != now.get(key)
    ]


def reports_beside(declaration, today: list[Finding]) -> list[dict]:
    """The declaration's reports, newest first, each compared with today's findings and data."""
    reports = list(declaration.findings_reports.select_related("created_by"))
    if not reports:
        return []
    current = eligibility_inputs(declaration)
    shown = []
    for report in reports:
        rows = compare_findings([Finding.from_stored(item) for item in report.findings], today)
        changed = changed_inputs(report.inputs, current)
        shown.append(
            {
                "report": report,
                "label": MOVE_LABELS.get(report.move, report.move),
                "rows": rows,
                "changed_data": changed,
                "findings_differ": any(row.state != "same" for row in rows),
            }
        )
    return shown


def reported_findings(report: FindingsReport) -> list[Finding]:
    return [Finding.from_stored(item) for item in report.findings]


def report_as_dict(report: FindingsReport) -> dict:
    """A report for the API: its findings read in the caller's language (and both)."""
    return {
        "id": report.pk,
        "move": report.move,
        "created_at": timezone.localtime(report.created_at),
        "findings": [finding.as_dict() for finding in reported_findings(report)],
        "inputs": report.inputs,
        "sha256": report.sha256,
    }
