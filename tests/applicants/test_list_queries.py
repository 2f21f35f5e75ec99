"""Declaration lists cost the same number of queries for 3 declarations as for 30."""

from applicants.models import Declaration

S = Declaration.Status
READERS = ("employer", "office", "bureau")


def _add_declarations(world, start, stop):
    for number in range(start, stop):
        person = world.new_applicant(f"person{number}", number)
        world.advance(world.create(applicant=person), S.RECOMMENDED)


def _queries_per_list(world, api, django_assert_max_num_queries, expected):
    for who in READERS:
        client = api(getattr(world, who))
        with django_assert_max_num_queries(5):
            answer = client.get("/api/v1/declarations/")
        assert answer.data["count"] == expected
        with django_assert_max_num_queries(5):
            materials = client.get("/api/v1/declaration-materials/", {"page_size": 500})
        assert materials.data["count"] == expected * 6


def test_lists_run_a_constant_number_of_queries_for_3_or_30_declarations(
    world, api, django_assert_max_num_queries
):
    _add_declarations(world, 0, 3)
    _queries_per_list(world, api, django_assert_max_num_queries, 3)
    _add_declarations(world, 3, 30)
    _queries_per_list(world, api, django_assert_max_num_queries, 30)
