"""Writes for post quotas: filing and approving post data, taking and giving back places when
declarations are recommended and returned, and the set-based recompute behind the nightly
quota check."""

from collections import defaultdict
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Organization, Role
from accounts.selectors import managing_memberships
from audit.services import append_audit_record
from quotas.models import (
    DoubleOrientationChoice,
    PostData,
    PostLevel,
    Quota,
    QuotaFlag,
    Reservation,
)
from quotas.permissions import (
    APPROVING_ROLES,
    approving_membership,
    can_approve_post_data,
    can_choose_double_orientation,
    can_file_post_data,
    filing_membership,
    own_hr_membership,
)
from quotas.rule import Outcome, PostFigures, compute_quota
from quotas.selectors import (
    Pool,
    active_reservation,
    figures_of,
    live_quota,
    pool_of,
    rule_settings,
)

POST_FIGURE_FIELDS = (
    "approved_posts",
    "qualified_hired",
    "qualified_not_hired",
    "freed_by_retirement",
    "freed_by_transfer",
    "freed_other",
)
QUOTA_RESULT_FIELDS = ("outcome", "places", "ratio_percent", "explanation", "computed_at")


def _record_decision(*, action, actor, membership: Membership | None, **fields):
    """Append a quota decision to the audit chain under the role the actor decided in (an
    administrator without a membership decides as administrator)."""
    append_audit_record(
        action=action,
        actor=actor,
        role=membership.role if membership else Role.ADMIN,
        organization=membership.organization if membership else None,
        **fields,
    )


def _check_institution(institution: Organization):
    if institution.kind != Organization.Kind.PUBLIC_INSTITUTION:
        raise ValidationError(
            _("Only public institutions file post data: enterprises are not limited by quotas.")
        )


def _check_year(year) -> int:
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Enter a year between 2000 and 2100.")})
    return year


# --- post data ----------------------------------------------------------------------------


@transaction.atomic
def save_post_data(
    *,
    actor,
    institution: Organization,
    year: int,
    levels: dict,
    approve: bool | None = None,
    reason: str = "",
) -> list[PostData]:
    """File the figures of one institution's audit form for one year: `levels` maps a post
    level to its figures (the POST_FIGURE_FIELDS); levels left out are not touched. Figures
    filed by the institution wait for the bureau's approval again; the bureau may approve
    them in the same step."""
    _check_institution(institution)
    year = _check_year(year)
    if not can_file_post_data(actor, institution):
        raise PermissionDenied(_("You cannot file post data for this institution."))
    approving = can_approve_post_data(actor, institution)
    if approve and not approving:
        raise PermissionDenied(
            _("Only the HR bureau above the institution approves its post data.")
        )
    if not levels:
        raise ValidationError(_("Enter the figures of at least one post level."))

    existing = {
        row.post_level: row
        for row in PostData.objects.select_for_update().filter(institution=institution, year=year)
    }
    saved = []
    for post_level, values in levels.items():
        if post_level not in PostLevel.values:
            raise ValidationError(_("Unknown post level: %(level)s") % {"level": post_level})
        row = existing.get(post_level) or PostData(
            institution=institution, year=year, post_level=post_level
        )
        changed = row.pk is None
        for field in POST_FIGURE_FIELDS:
            value = values.get(field, 0 if row.pk is None else getattr(row, field))
            if getattr(row, field, None) != value:
                changed = True
            setattr(row, field, value)
        if approving and approve is not None:
            _set_approval(row, approve, actor)
        elif changed and not approving:
            _set_approval(row, False, actor)
        row.updated_by = actor
        row.full_clean(validate_unique=False)
        row.save()
        saved.append(row)
    _record_decision(
        action="file_post_data",
        actor=actor,
        membership=filing_membership(actor, institution),
        subject=institution,
        to_state="approved" if all(row.audit_form_approved for row in saved) else "pending",
        reason=reason,
        payload={
            "year": year,
            "levels": {
                row.post_level: {field: getattr(row, field) for field in POST_FIGURE_FIELDS}
                for row in saved
            },
        },
    )
    refresh_quotas(institution_id=institution.pk, year=year)
    return saved


