from continuing_ed.models import SubjectKind


def test_lists_take_a_fixed_number_of_queries_whatever_their_length(
    client, applicant, employer_hr, certified_hours, django_assert_max_num_queries
):
    for year in range(2019, 2026):
        certified_hours(applicant, year, "60")
        certified_hours(applicant, year, "30", SubjectKind.GENERAL)
        certified_hours(applicant, year, "4", certify=False)

    client.force_login(applicant)
    with django_assert_max_num_queries(15):
        assert client.get("/continuing-education/", {"from_year": 2019}).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/continuing-education/hours/").json()["count"] == 21

    client.force_login(employer_hr)
    with django_assert_max_num_queries(15):
        page = client.get("/continuing-education/review/")
    assert page.content.decode().count('name="reason"') == 7
