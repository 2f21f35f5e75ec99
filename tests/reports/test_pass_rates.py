"""Pass rates by series, level and employer: passed against failed among the declarations
with a review result. Passed covers every state after a pass (publicity, filed, certified,
revoked); failed includes results overturned by an upheld objection; in review is no result."""

from tests.reports.conftest import S, figure, figures_for, table
from titles.models import Level


def build(world):
    # Engineering (plan A, city A): deputy senior 3 passed in various later states, 1 failed;
    # intermediate 1 passed, 1 failed; 2 still in review.
    world.declaration(world.plan_a, world.hospital, S.PASSED)
    world.declaration(world.plan_a, world.hospital, S.IN_RESULT_PUBLICITY)
    world.declaration(world.plan_a, world.enterprise, S.CERTIFIED)
    world.declaration(world.plan_a, world.enterprise, S.FAILED)
    world.declaration(world.plan_a, world.enterprise, S.FILED, level=Level.INTERMEDIATE)
    world.declaration(world.plan_a, world.enterprise, S.FAILED, level=Level.INTERMEDIATE)
    world.declarations(2, world.plan_a, world.hospital, S.IN_REVIEW)
    # Health (plan B, city B): 1 revoked (passed, then revoked), 2 failed.
    world.declaration(world.plan_b, world.school, S.REVOKED)
    world.declarations(2, world.plan_b, world.school, S.FAILED)


def test_pass_rates_by_series_level_and_employer_for_the_province(world):
    build(world)

    figures = figures_for(world.admin, year=2026)

    series = table(figure(figures, "pass-series"))
    # (reviewed, passed, failed, pass rate)
    assert series == {"Engineering": (6, 4, 2, 0.6667), "Health": (3, 1, 2, 0.3333)}
    levels = figure(figures, "pass-level")
    assert [row[0] for row in levels.rows] == ["Deputy senior", "Intermediate"]
    assert table(levels) == {"Deputy senior": (7, 4, 3, 0.5714), "Intermediate": (2, 1, 1, 0.5)}
    employers = figure(figures, "pass-employer")
    assert table(employers) == {
        "甲市交通集团": (4, 2, 2, 0.5),
        "甲市人民医院": (2, 2, 0, 1.0),
        "乙市第一中学": (3, 1, 2, 0.3333),
    }
    # The most reviewed employer first; the chart stacks passed and failed.
    assert employers.rows[0][0] == "甲市交通集团"
    assert employers.chart["stacked"] is True
    assert [d["data"] for d in employers.chart["datasets"]] == [[2, 1, 2], [2, 2, 0]]
    assert figure(figures, "pass-series").summary == "9 reviewed, 5 passed (55.6%)."


def test_the_page_shows_the_rates_as_percentages(world, client):
    build(world)
    client.force_login(world.bureau_a)

    page = client.get("/statistics/", {"year": 2026}).content.decode()

    assert "6 reviewed, 4 passed (66.7%)." in page
    assert '<th scope="row">Engineering</th><td class="number">6</td>' in page
    assert '<td class="number">66.7%</td>' in page
    assert "Health" not in page  # city B's plan is not city A's


def test_without_results_the_figure_says_so(world):
    world.declarations(2, world.plan_a, world.hospital, S.IN_REVIEW)

    series = figure(figures_for(world.bureau_a, year=2026), "pass-series")

    assert series.rows == []
    assert series.summary == "No review results yet."
