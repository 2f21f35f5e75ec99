"""Each role sees only its own declarations: the applicant theirs, a unit its people's once
submitted, a department its units' once recommended, an office its plans' once they reached
it. Anything else is not found."""

import pytest

from applicants.models import Declaration

S = Declaration.Status


@pytest.fixture
def three(world):
    return {
        "draft": world.create(),
        "hospital": world.advance(
            world.create(applicant=world.hospital_applicant), S.DEPARTMENT_REVIEW
        ),
        "school": world.advance(world.create(applicant=world.school_applicant), S.RECOMMENDED),
    }


def listed(api, user):
    return {row["id"] for row in api(user).get("/api/v1/declarations/").data["results"]}


def test_each_role_lists_only_what_it_may_see(world, api, three):
    ids = {name: declaration.pk for name, declaration in three.items()}
    assert listed(api, world.applicant) == {ids["draft"]}
    assert listed(api, world.employer) == set()  # a draft is the applicant's alone
    assert listed(api, world.hospital_hr) == {ids["hospital"]}
    assert listed(api, world.school_hr) == {ids["school"]}
    assert listed(api, world.department) == {ids["hospital"]}
    assert listed(api, world.office) == {ids["school"]}
    assert listed(api, world.bureau) == {ids["school"]}
    assert listed(api, world.expert) == set()


def test_a_stranger_gets_not_found_for_details_findings_trail_and_moves(world, api, three):
    school = three["school"].pk
    stranger = api(world.hospital_hr)
    for path in ("", "findings/", "audit-trail/", "materials/"):
        assert stranger.get(f"/api/v1/declarations/{school}/{path}").status_code == 404
    assert stranger.post(f"/api/v1/declarations/{school}/qualify/").status_code == 404
    assert api(world.applicant).get(f"/api/v1/declarations/{school}/").status_code == 404
    assert Declaration.objects.get(pk=school).status == S.RECOMMENDED


def test_the_applicant_cannot_edit_after_submitting(world, api):
    declaration = world.advance(world.create(), S.SUBMITTED)
    answer = api(world.applicant).patch(
        f"/api/v1/declarations/{declaration.pk}/", {"professional_years": 30}, format="json"
    )
    assert answer.status_code == 400
    declaration.refresh_from_db()
    assert declaration.professional_years == 16


def test_one_live_declaration_per_plan(world, api):
    world.create()
    answer = api(world.applicant).post(
        "/api/v1/declarations/",
        {"plan": world.plan.pk, "title": world.intermediate.pk, "specialty": world.specialty.pk},
        format="json",
    )
    assert answer.status_code == 400
    assert Declaration.objects.count() == 1


def test_a_title_obtained_by_examination_cannot_be_declared(world, api):
    from titles.models import Level, TitleName

    exam_title = TitleName.objects.get(series__code="WS", level=Level.INTERMEDIATE)
    world.plan.titles.add(exam_title)
    answer = api(world.applicant).post(
        "/api/v1/declarations/",
        {
            "plan": world.plan.pk,
            "title": exam_title.pk,
            "specialty": exam_title.series.specialties.first().pk,
        },
        format="json",
    )
    assert answer.status_code == 400
    assert "examination" in str(answer.data) or "考试" in str(answer.data)


def test_a_closed_plan_takes_no_declarations(world, api):
    world.plan.status = "closed"
    world.plan.save()
    answer = api(world.applicant).post(
        "/api/v1/declarations/",
        {"plan": world.plan.pk, "title": world.senior.pk, "specialty": world.specialty.pk},
        format="json",
    )
    assert answer.status_code == 400
    assert not Declaration.objects.exists()


def test_a_bureau_sees_its_freelancers_and_what_reached_the_offices_of_its_subtree(world, api):
    """A county bureau sees the freelancers declaring through it once submitted; a bureau at or
    above the plan's organizer sees what reached the office, a sibling or lower bureau does not.
    An administrator's role reads like a bureau."""
    from accounts.models import Organization, Role
    from tests.factories import AccountFactory, OrganizationFactory

    city = world.bureau.memberships.get().organization
    Kind = Organization.Kind

    def bureau(name, parent, kind):
        return OrganizationFactory(parent=parent, name=name, kind=kind)

    def staff(username, organization, role):
        return AccountFactory(username=username, organization=organization, role=role)

    county = bureau("示范县人力资源和社会保障局", city, Kind.COUNTY_BUREAU)
    sibling = bureau("对照市人力资源和社会保障局", city.parent, Kind.CITY_BUREAU)
    county_bureau = staff("county_bureau", county, Role.HR_BUREAU)
    province_bureau = staff("province_bureau", city.parent, Role.HR_BUREAU)
    sibling_bureau = staff("sibling_bureau", sibling, Role.HR_BUREAU)
    city_admin = staff("city_admin", city, Role.ADMIN)
    freelance = world.create(applicant=world.new_applicant("freelancer", 7, unit=county))
    hospital = world.advance(world.create(applicant=world.hospital_applicant), S.SUBMITTED)
    school = world.advance(world.create(applicant=world.school_applicant), S.RECOMMENDED)

    assert listed(api, county_bureau) == set()  # a draft is the applicant's alone
    world.advance(freelance, S.SUBMITTED)
    assert listed(api, county_bureau) == {freelance.pk}
    assert listed(api, world.bureau) == {school.pk}
    assert listed(api, city_admin) == {school.pk}
    assert listed(api, province_bureau) == {school.pk}
    assert listed(api, sibling_bureau) == set()
    assert hospital.pk in listed(api, world.hospital_hr)
