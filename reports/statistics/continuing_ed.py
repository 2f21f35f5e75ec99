"""The continuing-education figure: the share of people meeting the yearly requirement, per
unit."""

from typing import TYPE_CHECKING

from django.db.models import Sum
from django.utils.translation import gettext as _

from continuing_ed.models import CreditHourRecord, SubjectKind
from continuing_ed.requirement import ZERO, YearStatus, format_hours, rule_from_settings
from reports.figures import SHARE, TEXT, Column, Figure, bar_chart, display, limited, share

if TYPE_CHECKING:
    from reports.selectors import Scope


def continuing_education_figure(scope: "Scope", declarations, year: int, plan) -> Figure:
    """The share of people whose certified hours of the year meet the yearly requirement
    (continuing_ed.requirement, the rule in force from settings), per unit. The people: for a
    bureau, everyone holding an applicant account in the units below it; for an office, or
    when a plan is chosen, the applicants of the declarations counted here."""
    if scope.is_office or plan is not None:
        people = declarations.values_list("applicant_id", "employer_id", "employer__name")
        person_ids = declarations.values("applicant_id")
        people = people.order_by("applicant_id", "pk")
    else:
        memberships = scope.people()
        people = memberships.values_list(
            "user_id", "organization_id", "organization__name"
        ).order_by("user_id", "pk")
        person_ids = memberships.values("user_id")
    units = {}
    for person_id, unit_id, unit_name in people:
        units.setdefault(person_id, (unit_id, unit_name))
    hours = {}
    for row in (
        CreditHourRecord.objects.filter(
            year=year, status=CreditHourRecord.Status.CERTIFIED, person_id__in=person_ids
        )
        .values("person_id", "subject_kind")
        .annotate(hours=Sum("hours"))
        .order_by()
    ):
        kind = "professional" if row["subject_kind"] == SubjectKind.PROFESSIONAL else "general"
        hours.setdefault(row["person_id"], {"professional": ZERO, "general": ZERO})[kind] += row[
            "hours"
        ]
    rule = rule_from_settings()
    per_unit = {}
    for person_id, (unit_id, unit_name) in units.items():
        figures = hours.get(person_id, {"professional": ZERO, "general": ZERO})
        status = YearStatus(year=year, rule=rule, pending=ZERO, **figures)
        counts = per_unit.setdefault(unit_id, [unit_name, 0, 0])
        counts[1] += 1
        counts[2] += status.meets
    rows = sorted(
        (
            (name, people_count, meeting, people_count - meeting, share(meeting, people_count))
            for name, people_count, meeting in per_unit.values()
        ),
        key=lambda row: (-row[1], row[0]),
    )
    total = sum(row[1] for row in rows)
    meeting = sum(row[2] for row in rows)
    shown, chart_note = limited(rows, _("units"))
    requirement = _(
        "The requirement in %(year)s: at least %(total)s certified hours, of which at least "
        "%(professional)s in professional subjects"
    ) % {
        "year": year,
        "total": format_hours(rule.hours_per_year),
        "professional": format_hours(rule.required_professional),
    }
    if rule.min_general_hours:
        requirement += _(" and at least %(general)s in general subjects") % {
            "general": format_hours(rule.min_general_hours)
        }
    if scope.is_office or plan is not None:
        who = _("The applicants of the declarations counted on this page, by declaring unit.")
    else:
        who = _("Everyone with an applicant account in the units below you, by unit.")
    return Figure(
        key="continuing-education",
        title=_("Continuing-education compliance"),
        sheet_name=_("Continuing education"),
        summary=(
            _("%(meeting)s of %(total)s people (%(share)s) met the requirement in %(year)s.")
            % {
                "meeting": meeting,
                "total": total,
                "share": display(share(meeting, total), SHARE),
                "year": year,
            }
            if total
            else _("Nobody to count.")
        ),
        note=_("%(requirement)s. %(uncounted)s %(who)s")
        % {
            "requirement": requirement,
            "uncounted": _("Claimed hours not yet certified do not count."),
            "who": who,
        },
        columns=[
            Column(_("Unit"), TEXT),
            Column(_("People")),
            Column(_("Meeting the requirement")),
            Column(_("Short of it")),
            Column(_("Share meeting it"), SHARE),
        ],
        rows=rows,
        chart=bar_chart(
            [row[0] for row in shown],
            [
                (_("Meeting the requirement"), [row[2] for row in shown], "success"),
                (_("Short of it"), [row[3] for row in shown], "danger"),
            ],
            stacked=True,
        ),
        chart_note=chart_note,
    )
