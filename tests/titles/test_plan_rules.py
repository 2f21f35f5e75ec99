"""A plan's titles must belong to its series and its jury must review them and be approved
for the plan's dates; publicity defaults to the province's settings."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from titles import services
from titles.models import Level, TitleName


def test_publicity_lengths_default_to_the_settings(demo, plan_data, settings):
    settings.UNIT_PUBLICITY_WORKING_DAYS = 7
    settings.RESULT_PUBLICITY_WORKING_DAYS = 6

    plan = services.create_plan(actor=demo["users"]["bureau"], **plan_data)

    assert plan.status == "draft"
    assert (plan.unit_publicity_working_days, plan.result_publicity_working_days) == (7, 6)


def test_publicity_shorter_than_the_settings_is_refused(demo, plan_data):
    with pytest.raises(ValidationError) as refused:
        services.create_plan(
            actor=demo["users"]["bureau"], **plan_data, result_publicity_working_days=3
        )

    assert "result_publicity_working_days" in refused.value.message_dict


def test_a_title_of_another_series_is_refused(demo, plan_data):
    teacher = TitleName.objects.get(series__code="ZXXJS", level=Level.INTERMEDIATE)

    with pytest.raises(ValidationError) as refused:
        services.create_plan(
            actor=demo["users"]["bureau"], **{**plan_data, "titles": [teacher], "jury": None}
        )

    assert "is not a title of" in " ".join(refused.value.message_dict["titles"])


def test_a_jury_must_review_the_level(demo, plan_data):
    professor = plan_data["series"].titles.get(level=Level.FULL_SENIOR)

    with pytest.raises(ValidationError) as refused:
        services.create_plan(actor=demo["users"]["bureau"], **{**plan_data, "titles": [professor]})

    assert "does not review the level" in " ".join(refused.value.message_dict["jury"])


def test_a_jury_whose_approval_ends_before_the_plan_is_refused(demo, plan_data):
    later = {
        **plan_data,
        "year": 2028,
        "declaration_opens": date(2028, 3, 1),
        "declaration_closes": date(2028, 3, 31),
        "unit_recommendation_deadline": date(2028, 4, 14),
        "qualification_check_deadline": date(2028, 5, 12),
    }

    with pytest.raises(ValidationError) as refused:
        services.create_plan(actor=demo["users"]["bureau"], **later)

    assert "approved only until 29 Feb 2028" in " ".join(refused.value.message_dict["jury"])


def test_deadlines_out_of_order_are_all_reported(demo, plan_data):
    with pytest.raises(ValidationError) as refused:
        services.create_plan(
            actor=demo["users"]["bureau"],
            **{**plan_data, "declaration_closes": date(2027, 2, 1), "titles": []},
        )

    assert {"declaration_closes", "titles"} <= set(refused.value.message_dict)


def test_only_bureau_staff_of_the_organizer_or_above_create_plans(demo, plan_data, stranger):
    for user in (demo["users"]["employer"], stranger["bureau_user"]):
        with pytest.raises(PermissionDenied):
            services.create_plan(actor=user, **plan_data)


def test_a_published_plan_keeps_its_titles(demo):
    plan = demo["plan"]
    senior = plan.titles.get(level=Level.DEPUTY_SENIOR)

    with pytest.raises(ValidationError) as refused:
        services.update_plan(actor=demo["users"]["bureau"], plan=plan, titles=[senior])

    assert "titles" in refused.value.message_dict
    changed = services.update_plan(
        actor=demo["users"]["bureau"], plan=plan, declaration_closes=date(2026, 12, 25)
    )
    assert changed.declaration_closes == date(2026, 12, 25)
