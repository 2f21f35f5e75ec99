def test_a_wrong_password_is_explained_in_chinese(client, make_user):
    make_user("zhang")

    response = client.post("/login/", {"username": "zhang", "password": "wrong"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "请输入一个正确的用户名和密码" in page
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_is_explained_in_english_after_switching(client, make_user):
    make_user("zhang")
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})

    page = client.post("/login/", {"username": "zhang", "password": "wrong"}).content.decode()

    assert "Please enter a correct username and password" in page


def test_an_empty_field_is_marked_next_to_the_field(client, db):
    page = client.post("/login/", {"username": "", "password": ""}).content.decode()

    assert 'id="id_username_error"' in page
    assert 'aria-invalid="true"' in page
    assert "该字段是必填项。" in page


def test_the_right_password_leads_home(client, make_user):
    from tests.ui.conftest import PASSWORD

    make_user("zhang", real_name="张三")

    response = client.post("/login/", {"username": "zhang", "password": PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == "/"
    assert "您好，张三" in response.content.decode()
