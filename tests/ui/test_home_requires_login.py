from accounts.models import Role


def test_a_visitor_is_sent_to_the_sign_in_page(client, db):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"


def test_a_signed_in_person_sees_their_name_and_role(client, make_user):
    user = make_user("zhang", role=Role.APPLICANT, real_name="张三")
    client.force_login(user)

    page = client.get("/").content.decode()

    assert "您好，张三" in page
    assert "申报人" in page
    assert "示范研究院" in page
