"""The post-quota rule (岗位结构比例) of docs/domain.md, "Post quotas", with no database
access: figures in, a quota and the steps that reached it out.

    ratio = qualified people (hired + not hired) / approved posts
    ratio ≤ 100%              → places = vacant posts (approved − hired)
    100% < ratio ≤ threshold  → places = ⌊posts freed in the window ÷ freed-per-place⌋ (退二进一)
    ratio > threshold         → suspended at that level
    no approved audit form    → no quota

The threshold and the divisor are settings (QUOTA_EXCESS_THRESHOLD_PERCENT,
QUOTA_FREED_POSTS_PER_PLACE). Comparisons use integers so that 130% is never 130.0000001%.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    NO_AUDIT_FORM = "no_audit_form", _("No approved audit form")
    VACANT_POSTS = "vacant_posts", _("Within approved posts")
    TRANSITIONAL = "transitional", _("Transitional: two out, one in")
    SUSPENDED = "suspended", _("Suspended")


# Outcomes under which a declaration may take a place.
OPEN_OUTCOMES = (Outcome.VACANT_POSTS, Outcome.TRANSITIONAL)

# One explanation step per code; the figures fill the text in the reader's language.
STEP_TEXTS = {
    "no_post_data": _("No post data has been filed for this year and level."),
    "audit_form_not_approved": _(
        "The annual post-appointment audit form has not been approved by the HR department, "
        "so there is no declaration quota."
    ),
    "figures": _(
        "Approved posts: %(approved)s. Qualified people: %(qualified)s "
        "(hired %(hired)s + not hired %(not_hired)s)."
    ),
    "no_posts": _("There are no approved posts at this level, so there are no places."),
    "no_posts_but_qualified": _(
        "There are no approved posts at this level but %(qualified)s qualified people: "
        "the ratio exceeds any threshold."
    ),
    "ratio": _("Ratio = %(qualified)s ÷ %(approved)s = %(ratio)s%%."),
    "within_posts": _(
        "%(ratio)s%% is at most 100%%: the quota is the vacant posts, "
        "%(approved)s − %(hired)s = %(places)s."
    ),
    "transitional": _(
        "%(ratio)s%% is above 100%% and at most %(threshold)s%%: one place for every "
        "%(per_place)s posts freed in the statistics window."
    ),
    "freed": _(
        "Posts freed in the statistics window: %(freed)s (retirement %(retirement)s + "
        "transfer %(transfer)s + other %(other)s)."
    ),
    "transitional_places": _("Places = ⌊%(freed)s ÷ %(per_place)s⌋ = %(places)s."),
    "suspended": _(
        "%(ratio)s%% is above %(threshold)s%%: declaration and review at this level are "
        "suspended for the institution."
    ),
}


@dataclass(frozen=True)
class Step:
    code: str
    figures: dict

    @property
    def text(self) -> str:
        return str(STEP_TEXTS[self.code]) % self.figures

    def as_json(self) -> dict:
        return {"code": self.code, "figures": self.figures}


def steps_from_json(data) -> list[Step]:
    return [Step(item["code"], item.get("figures", {})) for item in data or []]


@dataclass(frozen=True)
class PostFigures:
    approved: int
    hired: int
    not_hired: int
    freed_by_retirement: int = 0
    freed_by_transfer: int = 0
    freed_other: int = 0
    audit_form_approved: bool = False

    @property
    def qualified(self) -> int:
        return self.hired + self.not_hired

    @property
    def freed(self) -> int:
        return self.freed_by_retirement + self.freed_by_transfer + self.freed_other


@dataclass(frozen=True)
class QuotaResult:
    outcome: str
    places: int
    ratio_percent: Decimal | None
    steps: tuple[Step, ...]

    @property
    def is_open(self) -> bool:
        return self.outcome in OPEN_OUTCOMES

    @property
    def outcome_label(self) -> str:
        return Outcome(self.outcome).label

    def explanation(self) -> list[str]:
        return [step.text for step in self.steps]


def ratio_percent(qualified: int, approved: int) -> Decimal | None:
    if approved == 0:
        return None
    return (Decimal(qualified * 100) / Decimal(approved)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def compute_quota(
    figures: PostFigures | None, *, threshold_percent: int, freed_per_place: int
) -> QuotaResult:
    if figures is None:
        return QuotaResult(Outcome.NO_AUDIT_FORM, 0, None, (Step("no_post_data", {}),))
    if not figures.audit_form_approved:
        return QuotaResult(Outcome.NO_AUDIT_FORM, 0, None, (Step("audit_form_not_approved", {}),))

    approved, hired, qualified = figures.approved, figures.hired, figures.qualified
    steps = [
        Step(
            "figures",
            {
                "approved": approved,
                "qualified": qualified,
                "hired": hired,
                "not_hired": figures.not_hired,
            },
        )
    ]
    if approved == 0:
        if qualified == 0:
            steps.append(Step("no_posts", {}))
            return QuotaResult(Outcome.VACANT_POSTS, 0, None, tuple(steps))
        steps.append(Step("no_posts_but_qualified", {"qualified": qualified}))
        return QuotaResult(Outcome.SUSPENDED, 0, None, tuple(steps))

    ratio = ratio_percent(qualified, approved)
    shown = {"ratio": str(ratio), "threshold": threshold_percent}
    steps.append(Step("ratio", {"qualified": qualified, "approved": approved, **shown}))

    if qualified <= approved:
        places = max(approved - hired, 0)
        steps.append(
            Step("within_posts", {"approved": approved, "hired": hired, "places": places, **shown})
        )
        return QuotaResult(Outcome.VACANT_POSTS, places, ratio, tuple(steps))

    if qualified * 100 <= threshold_percent * approved:
        freed = figures.freed
        places = freed // freed_per_place
        steps += [
            Step("transitional", {"per_place": freed_per_place, **shown}),
            Step(
                "freed",
                {
                    "freed": freed,
                    "retirement": figures.freed_by_retirement,
                    "transfer": figures.freed_by_transfer,
                    "other": figures.freed_other,
                },
            ),
            Step(
                "transitional_places",
                {"freed": freed, "per_place": freed_per_place, "places": places},
            ),
        ]
        return QuotaResult(Outcome.TRANSITIONAL, places, ratio, tuple(steps))

    steps.append(Step("suspended", shown))
    return QuotaResult(Outcome.SUSPENDED, 0, ratio, tuple(steps))
