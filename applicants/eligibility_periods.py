"""The eligibility rules counted over dated periods (docs/domain.md, "Eligibility"): the window
in which achievements count, the social insurance of private-enterprise staff whose personnel
file is held elsewhere, and the village service of first secretaries and work-team members.
The arithmetic is applicants/eligibility_dates.py; applicants/eligibility_checks.py registers
the checks.

Province settings, each read with its default:
- ACHIEVEMENTS_COUNT_FROM ("next_year"): achievements and performance count from 1 January of
  the year after the current title (Qinghai 2022), or, with "date", from the day after it;
- SOCIAL_INSURANCE_MIN_MONTHS (12): the months of social insurance at the declaring unit, by
  the plan's cut-off date, before staff whose personnel file is held elsewhere may declare
  through it."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from applicants.eligibility import Finding, Listing, Text
from applicants.eligibility_dates import (
    COUNT_FROM_CHOICES,
    COUNT_FROM_NEXT_YEAR,
    ONE_DAY,
    Service,
    achievements_count_from,
    add_months,
    add_years,
    continuous_service,
    months_reached_on,
    whole_months,
)
from applicants.transition_rules import refusal_about


def achievements_count_mode() -> str:
    mode = getattr(settings, "ACHIEVEMENTS_COUNT_FROM", COUNT_FROM_NEXT_YEAR)
    if mode not in COUNT_FROM_CHOICES:
        raise ImproperlyConfigured(
            f"ACHIEVEMENTS_COUNT_FROM must be one of {COUNT_FROM_CHOICES}, not {mode!r}."
        )
    return mode


def social_insurance_min_months() -> int:
    return int(getattr(settings, "SOCIAL_INSURANCE_MIN_MONTHS", 12))


def _interval(first_day, last_day) -> str:
    """A period as ISO 8601 writes it: "2022-03-01/2024-03-01"."""
    return f"{first_day.isoformat()}/{last_day.isoformat() if last_day else '..'}"


# --- achievements -------------------------------------------------------------------------


def achievement_findings(declaration):
    """Each achievement dated before the counting window opens (the year after the current
    title, or the day after it) or after the plan's cut-off date does not count."""
    cutoff = declaration.plan.achievement_cutoff
    obtained = declaration.current_title_obtained_on
    mode = achievements_count_mode()
    counts_from = achievements_count_from(obtained, mode) if obtained else None
    if mode == COUNT_FROM_NEXT_YEAR:
        window_rule = Text(
            gettext_noop(
                "Achievements and performance count from the year after the current title was "
                "obtained, from %(counts_from)s"
            ),
            {"counts_from": counts_from},
        )
    else:
        window_rule = Text(
            gettext_noop("Achievements count only after the current title was obtained")
        )
    for achievement in declaration.achievements.all():
        achieved_on = achievement.achieved_on
        if counts_from is not None and achieved_on < counts_from:
            evidence = {
                "achievement": achievement.pk,
                "achieved_on": achieved_on.isoformat(),
                "current_title_obtained_on": obtained.isoformat(),
                "counts_from": counts_from.isoformat(),
            }
            if achieved_on <= obtained:
                text = Text(
                    gettext_noop(
                        "The achievement “%(achievement)s” (%(achieved_on)s) predates the "
                        "current title (%(obtained)s) and does not count: remove it or correct "
                        "its date."
                    ),
                    {
                        "achievement": achievement.title,
                        "achieved_on": achieved_on,
                        "obtained": obtained,
                    },
                )
                yield Finding("achievement_before_current_title", True, text, window_rule, evidence)
            else:
                text = Text(
                    gettext_noop(
                        "The achievement “%(achievement)s” (%(achieved_on)s) is from the year "
                        "the current title was obtained (%(obtained)s): achievements count from "
                        "%(counts_from)s. Remove it or correct its date."
                    ),
                    {
                        "achievement": achievement.title,
                        "achieved_on": achieved_on,
                        "obtained": obtained,
                        "counts_from": counts_from,
                    },
                )
                yield Finding(
                    "achievement_in_current_title_year", True, text, window_rule, evidence
                )
        if achieved_on > cutoff:
            yield Finding(
                "achievement_after_cutoff",
                True,
                Text(
                    gettext_noop(
                        "The achievement “%(achievement)s” (%(achieved_on)s) is after the plan's "
                        "cut-off date (%(cutoff)s) and does not count."
                    ),
                    {
                        "achievement": achievement.title,
                        "achieved_on": achieved_on,
                        "cutoff": cutoff,
                    },
                ),
                Text(gettext_noop("Achievements count up to the plan's cut-off date")),
                {
                    "achievement": achievement.pk,
                    "achieved_on": achieved_on.isoformat(),
                    "cutoff": cutoff.isoformat(),
                },
            )


# --- social insurance ---------------------------------------------------------------------


