"""Reads for post quotas: which pool a declaration draws from, the live quota of one pool,
and the tables the institutions and the bureau see, scoped to what the reader may see."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import Organization
from accounts.selectors import OWN_UNIT_ROLES, visible_organizations
from quotas.models import (
    DoubleOrientationChoice,
    PostData,
    PostLevel,
    Quota,
    QuotaFlag,
    Reservation,
)
from quotas.rule import Outcome, PostFigures, QuotaResult, compute_quota
from titles.models import Level

# Title levels whose declarations the quota limits; lower levels are not limited.
LIMITED_LEVELS = {
    Level.FULL_SENIOR: PostLevel.FULL_SENIOR,
    Level.DEPUTY_SENIOR: PostLevel.DEPUTY_SENIOR,
    Level.INTERMEDIATE: PostLevel.INTERMEDIATE,
}
# The channel whose talents no receiving unit's quota limits (青年援青).
UNLIMITED_CHANNELS = ("youth_aid",)


@dataclass(frozen=True)
class Pool:
    """The quota a declaration draws from: one institution, year and post level."""

    institution_id: int
    year: int
    post_level: str


def rule_settings() -> dict:
    return {
        "threshold_percent": settings.QUOTA_EXCESS_THRESHOLD_PERCENT,
        "freed_per_place": settings.QUOTA_FREED_POSTS_PER_PLACE,
    }


def figures_of(post_data: PostData | None) -> PostFigures | None:
    if post_data is None:
        return None
    return PostFigures(
        approved=post_data.approved_posts,
        hired=post_data.qualified_hired,
        not_hired=post_data.qualified_not_hired,
        freed_by_retirement=post_data.freed_by_retirement,
        freed_by_transfer=post_data.freed_by_transfer,
        freed_other=post_data.freed_other,
        audit_form_approved=post_data.audit_form_approved,
    )


def pool_of(declaration) -> Pool | None:
    """The pool a declaration takes its place from, or None when no quota limits it:
    enterprises and other employers, youth aid talents, and levels below intermediate."""
    employer = declaration.employer
    if employer.kind != Organization.Kind.PUBLIC_INSTITUTION:
        return None
    if declaration.channel in UNLIMITED_CHANNELS:
        return None
    post_level = LIMITED_LEVELS.get(declaration.title.level)
    if post_level is None:
        return None
    if DoubleOrientationChoice.objects.filter(declaration_id=declaration.pk).exists():
        post_level = PostLevel.DOUBLE_ORIENTATION
    return Pool(employer.pk, declaration.plan.year, post_level)


def live_quota(pool: Pool) -> QuotaResult:
    """The quota computed now from the filed post data (not the nightly figures)."""
    post_data = PostData.objects.filter(
        institution_id=pool.institution_id, year=pool.year, post_level=pool.post_level
    ).first()
    return compute_quota(figures_of(post_data), **rule_settings())


def places_taken(pool: Pool, *, excluding_declaration=None) -> int:
    reservations = Reservation.active.filter(
        quota__institution_id=pool.institution_id,
        quota__year=pool.year,
        quota__post_level=pool.post_level,
    )
    if excluding_declaration is not None:
        reservations = reservations.exclude(declaration_id=excluding_declaration)
    return reservations.count()


def active_reservation(declaration) -> Reservation | None:
    return Reservation.active.filter(declaration_id=declaration.pk).select_related("quota").first()


def quota_institutions(actor) -> QuerySet[Organization]:
    """The public institutions whose quotas the actor may see."""
    return visible_organizations(actor).filter(kind=Organization.Kind.PUBLIC_INSTITUTION)


def pool_declarations(actor) -> QuerySet:
    """The declarations whose quota pool (page and API) the actor may open: those of the public
    institutions whose quotas they see, and of those only the ones they may otherwise see. The
    institution's own HR staff open their unit's; an HR bureau, department or administrator
    above it opens only the declarations that reached it (applicants.permissions
    `declaration_filter`): the institutions below it are no window onto the others."""
    from applicants.models import Declaration
    from applicants.permissions import active_memberships, declaration_filter

    declarations = Declaration.objects.filter(
        employer__in=quota_institutions(actor).values("pk")
    ).select_related("employer", "plan", "title", "applicant")
    memberships = active_memberships(actor)
    seen = declaration_filter(actor, memberships)
    if seen is None:
        return declarations
    own_units = [m.organization_id for m in memberships if m.role in OWN_UNIT_ROLES]
    return declarations.filter(seen | Q(employer_id__in=own_units))


def visible_quotas(actor) -> QuerySet[Quota]:
    """Quotas with `taken`: the places held now."""
    return (
        Quota.objects.filter(institution__in=quota_institutions(actor).values("pk"))
        .select_related("institution")
        .annotate(taken=Count("reservations", filter=Q(reservations__released_at__isnull=True)))
        .order_by("institution__name", "institution_id", "-year", "post_level")
    )


def visible_post_data(actor) -> QuerySet[PostData]:
    return (
        PostData.objects.filter(institution__in=quota_institutions(actor).values("pk"))
        .select_related("institution", "approved_by")
        .order_by("institution__path", "-year", "post_level")
    )


def visible_flags(actor, *, open_only=True) -> QuerySet[QuotaFlag]:
    flags = QuotaFlag.objects.filter(
        institution__in=quota_institutions(actor).values("pk")
    ).select_related("institution")
    return flags.filter(resolved_at__isnull=True) if open_only else flags


def visible_reservations(actor) -> QuerySet[Reservation]:
    return (
        Reservation.objects.filter(quota__institution__in=quota_institutions(actor).values("pk"))
        .select_related(
            "quota__institution", "declaration__applicant", "declaration__title", "reserved_by"
        )
        .order_by("-reserved_at", "-pk")
    )


def institution_years(institution) -> list[int]:
    years = set(PostData.objects.filter(institution=institution).values_list("year", flat=True))
    years |= set(Quota.objects.filter(institution=institution).values_list("year", flat=True))
    return sorted(years, reverse=True)


def quota_years(actor) -> list[int]:
    return sorted(
        set(visible_quotas(actor).values_list("year", flat=True).distinct()), reverse=True
    )


def institution_quota_table(institution, year) -> list[dict]:
    """One row per post level for one institution and year: the post data, the quota with its
    explanation, and the places taken. Three queries whatever the number of levels."""
    post_data = {
        row.post_level: row
        for row in PostData.objects.filter(institution=institution, year=year).select_related(
            "approved_by"
        )
    }
    quotas = {
        quota.post_level: quota
        for quota in Quota.objects.filter(institution=institution, year=year).annotate(
            taken=Count("reservations", filter=Q(reservations__released_at__isnull=True))
        )
    }
    rows = []
    for post_level, label in PostLevel.choices:
        quota = quotas.get(post_level)
        result = compute_quota(figures_of(post_data.get(post_level)), **rule_settings())
        taken = quota.taken if quota else 0
        rows.append(
            {
                "post_level": post_level,
                "label": label,
                "post_data": post_data.get(post_level),
                "result": result,
                "taken": taken,
                "remaining": max(result.places - taken, 0) if result.is_open else 0,
                "over": taken > result.places,
            }
        )
    return rows


def audit_forms_waiting(actor) -> QuerySet[PostData]:
    """Post data filed by institutions the actor's bureau approves, not yet approved."""
    return visible_post_data(actor).filter(audit_form_approved=False)