def _set_approval(row: PostData, approved: bool, actor):
    row.audit_form_approved = approved
    row.approved_by = actor if approved else None
    row.approved_at = timezone.now() if approved else None


@transaction.atomic
def approve_audit_form(*, actor, institution: Organization, year: int, reason: str = "") -> int:
    """The bureau approves the institution's audit form for the year: every level filed."""
    _check_institution(institution)
    if not can_approve_post_data(actor, institution):
        raise PermissionDenied(
            _("Only the HR bureau above the institution approves its post data.")
        )
    rows = list(PostData.objects.select_for_update().filter(institution=institution, year=year))
    if not rows:
        raise ValidationError(
            _("The institution has filed no post data for %(year)s.") % {"year": year}
        )
    now = timezone.now()
    approved = PostData.objects.filter(pk__in=[row.pk for row in rows]).update(
        audit_form_approved=True, approved_by=actor, approved_at=now
    )
    _record_decision(
        action="approve_post_data",
        actor=actor,
        membership=approving_membership(actor, institution),
        subject=institution,
        from_state="pending",
        to_state="approved",
        reason=reason,
        payload={"year": year, "levels": sorted(row.post_level for row in rows)},
    )
    refresh_quotas(institution_id=institution.pk, year=year)
    return approved


def record_post_data_import(
    *, actor, institutions: list[int], years: list[int], created: int, updated: int, approved: int
) -> None:
    """An import of post data is one decision in the chain (quotas/imports.py calls this in
    the transaction that saves the rows): who filed or approved how many institutions' rows."""
    memberships = list(managing_memberships(actor))
    # The importer acts in the role that reaches furthest: a bureau's over its HR staff's.
    membership = next(
        (m for m in memberships if m.role in APPROVING_ROLES),
        next(iter(memberships), None),
    )
    _record_decision(
        action="import_post_data",
        actor=actor,
        membership=membership,
        payload={
            "institutions": institutions,
            "years": years,
            "created": created,
            "updated": updated,
            "approved": approved,
        },
    )


# --- quotas -------------------------------------------------------------------------------


def _quota_values(result, now) -> dict:
    return {
        "outcome": result.outcome,
        "places": result.places,
        "ratio_percent": result.ratio_percent,
        "explanation": [step.as_json() for step in result.steps],
        "computed_at": now,
    }


@transaction.atomic
def refresh_quotas(*, institution_id: int, year: int) -> list[Quota]:
    """Recompute one institution's quotas for one year right after its figures change."""
    now = timezone.now()
    post_data = {
        row.post_level: row
        for row in PostData.objects.filter(institution_id=institution_id, year=year)
    }
    rows = [
        Quota(
            institution_id=institution_id,
            year=year,
            post_level=post_level,
            **_quota_values(compute_quota(figures_of(row), **rule_settings()), now),
        )
        for post_level, row in post_data.items()
    ]
    return _upsert_quotas(rows)


def _upsert_quotas(rows: list[Quota]) -> list[Quota]:
    return Quota.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["institution", "year", "post_level"],
        update_fields=list(QUOTA_RESULT_FIELDS),
        batch_size=2000,
    )


def _locked_quota(pool: Pool) -> Quota:
    """The pool's ledger row, created when missing, locked until the transaction ends. A
    second recommendation for the same pool waits here until the first commits, and then
    counts the place the first one took."""
    key = {"institution_id": pool.institution_id, "year": pool.year, "post_level": pool.post_level}
    Quota.objects.bulk_create([Quota(**key)], ignore_conflicts=True)
    return Quota.objects.select_for_update().get(**key)


