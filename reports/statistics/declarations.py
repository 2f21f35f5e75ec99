"""Figures of the declarations: how many are at each stage, and the pass rates by series, level
and employer.

What counts as reviewed (pass rates): a declaration whose jury review has a result. Passed:
passed, in result publicity, filed, certified, and revoked (revocation is a later sanction;
the jury did pass it). Failed: failed, which includes results overturned by an upheld objection
during the result publicity (the workflow moves those to failed). Declarations still in review
have no result and are not counted."""

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from applicants.models import Declaration
from reports.figures import (
    SHARE,
    TEXT,
    Column,
    Figure,
    bar_chart,
    display,
    limited,
    localized,
    share,
)
from titles.models import Level

S = Declaration.Status
PASSED_STATES = (S.PASSED, S.IN_RESULT_PUBLICITY, S.FILED, S.CERTIFIED, S.REVOKED)
FAILED_STATES = (S.FAILED,)
REVIEWED_STATES = PASSED_STATES + FAILED_STATES
# Every stage a submitted declaration can be at, in the order of the pipeline.
STAGES = tuple(status for status in S if status != S.DRAFT)


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
        chart=bar_chart(
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
    shown, chart_note = limited(rows, what)
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
        chart=bar_chart(
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
                localized(row["title__series__name_zh"], row["title__series__name_en"]),
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
