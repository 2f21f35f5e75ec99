"""The post-quota figure: per public institution and post level, the approved posts, the
places the quota rule gives and the places taken."""

from typing import TYPE_CHECKING

from django.db.models import Count
from django.utils.translation import gettext as _

from quotas.models import PostData, PostLevel, Reservation
from quotas.rule import Outcome, compute_quota
from quotas.selectors import figures_of, rule_settings
from reports.figures import TEXT, Column, Figure, bar_chart, limited

if TYPE_CHECKING:
    from reports.selectors import Scope

POST_LEVEL_ORDER = {value: index for index, value in enumerate(PostLevel.values)}


def quota_figure(scope: "Scope", year: int) -> Figure:
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
    shown, chart_note = limited(rows, _("institution levels"))
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
        chart=bar_chart(
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