def _refusal(pool: Pool, result, taken: int) -> str:
    institution = Organization.objects.get(pk=pool.institution_id).name
    figures = {
        "institution": institution,
        "year": pool.year,
        "level": PostLevel(pool.post_level).label,
        "places": result.places,
        "taken": taken,
        "ratio": result.ratio_percent,
        "threshold": rule_settings()["threshold_percent"],
    }
    if result.outcome == Outcome.NO_AUDIT_FORM:
        return (
            _(
                "%(institution)s has no approved post-appointment audit form for %(year)s, so "
                "it cannot recommend declarations for %(level)s."
            )
            % figures
        )
    if result.outcome == Outcome.SUSPENDED:
        if result.ratio_percent is None:
            return (
                _(
                    "Declaration for %(level)s is suspended at %(institution)s in %(year)s: "
                    "it has qualified people but no approved posts."
                )
                % figures
            )
        return (
            _(
                "Declaration for %(level)s is suspended at %(institution)s in %(year)s: "
                "qualified people are %(ratio)s%% of the approved posts, above %(threshold)s%%."
            )
            % figures
        )
    return (
        _(
            "The %(year)s declaration quota of %(institution)s for %(level)s is used up: "
            "%(taken)s of %(places)s places are taken."
        )
        % figures
    )


@transaction.atomic
def reserve_place(declaration, *, actor=None) -> Reservation | None:
    """Take one place of the declaration's pool for it, or raise ValidationError saying why
    there is none. None when no quota limits the declaration; the existing reservation when
    it already holds one."""
    pool = pool_of(declaration)
    if pool is None:
        return None
    quota = _locked_quota(pool)
    held = active_reservation(declaration)
    if held is not None:
        return held
    result = live_quota(pool)
    for field, value in _quota_values(result, timezone.now()).items():
        setattr(quota, field, value)
    quota.save(update_fields=list(QUOTA_RESULT_FIELDS))
    taken = Reservation.active.filter(quota=quota).count()
    if not result.is_open or taken >= result.places:
        raise ValidationError(_refusal(pool, result, taken))
    return Reservation.objects.create(quota=quota, declaration=declaration, reserved_by=actor)


@transaction.atomic
def release_place(declaration, *, actor=None, reason: str = "") -> Reservation | None:
    """Give the declaration's place back; None when it held none."""
    reservation = (
        Reservation.active.select_for_update().filter(declaration_id=declaration.pk).first()
    )
    if reservation is None:
        return None
    reservation.released_at = timezone.now()
    reservation.released_by = actor
    reservation.release_reason = reason[:32]
    reservation.save(update_fields=["released_at", "released_by", "release_reason"])
    return reservation


@transaction.atomic
def choose_double_orientation(*, actor, declaration, chosen: bool, reason: str = "") -> bool:
    """The employer says whether the declaration is for a double-orientation grassroots post,
    whose separate pool it then draws from. Only before it takes a place."""
    employer = declaration.employer
    if not can_choose_double_orientation(actor, declaration):
        raise PermissionDenied(_("Only the declaring unit's HR staff decide this."))
    _check_institution(employer)
    if active_reservation(declaration) is not None:
        raise ValidationError(
            _("The declaration already holds a place; return it before changing its post pool.")
        )
    if chosen:
        DoubleOrientationChoice.objects.get_or_create(
            declaration=declaration, defaults={"chosen_by": actor}
        )
    else:
        DoubleOrientationChoice.objects.filter(declaration=declaration).delete()
    _record_decision(
        action="choose_double_orientation",
        actor=actor,
        membership=own_hr_membership(actor, employer),
        declaration=declaration,
        from_state=declaration.status,
        to_state=declaration.status,
        reason=reason,
        payload={"double_orientation": chosen},
    )
    return chosen


# --- the quota check ----------------------------------------------------------------------


