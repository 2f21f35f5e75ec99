"""The post-quota check in the declaration's eligibility evaluation: no quota, a suspended
level and a used-up quota are blocking findings that carry their figures."""

from applicants.eligibility import evaluate_eligibility
from quotas.eligibility_checks import check_post_quota
from quotas.services import reserve_place


def quota_findings(declaration):
    return [f for f in evaluate_eligibility(declaration) if f.code.startswith("post_quota")]


def test_no_approved_audit_form_is_a_blocking_finding(world):
    institution = world.institution("示范市待审医院")
    world.post_data(institution, approved=10, hired=2, approved_form=False)

    [finding] = quota_findings(world.declaration(institution))

    assert finding.code == "post_quota_no_audit_form" and finding.blocking
    assert finding.message_zh.startswith(
        "示范市待审医院2026年度岗位聘用年度审核表未经人社部门审核通过"
    )
    assert "no approved post-appointment audit form for 2026" in finding.message_en
    assert finding.evidence["outcome"] == "no_audit_form"


def test_a_suspended_level_is_a_blocking_finding_with_the_ratio(world):
    institution = world.institution()
    world.post_data(institution, approved=100, hired=100, not_hired=31)

    [finding] = quota_findings(world.declaration(institution))

    assert finding.code == "post_quota_suspended" and finding.blocking
    assert finding.evidence["ratio_percent"] == "131.00"
    assert finding.evidence["threshold_percent"] == 130
    assert "131.00%" in finding.message_zh and "130%" in finding.message_zh
    assert [step["code"] for step in finding.evidence["explanation"]] == [
        "figures",
        "ratio",
        "suspended",
    ]


def test_a_used_up_quota_blocks_the_others_but_not_the_holders(world):
    institution = world.institution()
    world.post_data(institution, approved=10, hired=9)
    holder, other = world.declaration(institution), world.declaration(institution)
    assert quota_findings(other) == []
    reserve_place(holder)

    [finding] = quota_findings(other)

    assert finding.code == "post_quota_exhausted"
    assert (finding.evidence["places"], finding.evidence["taken"]) == (1, 1)
    assert "共1个，已占用1个" in finding.message_zh
    assert quota_findings(holder) == []


def test_a_used_up_quota_is_judged_in_four_queries_naming_the_declaration_s_own_employer(
    world, django_assert_num_queries
):
    institution = world.institution("示范市满额医院")
    world.post_data(institution, approved=10, hired=9)
    holder, other = world.declaration(institution), world.declaration(institution)
    reserve_place(holder)

    # Whether it chose a double-orientation post, its own place, the post data, the places taken.
    with django_assert_num_queries(4):
        [finding] = check_post_quota(other)

    assert finding.evidence["institution"] == "示范市满额医院"
    assert "示范市满额医院" in finding.message_zh


def test_unlimited_declarations_get_no_quota_finding(world):
    institution = world.institution()  # no post data

    assert quota_findings(world.declaration(world.enterprise)) == []
    assert quota_findings(world.declaration(institution, channel="youth_aid")) == []
