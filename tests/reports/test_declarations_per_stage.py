"""The stage figure counts each declaration once at its current stage, drafts never."""

from reports.statistics.declarations import STAGES
from tests.reports.conftest import S, figure, figures_for, table


def test_each_declaration_counts_once_at_its_current_stage(world):
    world.declarations(3, world.plan_a, world.hospital, S.SUBMITTED, forwarded=False)
    world.declarations(2, world.plan_a, world.enterprise, S.QUALIFICATION_CHECK)
    world.declarations(1, world.plan_a, world.enterprise, S.CERTIFIED)
    world.declaration(world.plan_a, world.hospital, S.DRAFT)

    stages = figure(figures_for(world.bureau_a, year=2026), "stages")

    rows = table(stages)
    assert rows["Submitted to the unit"] == (3,)
    assert rows["Under qualification check"] == (2,)
    assert rows["Certified"] == (1,)
    assert rows["In jury review"] == (0,)
    assert "Draft" not in rows
    assert len(stages.rows) == len(STAGES)  # every stage of the pipeline, in its order
    assert [row[0] for row in stages.rows][:2] == ["Submitted to the unit", "In unit publicity"]
    assert stages.summary == "6 declarations in all."
    assert stages.chart["labels"][0] == "Submitted to the unit"
    assert stages.chart["datasets"][0]["data"][0] == 3


def test_the_office_counts_only_what_reached_it(world):
    world.declarations(3, world.plan_a, world.hospital, S.SUBMITTED, forwarded=False)
    world.declarations(2, world.plan_a, world.enterprise, S.QUALIFICATION_CHECK)

    rows = table(figure(figures_for(world.office_a, year=2026), "stages"))

    assert rows["Submitted to the unit"] == (0,)
    assert rows["Under qualification check"] == (2,)


def test_the_year_and_the_plan_choose_the_declarations(world):
    world.declarations(2, world.plan_a, world.enterprise, S.QUALIFIED)
    world.declarations(4, world.plan_a_2025, world.enterprise, S.QUALIFIED)

    def qualified(**filters):
        return table(figure(figures_for(world.bureau_a, **filters), "stages"))[
            "Qualified for review"
        ]

    assert qualified(year=2026) == (2,)
    assert qualified(year=2025) == (4,)
    assert qualified(plan=world.plan_a_2025) == (4,)
    assert qualified() == (2,)  # the newest year with a plan