@dataclass(frozen=True)
class RecomputeSummary:
    quotas: int
    flags_raised: int
    flags_resolved: int
    seconds: float

    def as_dict(self) -> dict:
        return {
            "quotas": self.quotas,
            "flags_raised": self.flags_raised,
            "flags_resolved": self.flags_resolved,
            "seconds": round(self.seconds, 3),
        }


def default_years() -> list[int] | None:
    """This year and last: a plan's recommendations run into the next calendar year, and
    older years are history that no longer changes."""
    this_year = timezone.localdate().year
    return list(
        PostData.objects.filter(year__gte=this_year - 1)
        .values_list("year", flat=True)
        .distinct()
        .order_by("year")
    )


@transaction.atomic
def recompute_quotas(*, years: list[int] | None = None) -> RecomputeSummary:
    """Recompute every public institution's quotas for the years, raise a flag where a level
    is suspended or holds more places than its quota allows, resolve flags that no longer
    apply, and tell the institutions' HR staff and their bureau about new flags. Set-based: a
    fixed handful of queries whatever the number of institutions."""
    started = timezone.now()
    years = default_years() if years is None else list(years)
    post_rows = list(
        PostData.objects.filter(
            year__in=years, institution__kind=Organization.Kind.PUBLIC_INSTITUTION
        ).values_list(
            "institution_id",
            "institution__path",
            "year",
            "post_level",
            *POST_FIGURE_FIELDS,
            "audit_form_approved",
        )
    )
    taken = {
        (row["quota__institution_id"], row["quota__year"], row["quota__post_level"]): row["n"]
        for row in Reservation.active.filter(quota__year__in=years)
        .values("quota__institution_id", "quota__year", "quota__post_level")
        .annotate(n=Count("pk"))
    }

    stored = {
        (institution_id, year, post_level): rest
        for institution_id, year, post_level, *rest in Quota.objects.filter(
            year__in=years
        ).values_list(
            "institution_id",
            "year",
            "post_level",
            "outcome",
            "places",
            "ratio_percent",
            "explanation",
        )
    }

    rule = rule_settings()
    changed, wanted_flags, paths = [], {}, {}
    for institution_id, path, year, post_level, *numbers, approved in post_rows:
        paths[institution_id] = path
        key = (institution_id, year, post_level)
        result = compute_quota(PostFigures(*numbers, audit_form_approved=approved), **rule)
        values = _quota_values(result, started)
        if stored.get(key) != [values[field] for field in QUOTA_RESULT_FIELDS[:-1]]:
            changed.append(
                Quota(institution_id=institution_id, year=year, post_level=post_level, **values)
            )
        held = taken.get(key, 0)
        figures = {"places": result.places, "reserved": held, "ratio_percent": result.ratio_percent}
        if result.outcome == Outcome.SUSPENDED:
            wanted_flags[(*key, QuotaFlag.Reason.SUSPENDED)] = figures
        if held > result.places:
            wanted_flags[(*key, QuotaFlag.Reason.OVER_QUOTA)] = figures
    # Only what changed is written; the rest is stamped as checked in one statement.
    _upsert_quotas(changed)
    Quota.objects.filter(year__in=years).update(computed_at=started)

    open_flags = {
        (flag.institution_id, flag.year, flag.post_level, flag.reason): flag
        for flag in QuotaFlag.objects.filter(resolved_at__isnull=True, year__in=years)
    }
    resolved = [flag.pk for key, flag in open_flags.items() if key not in wanted_flags]
    QuotaFlag.objects.filter(pk__in=resolved).update(resolved_at=timezone.now())
    moved = []
    for key, flag in open_flags.items():
        figures = wanted_flags.get(key)
        if figures and any(getattr(flag, field) != value for field, value in figures.items()):
            for field, value in figures.items():
                setattr(flag, field, value)
            moved.append(flag)
    QuotaFlag.objects.bulk_update(moved, ["places", "reserved", "ratio_percent"], batch_size=500)
    raised = QuotaFlag.objects.bulk_create(
        [
            QuotaFlag(
                institution_id=institution_id,
                year=year,
                post_level=post_level,
                reason=reason,
                **figures,
            )
            for (institution_id, year, post_level, reason), figures in wanted_flags.items()
            if (institution_id, year, post_level, reason) not in open_flags
        ],
        batch_size=2000,
    )
    if raised:
        _notify_flags(raised, paths)
    return RecomputeSummary(
        quotas=len(post_rows),
        flags_raised=len(raised),
        flags_resolved=len(resolved),
        seconds=(timezone.now() - started).total_seconds(),
    )


