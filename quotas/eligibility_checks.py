"""The post-quota check of a declaration's eligibility: a public institution recommends only
within its declaration quota (docs/domain.md, "Post quotas")."""

from django.conf import settings
from django.utils.translation import gettext_noop

from applicants.eligibility import Finding, InSentence, Text, eligibility_check
from quotas.models import PostLevel
from quotas.rule import Outcome
from quotas.selectors import active_reservation, live_quota, places_taken, pool_of


def _rule() -> Text:
    return Text(
        gettext_noop(
            "Post structure ratio: up to 100%% recommend within the vacant posts; above 100%% "
            "and up to %(threshold)s%%, one place for every %(per_place)s posts freed; above "
            "%(threshold)s%%, declaration is suspended; no recommendation without an approved "
            "annual post-appointment audit form"
        ),
        {
            "threshold": settings.QUOTA_EXCESS_THRESHOLD_PERCENT,
            "per_place": settings.QUOTA_FREED_POSTS_PER_PLACE,
        },
    )


@eligibility_check
def check_post_quota(declaration):
    pool = pool_of(declaration)
    if pool is None or active_reservation(declaration) is not None:
        return
    result = live_quota(pool)
    taken = places_taken(pool)
    if result.is_open and taken < result.places:
        return
    name = declaration.employer.name  # the pool's institution
    year, level = pool.year, InSentence(PostLevel(pool.post_level).label)
    threshold = settings.QUOTA_EXCESS_THRESHOLD_PERCENT
    evidence = {
        "institution": name,
        "year": year,
        "post_level": pool.post_level,
        "outcome": result.outcome,
        "places": result.places,
        "taken": taken,
        "ratio_percent": None if result.ratio_percent is None else str(result.ratio_percent),
        "threshold_percent": threshold,
        "explanation": [step.as_json() for step in result.steps],
    }
    if result.outcome == Outcome.NO_AUDIT_FORM:
        code = "post_quota_no_audit_form"
        message = gettext_noop(
            "%(institution)s has no approved post-appointment audit form for %(year)s, so it "
            "cannot recommend declarations for %(level)s."
        )
    elif result.outcome == Outcome.SUSPENDED:
        code = "post_quota_suspended"
        message = gettext_noop(
            "Declaration for %(level)s is suspended at %(institution)s in %(year)s: qualified "
            "people are %(ratio)s%% of the approved posts, above %(threshold)s%%."
        )
    else:
        code = "post_quota_exhausted"
        message = gettext_noop(
            "The %(year)s declaration quota of %(institution)s for %(level)s is used up: "
            "%(taken)s of %(places)s places are taken."
        )
    params = {
        "institution": name,
        "year": year,
        "level": level,
        "ratio": "∞" if result.ratio_percent is None else f"{result.ratio_percent}",
        "threshold": threshold,
        "places": result.places,
        "taken": taken,
    }
    yield Finding(
        code=code,
        blocking=True,
        text=Text(message, params),
        rule_text=_rule(),
        evidence=evidence,
    )
