"""The post-quota check of a declaration's eligibility: a public institution recommends only
within its declaration quota (../shared/domain.md, "Post quotas")."""

from django.conf import settings

from accounts.models import Organization
from applicants.eligibility import Finding, eligibility_check
from quotas.models import PostLevel
from quotas.rule import Outcome
from quotas.selectors import active_reservation, live_quota, places_taken, pool_of

LEVEL_ZH = {
    PostLevel.FULL_SENIOR: "正高级岗位",
    PostLevel.DEPUTY_SENIOR: "副高级岗位",
    PostLevel.INTERMEDIATE: "中级岗位",
    PostLevel.DOUBLE_ORIENTATION: "双定向基层岗位",
}
LEVEL_EN = {
    PostLevel.FULL_SENIOR: "full senior posts",
    PostLevel.DEPUTY_SENIOR: "deputy senior posts",
    PostLevel.INTERMEDIATE: "intermediate posts",
    PostLevel.DOUBLE_ORIENTATION: "double-orientation grassroots posts",
}


def _rule() -> str:
    threshold = settings.QUOTA_EXCESS_THRESHOLD_PERCENT
    per_place = settings.QUOTA_FREED_POSTS_PER_PLACE
    return (
        "岗位结构比例：未超过100%的按空缺岗位数推荐；超过100%不超过"
        f"{threshold}%的，每空出{per_place}个岗位推荐1人；超过{threshold}%的暂停申报；"
        "未通过岗位聘用年度审核的不予推荐"
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
    name = Organization.objects.values_list("name", flat=True).get(pk=pool.institution_id)
    year, level_zh, level_en = pool.year, LEVEL_ZH[pool.post_level], LEVEL_EN[pool.post_level]
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
        zh = f"{name}{year}年度岗位聘用年度审核表未经人社部门审核通过，不能推荐{level_zh}申报。"
        en = (
            f"{name} has no approved post-appointment audit form for {year}, so it cannot "
            f"recommend declarations for {level_en}."
        )
    elif result.outcome == Outcome.SUSPENDED:
        code = "post_quota_suspended"
        ratio = "∞" if result.ratio_percent is None else f"{result.ratio_percent}"
        zh = (
            f"{name}{level_zh}持证人员占核准岗位的{ratio}%，超过{threshold}%，"
            f"{year}年度暂停该等级申报和评审。"
        )
        en = (
            f"Declaration for {level_en} is suspended at {name} in {year}: qualified people "
            f"are {ratio}% of the approved posts, above {threshold}%."
        )
    else:
        code = "post_quota_exhausted"
        zh = f"{name}{year}年度{level_zh}申报名额已用完：共{result.places}个，已占用{taken}个。"
        en = (
            f"The {year} declaration quota of {name} for {level_en} is used up: "
            f"{taken} of {result.places} places are taken."
        )
    yield Finding(
        code=code,
        blocking=True,
        message_zh=zh,
        message_en=en,
        rule=_rule(),
        evidence=evidence,
    )
