"""Reads for the statistics pages: the figures the HR bureau and the jury offices follow the
annual cycle by. Each figure is a few aggregate queries (values() + annotate(Count/Sum)) whatever
the number of declarations, people or certificates, scoped to the role the reader acts in.

Scope (the acting membership; a superuser sees everything):
- HR bureau staff and administrators: the plans organized by their organization or below it,
  the declarations of those plans once submitted to a unit (a draft is not a declaration yet),
  the public institutions below them (post quotas) and the people of the units below them
  (continuing education).
- Jury office staff: the plans their office runs and the declarations that reached the office.
  Post quotas are the institutions' and the bureaus' business (the quota pages do not show
  them to offices either), so an office has no quota figure.

What counts as reviewed (pass rates): a declaration whose jury review has a result. Passed:
passed, in result publicity, filed, certified, and revoked (revocation is a later sanction;
the jury did pass it). Failed: failed, which includes results overturned by an upheld objection
during the result publicity (the workflow moves those to failed). Declarations still in review
have no result and are not counted."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.models import Membership, Organization, Role
from applicants.models import Declaration
from certificates.models import Certificate, CertificateIssue
from continuing_ed.models import CreditHourRecord, SubjectKind
from continuing_ed.requirement import ZERO, YearStatus, format_hours, rule_from_settings
from quotas.models import PostData, PostLevel, Reservation
from quotas.rule import Outcome, compute_quota
from quotas.selectors import figures_of, rule_settings
from titles.models import EvaluationPlan, Level

S = Declaration.Status
STATISTICS_ROLES = (Role.HR_BUREAU, Role.ADMIN, Role.JURY_OFFICE)
PASSED_STATES = (S.PASSED, S.IN_RESULT_PUBLICITY, S.FILED, S.CERTIFIED, S.REVOKED)
FAILED_STATES = (S.FAILED,)
REVIEWED_STATES = PASSED_STATES + FAILED_STATES
# Every stage a submitted declaration can be at, in the order of the pipeline.
STAGES = tuple(status for status in S if status != S.DRAFT)
# Figures with a bar per employer or institution chart this many; their table lists all.
CHART_MAX_BARS = 20
POST_LEVEL_ORDER = {value: index for index, value in enumerate(PostLevel.values)}


# --- scope and filters ----------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    organization: Organization | None  # None: everything (a superuser)
    is_office: bool = False

    @property
    def shows_quotas(self) -> bool:
        return not self.is_office

    def plans(self) -> QuerySet[EvaluationPlan]:
        plans = EvaluationPlan.objects.all()
        if self.organization is None:
            return plans
        if self.is_office:
            return plans.filter(jury__office_id=self.organization.pk)
        return plans.filter(organizer__path__startswith=self.organization.path)

    def declarations(self, plans: QuerySet[EvaluationPlan]) -> QuerySet[Declaration]:
        declarations = Declaration.objects.filter(plan__in=plans)
        if self.is_office:
            return declarations.filter(forwarded_to_office_at__isnull=False)
        return declarations.filter(submitted_at__isnull=False)

    def institutions(self) -> QuerySet[Organization]:
        institutions = Organization.objects.filter(kind=Organization.Kind.PUBLIC_INSTITUTION)
        if self.organization is None:
            return institutions
        return institutions.filter(path__startswith=self.organization.path)

    def people(self) -> QuerySet[Membership]:
        """The applicant memberships of the units below (everyone's, for a superuser)."""
        memberships = Membership.objects.filter(role=Role.APPLICANT, is_active=True)
        if self.organization is None:
            return memberships
        return memberships.filter(organization__path__startswith=self.organization.path)


def statistics_scope(user, membership: Membership | None) -> Scope:
    """What the statistics cover for the role the user acts in; anyone else is refused."""
    if user.is_superuser:
        return Scope(None)
    if membership is None or membership.role not in STATISTICS_ROLES:
        raise PermissionDenied
    return Scope(membership.organization, is_office=membership.role == Role.JURY_OFFICE)


@dataclass(frozen=True)
class Filters:
    year: int
    plan: EvaluationPlan | None
    years: list[int]  # the years with plans in scope, newest first
    plans: list[EvaluationPlan]  # the plans of the year in scope, to choose from


def statistics_filters(scope: Scope, *, year: int | None = None, plan_id=None) -> Filters:
    """The year (a plan's own year when a plan is chosen; by default the newest year with a
    plan) and the plan. A plan outside the scope does not exist for the reader (404)."""
    plans = scope.plans()
    plan = None
    if plan_id is not None:
        plan = plans.filter(pk=plan_id).first()
        if plan is None:
            raise Http404
    years = list(plans.order_by("-year").values_list("year", flat=True).distinct())
    if plan is not None:
        year = plan.year
    elif year is None:
        year = years[0] if years else timezone.localdate().year
    return Filters(
        year=year,
        plan=plan,
        years=years,
        plans=list(plans.filter(year=year).order_by("name", "pk")),
    )


# --- figures --------------------------------------------------------------------------------

TEXT, COUNT, SHARE = "text", "count", "share"


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = COUNT


@dataclass
class Figure:
    """One figure: its table (the data itself: the page's accessible table and an Excel sheet)
    and the chart drawn from it (`chart`, passed to the browser with json_script)."""

    key: str
    title: str
    sheet_name: str
    summary: str  # one sentence with the totals, also the chart's accessible name
    note: str  # what counts
    columns: list[Column]
    rows: list[tuple]
    chart: dict = field(default_factory=dict)
    chart_note: str = ""

    @property
    def chart_id(self) -> str:
        return f"chart-{self.key}"

    @property
    def data_id(self) -> str:
        return f"chart-data-{self.key}"

    @property
    def chart_height(self) -> int:
        """Pixels: horizontal bars get room per label, other charts a fixed height."""
        if self.chart.get("horizontal"):
            bars = len(self.chart.get("labels", ())) * max(len(self.chart["datasets"]), 1)
            return max(200, 60 + 16 * bars + 12 * len(self.chart.get("labels", ())))
        return 320

    def display_rows(self) -> list[list[dict]]:
        """The rows as the page shows them: each cell's text, and whether it is a figure."""
        return [
            [
                {"text": display(value, column.kind), "number": column.kind != TEXT}
                for value, column in zip(row, self.columns, strict=True)
            ]
            for row in self.rows
        ]


def display(value, kind: str) -> str:
    if value is None:
        return "—"
    if kind == SHARE:
        return f"{value * 100:.1f}%"
    return str(value)


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _localized(zh: str, en: str) -> str:
    language = (get_language() or "").lower()
    return zh if language.startswith("zh") or not en else en


def _bar_chart(labels, datasets, *, horizontal=True, stacked=False) -> dict:
    """`datasets`: (label, values, colour name) with colour names that statistics.js maps to
    the stylesheet's colours."""
    return {
        "type": "bar",
        "horizontal": horizontal,
        "stacked": stacked,
        "labels": [str(label) for label in labels],
        "datasets": [
            {"label": str(label), "data": list(values), "color": color}
            for label, values, color in datasets
        ],
    }


def _limited(rows: list, what: str) -> tuple[list, str]:
    if len(rows) <= CHART_MAX_BARS:
        return rows, ""
    note = _(
        "The chart shows the first %(shown)s of %(total)s %(what)s; the table lists them all."
    ) % {"shown": CHART_MAX_BARS, "total": len(rows), "what": what}
    return rows[:CHART_MAX_BARS], note


def stage_figure(declarations: QuerySet[Declaration]) -> Figure:
    counts = dict(declarations.order_by().values_list("status").annotate(total=Count("pk")))
    rows = [(str(S(status).label), counts.get(status, 0)) for status in STAGES]
    total = sum(count for _label, count in rows)
    return Figure(
        key="stages",
        title=_("Declarations per stage"),
        sheet_name=_("Stages"),
        summary=_("%(total)s declarations in all.") % {"total": total},
        note=_("Each declaration counted once, at the stage it is at now. Drafts are not counted."),
        columns=[Column(_("Stage"), TEXT), Column(_("Declarations"))],
        rows=rows,
        chart=_bar_chart(
            [label for label, _count in rows],
            [(_("Declarations"), [count for _label, count in rows], "brand")],
        ),
    )


def _pass_counts(declarations, fields, order) -> QuerySet:
    return (
        declarations.filter(status__in=REVIEWED_STATES)
        .values(*fields)
        .annotate(
            reviewed=Count("pk"),
            passed=Count("pk", filter=Q(status__in=PASSED_STATES)),
            failed=Count("pk", filter=Q(status__in=FAILED_STATES)),
        )
        .order_by(*order)
    )


def _pass_figure(key, title, sheet_name, heading, what, labelled_counts) -> Figure:
    """`labelled_counts`: (label, reviewed, passed, failed) in table order."""
    rows = [
        (label, reviewed, passed, failed, share(passed, reviewed))
        for label, reviewed, passed, failed in labelled_counts
    ]
    reviewed = sum(row[1] for row in rows)
    passed = sum(row[2] for row in rows)
    shown, chart_note = _limited(rows, what)
    if reviewed:
        summary = _("%(reviewed)s reviewed, %(passed)s passed (%(rate)s).") % {
            "reviewed": reviewed,
            "passed": passed,
            "rate": display(share(passed, reviewed), SHARE),
        }
    else:
        summary = _("No review results yet.")
    return Figure(
        key=key,
        title=title,
        sheet_name=sheet_name,
        summary=summary,
        note=_(
            "Among the declarations with a review result. Passed: passed, in result publicity, "
            "filed, certified or since revoked. Failed: failed, including results overturned "
            "by an upheld objection. Declarations still in review are not counted."
        ),
        columns=[
            Column(heading, TEXT),
            Column(_("Reviewed")),
            Column(_("Passed")),
            Column(_("Failed")),
            Column(_("Pass rate"), SHARE),
        ],
        rows=rows,
        chart=_bar_chart(
            [row[0] for row in shown],
            [
                (_("Passed"), [row[2] for row in shown], "success"),
                (_("Failed"), [row[3] for row in shown], "danger"),
            ],
            stacked=True,
        ),
        chart_note=chart_note,
    )


def pass_rate_by_series(declarations) -> Figure:
    counts = _pass_counts(
        declarations,
        (
            "title__series_id",
            "title__series__code",
            "title__series__name_zh",
            "title__series__name_en",
        ),
        ("title__series__code", "title__series_id"),
    )
    return _pass_figure(
        "pass-series",
        _("Pass rate by series"),
        _("Pass rate by series"),
        _("Series"),
        _("series"),
        [
            (
                _localized(row["title__series__name_zh"], row["title__series__name_en"]),
                row["reviewed"],
                row["passed"],
                row["failed"],
            )
            for row in counts
        ],
    )


def pass_rate_by_level(declarations) -> Figure:
    counts = _pass_counts(declarations, ("title__level",), ("-title__level",))
    return _pass_figure(
        "pass-level",
        _("Pass rate by level"),
        _("Pass rate by level"),
        _("Level"),
        _("levels"),
        [
            (str(Level(row["title__level"]).label), row["reviewed"], row["passed"], row["failed"])
            for row in counts
        ],
    )


def pass_rate_by_employer(declarations) -> Figure:
    counts = _pass_counts(
        declarations,
        ("employer_id", "employer__name"),
        ("-reviewed", "employer__name", "employer_id"),
    )
    return _pass_figure(
        "pass-employer",
        _("Pass rate by employer"),
        _("Pass rate by employer"),
        _("Employer"),
        _("employers"),
        [(row["employer__name"], row["reviewed"], row["passed"], row["failed"]) for row in counts],
    )


def quota_figure(scope: Scope, year: int) -> Figure:
    """Per institution and post level: the approved posts, the qualified people holding them,
    the declaration places the quota rule gives (computed now from the filed post data, as the
    quota pages do) and the places reserved by recommended declarations."""
    institutions = scope.institutions()
    post_data = {
        (row.institution_id, row.post_level): row
        for row in PostData.objects.filter(institution__in=institutions, year=year).select_related(
            "institution"
        )
    }
    reserved = {}
    names = {key[0]: row.institution.name for key, row in post_data.items()}
    for row in (
        Reservation.active.filter(quota__institution__in=institutions, quota__year=year)
        .values("quota__institution_id", "quota__institution__name", "quota__post_level")
        .annotate(places=Count("pk"))
        .order_by()
    ):
        key = (row["quota__institution_id"], row["quota__post_level"])
        reserved[key] = row["places"]
        names[key[0]] = row["quota__institution__name"]
    # The institutions using most of their quota first, each with its levels in order.
    by_institution = {}
    for institution_id, post_level in set(post_data) | set(reserved):
        by_institution.setdefault(institution_id, []).append(post_level)

    def institution_order(institution_id):
        levels = by_institution[institution_id]
        taken = sum(reserved.get((institution_id, level), 0) for level in levels)
        posts = sum(
            post_data[key].approved_posts
            for key in ((institution_id, level) for level in levels)
            if key in post_data
        )
        return (-taken, -posts, names[institution_id], institution_id)

    rows = []
    for institution_id in sorted(by_institution, key=institution_order):
        for post_level in sorted(by_institution[institution_id], key=POST_LEVEL_ORDER.get):
            data = post_data.get((institution_id, post_level))
            result = compute_quota(figures_of(data), **rule_settings())
            taken = reserved.get((institution_id, post_level), 0)
            rows.append(
                (
                    names[institution_id],
                    str(PostLevel(post_level).label),
                    data.approved_posts if data else None,
                    data.qualified_hired if data else None,
                    max(data.approved_posts - data.qualified_hired, 0) if data else None,
                    str(Outcome(result.outcome).label),
                    result.places,
                    taken,
                    max(result.places - taken, 0) if result.is_open else 0,
                )
            )
    approved = sum(row[2] or 0 for row in rows)
    places = sum(row[6] for row in rows)
    taken = sum(row[7] for row in rows)
    shown, chart_note = _limited(rows, _("institution levels"))
    return Figure(
        key="quotas",
        title=_("Post quota use"),
        sheet_name=_("Post quotas"),
        summary=_(
            "%(approved)s approved posts; %(taken)s of %(places)s declaration places reserved."
        )
        % {"approved": approved, "taken": taken, "places": places},
        note=_(
            "Per public institution and post level for the year: the approved posts, the "
            "qualified people hired on them, the declaration places the quota rule gives from "
            "the filed post data, and the places held by recommended declarations."
        ),
        columns=[
            Column(_("Institution"), TEXT),
            Column(_("Post level"), TEXT),
            Column(_("Approved posts")),
            Column(_("Occupied")),
            Column(_("Vacant")),
            Column(_("Outcome"), TEXT),
            Column(_("Declaration places")),
            Column(_("Places reserved")),
            Column(_("Places left")),
        ],
        rows=rows,
        chart=_bar_chart(
            [f"{row[0]} · {row[1]}" for row in shown],
            [
                (_("Approved posts"), [row[2] or 0 for row in shown], "brand"),
                (_("Occupied"), [row[3] or 0 for row in shown], "light"),
                (_("Declaration places"), [row[6] for row in shown], "warning"),
                (_("Places reserved"), [row[7] for row in shown], "accent"),
            ],
        ),
        chart_note=chart_note,
    )


def continuing_education_figure(scope: Scope, declarations, year: int, plan) -> Figure:
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
    shown, chart_note = _limited(rows, _("units"))
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
        chart=_bar_chart(
            [row[0] for row in shown],
            [
                (_("Meeting the requirement"), [row[2] for row in shown], "success"),
                (_("Short of it"), [row[3] for row in shown], "danger"),
            ],
            stacked=True,
        ),
        chart_note=chart_note,
    )


