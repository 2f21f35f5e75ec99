def test_pages_are_chinese_by_default_even_for_an_english_browser(client, db):
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()

    assert '<html lang="zh-hans">' in page
    assert "职称评审管理系统" in page
    assert "登录" in page


def test_the_language_switch_turns_the_product_english_and_back(client, make_user):
    client.force_login(make_user("zhang", real_name="张三"))

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    page = response.content.decode()

    assert '<html lang="en">' in page
    assert "Hello, 张三" in page
    assert "Professional Title Evaluation" in page
    assert "Applicant" in page

    page = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"}, follow=True)
    assert "您好，张三" in page.content.decode()


def test_the_language_can_be_chosen_before_signing_in(client, db):
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "/login/?next=/"}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/login/?next=/"
    assert "Sign in" in response.content.decode()
