"""Writes for the title catalogue and the annual evaluation plans.

The catalogue (series, specialties, titles, conditions) is provincial data: HR bureau staff
and administrators of a provincial bureau edit it. Plans belong to an organizing body; the
bureau staff of that body or of any bureau above it create and run them. `actor=None` is
the system itself (the daily beat task, the demo loader)."""

import logging
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from titles.models import (
    EvaluationCondition,
    EvaluationPlan,
    Series,
    Specialty,
    TitleName,
)
from titles.permissions import require_catalogue_editor, require_plan_manager
from titles.plan_checks import registered_problems

logger = logging.getLogger(__name__)
Status = EvaluationPlan.Status

PLAN_FIELDS = (
    "year",
    "name",
    "organizer",
    "series",
    "jury",
    "declaration_opens",
    "declaration_closes",
    "unit_recommendation_deadline",
    "qualification_check_deadline",
    "achievement_cutoff",
    "unit_publicity_working_days",
    "result_publicity_working_days",
)
# Once declarations may have come in, what they were made against must stay put.
FIELDS_FIXED_ONCE_PUBLISHED = ("year", "organizer", "series", "titles")


# Catalogue ---------------------------------------------------------------------------------


def _save(instance, changes=None):
    for field, value in (changes or {}).items():
        setattr(instance, field, value)
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def create_series(*, actor: User | None, code: str, name_zh: str, name_en: str) -> Series:
    require_catalogue_editor(actor)
    return _save(
        Series(code=code.strip().upper(), name_zh=name_zh.strip(), name_en=name_en.strip())
    )


@transaction.atomic
def update_series(*, actor: User | None, series: Series, **changes) -> Series:
    require_catalogue_editor(actor)
    return _save(series, changes)


@transaction.atomic
def create_specialty(
    *, actor: User | None, series: Series, code: str, name_zh: str, name_en: str
) -> Specialty:
    require_catalogue_editor(actor)
    return _save(
        Specialty(
            series=series,
            code=code.strip().upper(),
            name_zh=name_zh.strip(),
            name_en=name_en.strip(),
        )
    )


@transaction.atomic
def update_specialty(*, actor: User | None, specialty: Specialty, **changes) -> Specialty:
    require_catalogue_editor(actor)
    if "series" in changes and changes["series"] != specialty.series:
        raise ValidationError({"series": _("A specialty cannot move to another series.")})
    return _save(specialty, changes)


@transaction.atomic
def create_title(
    *,
    actor: User | None,
    series: Series,
    level: int,
    name_zh: str,
    name_en: str,
    by_examination: bool = False,
) -> TitleName:
    require_catalogue_editor(actor)
    return _save(
        TitleName(
            series=series,
            level=level,
            name_zh=name_zh.strip(),
            name_en=name_en.strip(),
            by_examination=by_examination,
        )
    )


@transaction.atomic
def update_title(*, actor: User | None, title: TitleName, **changes) -> TitleName:
    require_catalogue_editor(actor)
    for field in ("series", "level"):
        if field in changes and changes[field] != getattr(title, field):
            raise ValidationError(
                {field: _("A title keeps its series and level; create another title instead.")}
            )
    if changes.get("by_examination") and not title.by_examination:
        plan = title.plans.exclude(status=Status.FINISHED).first()
        if plan is not None:
            raise ValidationError(
                {
                    "by_examination": _(
                        "The plan “%(plan)s” evaluates this title; finish it first."
                    )
                    % {"plan": plan}
                }
            )
    return _save(title, changes)


@transaction.atomic
def create_condition(*, actor: User | None, title: TitleName, effective_year: int, **fields):
    """A new version of a title's conditions, in force from `effective_year` on."""
    require_catalogue_editor(actor)
    return _save(EvaluationCondition(title=title, effective_year=effective_year, **fields))


@transaction.atomic
def update_condition(*, actor: User | None, condition: EvaluationCondition, **changes):
    """Corrects a version that no published plan has used yet. Once a plan has been run
    under it, a change is a new version for a later year."""
    require_catalogue_editor(actor)
    if "title" in changes and changes["title"] != condition.title:
        raise ValidationError({"title": _("A condition version cannot move to another title.")})
    check_condition_editable(condition)
    if changes.get("effective_year", condition.effective_year) != condition.effective_year:
        moved = EvaluationCondition(title=condition.title, effective_year=changes["effective_year"])
        check_condition_editable(moved)
    return _save(condition, changes)