def _months(first: date, last: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = month.replace(year=month.year + month.month // 12, month=month.month % 12 + 1)
    return months


def certificate_figure(plans: QuerySet[EvaluationPlan]) -> Figure:
    """Certificates issued per month (first issues), with the reissues of lost ones and how
    many of the month's certificates have been revoked since."""
    counts = {}
    for row in (
        CertificateIssue.objects.filter(certificate__declaration__plan__in=plans)
        .annotate(month=TruncMonth("issued_on"))
        .values("month", "kind")
        .annotate(
            issues=Count("pk"),
            revoked=Count("pk", filter=Q(certificate__status=Certificate.Status.REVOKED)),
        )
        .order_by()
    ):
        counts[(row["month"], row["kind"])] = (row["issues"], row["revoked"])
    months = sorted({month for month, _kind in counts})
    rows = []
    if months:
        for month in _months(months[0], months[-1]):
            issued, revoked = counts.get((month, CertificateIssue.Kind.ISSUE), (0, 0))
            reissued, _revoked = counts.get((month, CertificateIssue.Kind.REISSUE), (0, 0))
            rows.append((f"{month:%Y-%m}", issued, reissued, revoked))
    issued = sum(row[1] for row in rows)
    reissued = sum(row[2] for row in rows)
    return Figure(
        key="certificates",
        title=_("Certificates issued per month"),
        sheet_name=_("Certificates"),
        summary=_("%(issued)s certificates issued, %(reissued)s reissued.")
        % {"issued": issued, "reissued": reissued},
        note=_(
            "The e-certificates of the declarations counted here, by the month they were first "
            "issued; reissues of lost certificates by the month of the reissue."
        ),
        columns=[
            Column(_("Month"), TEXT),
            Column(_("Issued")),
            Column(_("Reissued")),
            Column(_("Revoked since")),
        ],
        rows=rows,
        chart=_bar_chart(
            [row[0] for row in rows],
            [
                (_("Issued"), [row[1] for row in rows], "brand"),
                (_("Reissued"), [row[2] for row in rows], "light"),
            ],
            horizontal=False,
        ),
    )


def statistics_figures(scope: Scope, filters: Filters) -> list[Figure]:
    """Every figure for the filters, in a constant number of queries."""
    plans = scope.plans().filter(year=filters.year)
    if filters.plan is not None:
        plans = plans.filter(pk=filters.plan.pk)
    declarations = scope.declarations(plans)
    figures = [
        stage_figure(declarations),
        pass_rate_by_series(declarations),
        pass_rate_by_level(declarations),
        pass_rate_by_employer(declarations),
    ]
    if scope.shows_quotas:
        figures.append(quota_figure(scope, filters.year))
    figures.append(continuing_education_figure(scope, declarations, filters.year, filters.plan))
    figures.append(certificate_figure(plans))
    return figures
