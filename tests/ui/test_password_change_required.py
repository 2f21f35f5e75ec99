from datetime import date

from accounts.models import Role
from accounts.services import create_account
from fixtures.demo_cycle import resident_id
from tests.ui.conftest import PASSWORD


def test_an_account_created_by_someone_else_must_choose_a_password_first(
    client, organizations, make_user
):
    hr = make_user("hr", role=Role.EMPLOYER_HR)
    applicant = create_account(
        actor=hr,
        organization=organizations["unit"],
        role=Role.APPLICANT,
        username="newcomer",
        id_number=resident_id("630102", date(1990, 2, 3), 7),
        real_name="新人",
        password=PASSWORD,
    )
    assert applicant.must_change_password

    response = client.post("/login/", {"username": "newcomer", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/password/"
    page = response.content.decode()
    assert "请设置您自己的密码后继续" in page
    assert 'class="main-nav"' not in page  # the menu would only lead back here
    assert client.get("/").status_code == 302  # still held at the password form

    response = client.post(
        "/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Zx9!tree-river",
            "new_password2": "Zx9!tree-river",
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == "/password/done/"
    applicant.refresh_from_db()
    assert not applicant.must_change_password
    assert applicant.check_password("Zx9!tree-river")
    assert client.get("/").status_code == 200


def test_a_wrong_current_password_changes_nothing(client, make_user):
    user = make_user("zhang")
    client.force_login(user)

    response = client.post(
        "/password/",
        {
            "old_password": "nope",
            "new_password1": "Zx9!tree-river",
            "new_password2": "Zx9!tree-river",
        },
    )

    assert response.status_code == 200
    assert "你的旧密码不正确。请重新输入。" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
