"""Whose credit hours each role finds in the hours list: a person their own, employer HR
their unit's people, a department or bureau the people of the units below it, and the HR of
an organization offering a course that course's records, whoever took it."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from accounts.models import User
from continuing_ed.models import SubjectKind
from continuing_ed.services import claim_hours, complete_enrolment, create_course, enrol_in_course

YEAR = 2020


@pytest.fixture
def hours(demo):
    users = demo["users"]
    hospital = users["hospital_hr"].memberships.get().organization

    def claim(person, activity):
        claim_hours(
            person=person,
            year=YEAR,
            activity=activity,
            subject_kind=SubjectKind.PROFESSIONAL,
            hours="8",
            ended_on=date(YEAR, 6, 30),
        )

    claim(users["applicant"], "enterprise applicant")
    claim(demo_user("applicant2"), "hospital applicant")
    claim(demo_user("applicant3"), "school applicant")
    claim(users["employer"], "enterprise HR themself")
    course = create_course(
        actor=users["hospital_hr"],
        name="hospital course, school applicant",
        subject_kind=SubjectKind.PROFESSIONAL,
        hours="16",
        starts_on=date(YEAR, 3, 1),
        ends_on=date(YEAR, 3, 4),
        provider_organization=hospital,
    )
    enrolment = enrol_in_course(person=demo_user("applicant3"), course=course)
    complete_enrolment(
        actor=users["hospital_hr"], enrolment=enrolment, completed_on=date(YEAR, 3, 4)
    )
    return users


def demo_user(username):
    return User.objects.get(username=username)


def listed(user):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    body = client.get("/api/v1/continuing-education/hours/", {"year": YEAR}).json()
    assert body["count"] == len(body["results"])
    return {record["activity"] for record in body["results"]}


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        ("applicant", {"enterprise applicant"}),
        ("employer", {"enterprise applicant", "enterprise HR themself"}),
        ("hospital_hr", {"hospital applicant", "hospital course, school applicant"}),
        ("school_hr", {"school applicant", "hospital course, school applicant"}),
        ("department", {"hospital applicant"}),
        (
            "bureau",
            {
                "enterprise applicant",
                "hospital applicant",
                "school applicant",
                "hospital course, school applicant",
            },
        ),
        ("office", set()),
        (
            "admin",
            {
                "enterprise applicant",
                "hospital applicant",
                "school applicant",
                "enterprise HR themself",
                "hospital course, school applicant",
            },
        ),
    ],
)
def test_each_role_lists_exactly_the_hours_it_may_see(hours, viewer, expected):
    assert listed(hours[viewer]) == expected