def _notify_flags(flags: list[QuotaFlag], paths: dict[int, str]):
    """One message per institution to its HR staff, and one per bureau listing how many of
    its institutions were flagged, all stored in one insert (notify_each) in each reader's
    language, without loading the users."""
    from notifications.services import Message, Recipient, notify_each

    by_institution = defaultdict(list)
    for flag in flags:
        by_institution[flag.institution_id].append(flag)
    names = dict(Organization.objects.filter(pk__in=by_institution).values_list("pk", "name"))
    ancestor_ids = {
        int(part) for pk in by_institution for part in paths[pk].strip("/").split("/")[:-1]
    }
    bureau_kinds = Organization.BUREAU_KINDS
    bureaus = set(
        Organization.objects.filter(pk__in=ancestor_ids, kind__in=bureau_kinds).values_list(
            "pk", flat=True
        )
    )
    nearest_bureau = {}
    for pk in by_institution:
        above = [int(part) for part in paths[pk].strip("/").split("/")[:-1]]
        nearest_bureau[pk] = next((org for org in reversed(above) if org in bureaus), None)

    staff = defaultdict(set)
    for organization_id, user_id, language in Membership.objects.filter(
        is_active=True,
        organization_id__in=[*by_institution, *bureaus],
        role__in=(Role.EMPLOYER_HR, Role.HR_BUREAU),
    ).values_list("organization_id", "user_id", "user__preferred_language"):
        staff[organization_id].add(Recipient(user_id, language))

    def institution_texts(name, institution_flags):
        levels = "; ".join(
            _("%(level)s in %(year)s: %(reason)s")
            % {
                "level": PostLevel(flag.post_level).label,
                "year": flag.year,
                "reason": flag.get_reason_display(),
            }
            for flag in institution_flags
        )
        subject = _("Post quota check: %(institution)s is flagged") % {"institution": name}
        body = _(
            "The nightly post-quota check flagged %(institution)s at these levels: %(levels)s. "
            "Recommendations at a flagged level are refused until the post data allow them."
        ) % {"institution": name, "levels": levels}
        return subject, body

    quotas_url = reverse("quotas:overview")
    flags_url = reverse("quotas:flags")
    messages = []
    flagged_per_bureau = defaultdict(set)
    for pk, institution_flags in by_institution.items():
        texts = partial(institution_texts, names[pk], institution_flags)
        messages.append(
            Message(
                tuple(staff[pk]),
                subject=lambda texts=texts: texts()[0],
                body=lambda texts=texts: texts()[1],
                url=quotas_url,
            )
        )
        if nearest_bureau[pk] is not None:
            flagged_per_bureau[nearest_bureau[pk]].add(pk)
    for bureau_id, institution_ids in flagged_per_bureau.items():
        flagged = "; ".join(sorted(names[pk] for pk in institution_ids))
        count = len(institution_ids)
        messages.append(
            Message(
                tuple(staff[bureau_id]),
                subject=lambda count=count: (
                    _("Post quota check: %(count)s institutions newly flagged") % {"count": count}
                ),
                body=lambda flagged=flagged: _("Newly flagged: %(names)s.") % {"names": flagged},
                url=flags_url,
            )
        )
    # A first check can flag thousands of institutions: notify_each stores their messages in
    # one insert and e-mails them by one task per batch.
    notify_each(messages)
