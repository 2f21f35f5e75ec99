"""A job is seen by the person who started it and by their colleagues in the same role at the
same organization; for anyone else its page, its status and its file do not exist."""

import pytest


def addresses(job):
    return [f"/jobs/{job.pk}/", f"/jobs/{job.pk}/status.json", f"/jobs/{job.pk}/download/"]


@pytest.fixture
def export(started):
    """A finished quota export, which has a file to download."""
    return started("quotas.quota_export")


def test_the_requester_and_a_colleague_in_the_same_role_see_the_job(
    export, signed_in, tree, colleague
):
    for person in (tree.company_hr, colleague):
        client = signed_in(person)
        assert [client.get(address).status_code for address in addresses(export)] == [200] * 3


def test_anyone_else_is_told_the_job_does_not_exist(export, signed_in, tree):
    # The unit's applicant (same organization, another role), another unit's HR (same role,
    # another organization) and the bureau above the unit.
    for person in (tree.applicant, tree.other_hr, tree.bureau):
        client = signed_in(person)
        assert [client.get(address).status_code for address in addresses(export)] == [404] * 3


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(export, client):
    for address in addresses(export):
        response = client.get(address)
        assert response.status_code == 302 and "/login" in response["Location"]


def test_a_job_started_in_a_role_its_page_does_not_share_stays_the_requesters_alone(
    signed_in, tree, colleague, django_capture_on_commit_callbacks
):
    # The certificate table is shared among bureau, office and administrator staff; an
    # employer's HR exporting it (their own unit's holders at most) shares it with nobody.
    client = signed_in(tree.company_hr)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/certificates/export.xlsx")

    assert client.get(started["Location"]).status_code == 200
    assert signed_in(colleague).get(started["Location"]).status_code == 404


def test_my_jobs_lists_only_my_own(started, signed_in, colleague):
    mine = started()
    theirs = started(user=colleague)
    client = signed_in(colleague)

    listed = [job.pk for job in client.get("/jobs/").context["page"].object_list]

    assert listed == [theirs.pk]
    assert mine.pk not in listed