def latest_start(cutoff, months: int):
    """The last day social insurance may have begun to last `months` whole months by
    `cutoff`."""
    day = add_months(cutoff + ONE_DAY, -months)
    while whole_months(day + ONE_DAY, cutoff) >= months:
        day += ONE_DAY
    while whole_months(day, cutoff) < months:
        day -= ONE_DAY
    return day


def social_insurance_findings(declaration):
    """Staff of a private enterprise whose personnel file is held elsewhere declare through
    their unit only after SOCIAL_INSURANCE_MIN_MONTHS of social insurance there by the plan's
    cut-off date (Qinghai 2022, "1 year or more"). The unit states and certifies when the
    contributions began when it recommends; until then the finding only says what is needed,
    and a recommendation without it is refused (`certify_social_insurance`)."""
    if not declaration.personnel_file_elsewhere:
        return
    minimum = social_insurance_min_months()
    cutoff = declaration.plan.achievement_cutoff
    unit = declaration.employer.name
    rule = Text(
        gettext_noop(
            "Private-enterprise staff whose personnel file is held elsewhere declare through "
            "their unit after at least %(minimum)s months of social insurance there, counted to "
            "the plan's cut-off date"
        ),
        {"minimum": minimum},
    )
    since = declaration.social_insurance_since
    if since is None:
        begun_by = latest_start(cutoff, minimum)
        evidence = {
            "minimum_months": minimum,
            "counted_until": cutoff.isoformat(),
            "latest_start": begun_by.isoformat(),
        }
        if declaration.recommended_at is None:
            text = Text(
                gettext_noop(
                    "The personnel file is held elsewhere: when it recommends the declaration, "
                    "%(unit)s states and certifies when its social insurance contributions began. "
                    "At least %(minimum)s months by %(cutoff)s are needed: they must have begun "
                    "by %(latest_start)s."
                ),
                {"unit": unit, "minimum": minimum, "cutoff": cutoff, "latest_start": begun_by},
            )
            yield Finding("social_insurance_not_certified", False, text, rule, evidence)
        else:
            text = Text(
                gettext_noop(
                    "The personnel file is held elsewhere, but %(unit)s did not certify when its "
                    "social insurance contributions began when it recommended the declaration."
                ),
                {"unit": unit},
            )
            yield Finding("social_insurance_not_certified", True, text, rule, evidence)
        return
    months = whole_months(since, cutoff)
    if months >= minimum:
        return
    reached_on = months_reached_on(since, minimum)
    yield Finding(
        "social_insurance_short",
        True,
        Text(
            gettext_noop(
                "%(months)s months of social insurance at %(unit)s, from %(since)s to the "
                "cut-off date %(cutoff)s: at least %(minimum)s are needed, which would be "
                "reached on %(reached_on)s."
            ),
            {
                "months": months,
                "unit": unit,
                "since": since,
                "cutoff": cutoff,
                "minimum": minimum,
                "reached_on": reached_on,
            },
        ),
        rule,
        {
            "social_insurance_since": since.isoformat(),
            "counted_until": cutoff.isoformat(),
            "months": months,
            "minimum_months": minimum,
            "minimum_reached_on": reached_on.isoformat(),
            "certified_at": (
                timezone.localtime(declaration.social_insurance_certified_at).isoformat()
                if declaration.social_insurance_certified_at
                else None
            ),
        },
    )


def _certify_one(declaration, transition, actor, now):
    since = transition.data.get("social_insurance_since")
    if since is not None:
        if since > timezone.localdate():
            raise ValidationError({"social_insurance_since": _("This date is in the future.")})
        declaration.social_insurance_since = since
        declaration.social_insurance_certified_at = now
        declaration.social_insurance_certified_by = actor
    if not declaration.personnel_file_elsewhere:
        return
    if declaration.social_insurance_since is None:
        raise ValidationError(
            {
                "social_insurance_since": _(
                    "The applicant's personnel file is held elsewhere: state when the unit's "
                    "social insurance contributions for them began."
                )
            }
        )
    for finding in social_insurance_findings(declaration):
        if finding.blocking:
            raise ValidationError({"social_insurance_since": finding.message})


def certify_social_insurance(declaration, transition, actor):
    """Effect of the `recommend` move: the unit states when its social insurance
    contributions began (`social_insurance_since`, kept with who certified it and when); a
    declaration whose personnel file is held elsewhere is not recommended without that date,
    nor with fewer months than the rule needs."""
    _certify_one(declaration, transition, actor, timezone.now())


def certify_social_insurance_many(moves, actor):
    """The same for many declarations at once, without a query; a refusal names the
    declaration when there are several, and keeps its field when there is one."""
    now = timezone.now()
    for declaration, transition in moves:
        try:
            _certify_one(declaration, transition, actor, now)
        except ValidationError as error:
            if len(moves) == 1:
                raise
            raise refusal_about(declaration, error) from error


