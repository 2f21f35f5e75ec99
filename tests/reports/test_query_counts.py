"""The statistics page and the export take the same small number of queries whether there are
a handful of declarations or many: every figure is aggregated in the database."""

from datetime import date

import pytest
from django.urls import reverse

from quotas.models import PostLevel
from tests.reports.conftest import S

# The session, the user and their roles; the header's count of unread notifications; the years
# and the plans to choose from; nine for the figures (stages, three pass rates, two for quotas,
# two for continuing education, certificates).
MAX_QUERIES = 15
STATES = [S.SUBMITTED, S.QUALIFIED, S.IN_REVIEW, S.PASSED, S.FAILED, S.CERTIFIED, S.REVOKED]


def populate(world, units):
    employers = [world.hospital, world.enterprise] + [
        world.organization(world.city_a, f"甲市第{n}医院", "public_institution")
        for n in range(units)
    ]
    for index, employer in enumerate(employers):
        for status in STATES:
            declaration = world.declaration(world.plan_a, employer, status)
            world.hours(declaration.applicant, 2026, 60 if index % 2 else 20, 30)
            if status == S.CERTIFIED:
                world.certificate(declaration, date(2027, 1 + index % 12, 5))
        if employer.kind == "public_institution":
            world.post_data(employer, 2026, PostLevel.DEPUTY_SENIOR, approved=40, hired=30)
            world.reserve(world.declaration(world.plan_a, employer, S.RECOMMENDED))


@pytest.mark.parametrize("units", [0, 12])
@pytest.mark.parametrize("page", ["reports:overview", "reports:export"])
@pytest.mark.parametrize("user", ["bureau_a", "office_a"])
def test_the_number_of_queries_does_not_grow_with_the_data(
    world, client, django_assert_max_num_queries, units, page, user
):
    populate(world, units)
    client.force_login(getattr(world, user))

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse(page), {"year": 2026})

    assert response.status_code == 200