def check_condition_editable(condition: EvaluationCondition) -> None:
    """Refuses when a published plan already applies this version (or would have applied a
    version starting in this year)."""
    later = (
        EvaluationCondition.objects.filter(
            title=condition.title, effective_year__gt=condition.effective_year
        )
        .order_by("effective_year")
        .values_list("effective_year", flat=True)
        .first()
    )
    plans = EvaluationPlan.objects.filter(
        titles=condition.title, year__gte=condition.effective_year
    ).exclude(status=Status.DRAFT)
    if later is not None:
        plans = plans.filter(year__lt=later)
    plan = plans.order_by("year").first()
    if plan is not None:
        raise ValidationError(
            _(
                "The plan “%(plan)s” (%(year)s) was run under these conditions; add a new "
                "version for a later year instead of changing them."
            )
            % {"plan": plan, "year": plan.year}
        )


# Plans -------------------------------------------------------------------------------------


def validate_plan(plan: EvaluationPlan, titles) -> None:
    """Every rule a plan must meet, all problems at once."""
    errors = {}
    try:
        plan.full_clean(exclude=["status"])
    except ValidationError as error:
        errors.update(error.message_dict)
    titles = list(titles)
    title_errors = []
    if not titles:
        title_errors.append(_("Choose at least one title to evaluate."))
    for title in titles:
        if title.by_examination:
            title_errors.append(
                _(
                    "%(title)s is obtained by a unified examination (以考代评) and is never "
                    "evaluated by a jury, so a plan cannot include it."
                )
                % {"title": title}
            )
        if plan.series_id and title.series_id != plan.series_id:
            title_errors.append(
                _("%(title)s is not a title of the %(series)s series.")
                % {"title": title, "series": plan.series}
            )
    if title_errors:
        errors.setdefault("titles", []).extend(title_errors)
    for field, problems in registered_problems(plan, titles).items():
        errors.setdefault(field, []).extend(problems)
    minimums = {
        "unit_publicity_working_days": settings.UNIT_PUBLICITY_WORKING_DAYS,
        "result_publicity_working_days": settings.RESULT_PUBLICITY_WORKING_DAYS,
    }
    for field, minimum in minimums.items():
        value = getattr(plan, field)
        if value is not None and value < minimum:
            errors.setdefault(field, []).append(
                _("Publicity lasts at least %(days)s working days.") % {"days": minimum}
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_plan(
    *,
    actor: User | None,
    year: int,
    name: str,
    organizer: Organization,
    series: Series,
    titles,
    declaration_opens: date,
    declaration_closes: date,
    unit_recommendation_deadline: date,
    qualification_check_deadline: date,
    achievement_cutoff: date,
    jury=None,
    unit_publicity_working_days: int | None = None,
    result_publicity_working_days: int | None = None,
) -> EvaluationPlan:
    """A draft plan. Publicity lengths default to the province's settings."""
    require_plan_manager(actor, organizer)
    plan = EvaluationPlan(
        year=year,
        name=(name or "").strip(),
        organizer=organizer,
        series=series,
        jury=jury,
        declaration_opens=declaration_opens,
        declaration_closes=declaration_closes,
        unit_recommendation_deadline=unit_recommendation_deadline,
        qualification_check_deadline=qualification_check_deadline,
        achievement_cutoff=achievement_cutoff,
        unit_publicity_working_days=unit_publicity_working_days
        or settings.UNIT_PUBLICITY_WORKING_DAYS,
        result_publicity_working_days=result_publicity_working_days
        or settings.RESULT_PUBLICITY_WORKING_DAYS,
    )
    titles = list(titles)
    validate_plan(plan, titles)
    plan.save()
    plan.titles.set(titles)
    return plan


@transaction.atomic
def update_plan(*, actor: User | None, plan: EvaluationPlan, **changes) -> EvaluationPlan:
    """Changes the given fields (and `titles`). A finished plan is history; a published one
    keeps its year, organizer, series and titles."""
    plan = EvaluationPlan.objects.select_for_update().get(pk=plan.pk)
    require_plan_manager(actor, plan.organizer)
    unknown = set(changes) - set(PLAN_FIELDS) - {"titles"}
    if unknown:
        raise ValueError(f"update_plan() cannot change {sorted(unknown)}")
    if plan.status == Status.FINISHED:
        raise ValidationError(_("A finished plan can no longer be changed."))
    current_titles = list(plan.titles.all())
    titles = list(changes.pop("titles", current_titles))
    if "organizer" in changes and changes["organizer"] != plan.organizer:
        require_plan_manager(actor, changes["organizer"])
    if plan.status != Status.DRAFT:
        changed = [
            field
            for field in FIELDS_FIXED_ONCE_PUBLISHED
            if field != "titles" and field in changes and changes[field] != getattr(plan, field)
        ]
        if {t.pk for t in titles} != {t.pk for t in current_titles}:
            changed.append("titles")
        if changed:
            raise ValidationError(
                {field: _("This can only change while the plan is a draft.") for field in changed}
            )
    for field, value in changes.items():
        setattr(plan, field, value)
    validate_plan(plan, titles)
    plan.save()
    plan.titles.set(titles)
    return plan


def _locked(plan: EvaluationPlan) -> EvaluationPlan:
    return (
        EvaluationPlan.objects.select_for_update(of=("self",))
        .select_related("organizer", "jury")
        .get(pk=plan.pk)
    )


def _movable(plan: EvaluationPlan, actor: User | None, source: str, refusal: str):
    """The plan locked, once its manager (or the schedule) may move it out of `source`."""
    plan = _locked(plan)
    require_plan_manager(actor, plan.organizer)
    if plan.status != source:
        raise ValidationError(refusal)
    return plan


def _moved(plan: EvaluationPlan, actor: User | None, target: str, done: str) -> EvaluationPlan:
    plan.status = target
    plan.save(update_fields=["status"])
    logger.info("Plan %s %s by %s", plan.pk, done, actor or "the schedule")
    return plan


@transaction.atomic
def open_plan(*, actor: User | None, plan: EvaluationPlan, today: date | None = None):
    """Opens a draft plan for declarations, once it is complete."""
    plan = _movable(plan, actor, Status.DRAFT, _("Only a draft plan can be opened."))
    today = today or timezone.localdate()
    problems = []
    if plan.jury_id is None:
        problems.append(_("Choose the jury before opening the plan."))
    if plan.declaration_closes < today:
        problems.append(
            _("Declarations were to close on %(date)s; change the dates before opening.")
            % {"date": date_format(plan.declaration_closes)}
        )
    if problems:
        raise ValidationError(problems)
    validate_plan(plan, plan.titles.all())
    return _moved(plan, actor, Status.OPEN, "opened")


@transaction.atomic
def close_plan(*, actor: User | None, plan: EvaluationPlan) -> EvaluationPlan:
    """Stops declarations; the reviews of what came in go on."""
    plan = _movable(plan, actor, Status.OPEN, _("Only an open plan can be closed."))
    return _moved(plan, actor, Status.CLOSED, "closed")


@transaction.atomic
def finish_plan(*, actor: User | None, plan: EvaluationPlan) -> EvaluationPlan:
    plan = _movable(
        plan, actor, Status.CLOSED, _("Only a plan whose declarations are closed can be finished.")
    )
    return _moved(plan, actor, Status.FINISHED, "finished")


def advance_plan_statuses(today: date | None = None) -> dict[str, list[int]]:
    """Opens draft plans whose declaration window has begun and closes open plans whose
    window has ended. Each plan moves in its own transaction, so one incomplete draft does
    not hold up the others; it stays a draft and the log says why."""
    today = today or timezone.localdate()
    moved = {"opened": [], "closed": []}
    due_to_open = EvaluationPlan.objects.filter(
        status=Status.DRAFT, declaration_opens__lte=today, declaration_closes__gte=today
    )
    for plan in due_to_open:
        try:
            open_plan(actor=None, plan=plan, today=today)
        except ValidationError as error:
            logger.warning("Plan %s stays a draft: %s", plan.pk, "; ".join(error.messages))
        else:
            moved["opened"].append(plan.pk)
    due_to_close = EvaluationPlan.objects.filter(status=Status.OPEN, declaration_closes__lt=today)
    for plan in due_to_close:
        close_plan(actor=None, plan=plan)
        moved["closed"].append(plan.pk)
    return moved