# --- village service ----------------------------------------------------------------------


def village_service(declaration) -> Service:
    """The declaration's village service, counted to the plan's cut-off date."""
    cache = declaration.__dict__.setdefault("_eligibility_cache", {})
    if "village_service" not in cache:
        periods = [
            (period.started_on, period.ended_on) for period in declaration.village_periods.all()
        ]
        cache["village_service"] = continuous_service(periods, declaration.plan.achievement_cutoff)
    return cache["village_service"]


def first_secretary_findings(declaration, needed):
    """The first-secretary channel: more than FIRST_SECRETARY_MIN_VILLAGE_YEARS in the village
    without a break, counted in days from the dated periods, and as many excellent
    assessments in a row. When it is not met the regular conditions apply, so the findings
    inform and do not block."""
    minimum = settings.FIRST_SECRETARY_MIN_VILLAGE_YEARS
    early = settings.FIRST_SECRETARY_YEARS_EARLY
    service = village_service(declaration)
    longest = service.longest
    required_until = add_years(longest.first_day, minimum) if longest else None
    evidence = {
        "periods": [
            _interval(period.started_on, period.ended_on)
            for period in declaration.village_periods.all()
        ],
        "counted_until": service.counted_until.isoformat(),
        "longest_stretch": _interval(longest.first_day, longest.last_day) if longest else None,
        "longest_stretch_days": longest.days if longest else 0,
        "required_until": required_until.isoformat() if required_until else None,
        "gaps": [_interval(gap.first_day, gap.last_day) for gap in service.gaps],
        "village_years": service.whole_years,
        "consecutive_excellent_years": needed.excellent_years,
        "minimum_years": minimum,
    }
    if declaration.village_service_years:
        evidence["years_declared_before_periods"] = declaration.village_service_years
    rule = Text(
        gettext_noop(
            "Village first secretaries and work-team members with more than %(minimum)s years in "
            "the village without a break, counted in days, and as many excellent assessments in "
            "a row declare %(early)s year(s) early; the village years count as professional years"
        ),
        {"minimum": minimum, "early": early},
    )
    if needed.first_secretary_applies:
        text = Text(
            gettext_noop(
                "%(days)s days in the village without a break (%(first_day)s to %(last_day)s), "
                "more than %(minimum)s years, with %(excellent_years)s excellent assessments in a "
                "row: may declare %(early)s year(s) early, and %(village_years)s years in the "
                "village count as professional years."
            ),
            {
                "days": longest.days,
                "first_day": longest.first_day,
                "last_day": longest.last_day,
                "minimum": minimum,
                "excellent_years": needed.excellent_years,
                "early": early,
                "village_years": service.whole_years,
            },
        )
        yield Finding("first_secretary_early", False, text, rule, evidence)
        return
    if longest is None:
        text = Text(
            gettext_noop(
                "No period in the village up to %(cutoff)s is given: the first-secretary channel "
                "needs the dated periods of more than %(minimum)s years in the village without a "
                "break; the regular conditions apply."
            ),
            {"cutoff": service.counted_until, "minimum": minimum},
        )
        yield Finding("village_service_missing", False, text, rule, evidence)
        return
    if not longest.lasts_more_than(minimum):
        values = {
            "days": longest.days,
            "first_day": longest.first_day,
            "last_day": longest.last_day,
            "minimum": minimum,
            "required_until": required_until,
        }
        if service.gaps:
            gaps = Listing(
                tuple(
                    Text(
                        gettext_noop("%(first_day)s to %(last_day)s"),
                        {"first_day": gap.first_day, "last_day": gap.last_day},
                    )
                    for gap in service.gaps
                )
            )
            text = Text(
                gettext_noop(
                    "The village service is broken by days without service (%(gaps)s): the "
                    "longest stretch without a break, %(days)s days from %(first_day)s to "
                    "%(last_day)s, does not reach %(required_until)s, as more than %(minimum)s "
                    "years would; the regular conditions apply."
                ),
                {**values, "gaps": gaps},
            )
            yield Finding("village_service_interrupted", False, text, rule, evidence)
        else:
            text = Text(
                gettext_noop(
                    "%(days)s days in the village without a break, from %(first_day)s to "
                    "%(last_day)s: more than %(minimum)s years needs service up to "
                    "%(required_until)s; the regular conditions apply."
                ),
                values,
            )
            yield Finding("village_service_short", False, text, rule, evidence)
        return
    text = Text(
        gettext_noop(
            "More than %(minimum)s years in the village, but %(excellent_years)s excellent "
            "assessments in a row where %(minimum)s are needed: the regular conditions apply."
        ),
        {"minimum": minimum, "excellent_years": needed.excellent_years},
    )
    yield Finding("first_secretary_not_met", False, text, rule, evidence)