def institutions_without_post_data(actor, year) -> QuerySet[Organization]:
    """The public institutions under the actor that filed nothing for the year: they have no
    quota and cannot recommend at limited levels."""
    filed = PostData.objects.filter(year=year, institution_id=OuterRef("pk"))
    return quota_institutions(actor).exclude(Exists(filed)).order_by("name", "pk")


def _year_of(query, default: int) -> int:
    value = str(query.get("year", "") or "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else default


def filtered_quotas(actor, query) -> tuple[QuerySet[Quota], int, list[int]]:
    """The bureau's quota table as its filters (`query`: the page's GET parameters) narrow
    it, with the year shown and the years there are; the page and its export share it."""
    quotas = visible_quotas(actor)
    years = quota_years(actor)
    year = _year_of(query, years[0] if years else timezone.localdate().year)
    quotas = quotas.filter(year=year)
    search = str(query.get("q", "") or "").strip()
    if search:
        quotas = quotas.filter(institution__name__icontains=search)
    outcome = query.get("outcome", "")
    if outcome in Outcome.values:
        quotas = quotas.filter(outcome=outcome)
    if query.get("waiting"):
        quotas = quotas.filter(
            Exists(
                PostData.objects.filter(
                    institution_id=OuterRef("institution_id"),
                    year=OuterRef("year"),
                    audit_form_approved=False,
                )
            )
        )
    return quotas, year, years
