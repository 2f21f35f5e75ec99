from accounts.middleware import SESSION_KEY
from accounts.models import Membership, Role


def test_a_person_with_two_roles_can_switch_between_them(client, two_role_user):
    client.force_login(two_role_user)
    expert = Membership.objects.get(user=two_role_user, role=Role.EXPERT)

    first = client.get("/").content.decode()
    assert 'name="membership"' in first  # the switcher is offered
    assert "用人单位人事" in first or "Employer HR staff" in first

    response = client.post("/role/", {"membership": expert.pk}, follow=True)

    assert response.redirect_chain[-1][0] == "/"
    assert client.session[SESSION_KEY] == expert.pk
    assert response.context["membership"] == expert


def test_a_membership_of_someone_else_is_refused(client, two_role_user, make_user):
    stranger = make_user("li", real_name="李四")
    strangers_membership = Membership.objects.get(user=stranger)
    client.force_login(two_role_user)
    client.get("/")

    response = client.post("/role/", {"membership": strangers_membership.pk})

    assert response.status_code == 404
    assert SESSION_KEY not in client.session
    assert client.get("/").context["membership"].user == two_role_user


def test_a_malformed_choice_is_refused(client, two_role_user):
    client.force_login(two_role_user)

    assert client.post("/role/", {"membership": "1 OR 1=1"}).status_code == 404
    assert client.post("/role/", {}).status_code == 404


def test_an_inactive_membership_cannot_be_chosen(client, two_role_user):
    expert = Membership.objects.get(user=two_role_user, role=Role.EXPERT)
    expert.is_active = False
    expert.save()
    client.force_login(two_role_user)

    response = client.post("/role/", {"membership": expert.pk})

    assert response.status_code == 404


def test_a_person_with_one_role_gets_no_switcher(client, make_user):
    client.force_login(make_user("zhao"))

    assert 'name="membership"' not in client.get("/").content.decode()
