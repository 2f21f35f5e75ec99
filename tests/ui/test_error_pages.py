"""Pages that are not found, refused or fail answer in the person's language with the site's
look and a way back (home; sign-in when nobody is signed in); the API answers the same
errors in its JSON shape. DEBUG is off in tests, so these are the production answers."""

import pytest
from django.test import Client, RequestFactory
from django.utils import translation

from accounts.models import Role
from core.error_pages import server_error

HOME_LINK = '<a class="button" href="/">'


@pytest.fixture
def failing(settings):
    settings.ROOT_URLCONF = "tests.ui.failing_urls"
    return Client(raise_request_exception=False)


def test_not_found_in_chinese_with_the_way_home_and_the_header(client, make_user):
    client.force_login(make_user("zhang"))

    response = client.get("/no-such-page/")

    page = response.content.decode()
    assert response.status_code == 404
    assert '<h1 id="error-heading">页面不存在</h1>' in page
    assert HOME_LINK + "返回首页</a>" in page
    assert "/static/css/app.css" in page
    assert 'href="/notifications/"' in page  # the header and menu of every page
    assert "/login/?next=" not in page


def test_not_found_in_english_offers_sign_in_to_someone_signed_out(client, db):
    client.cookies["django_language"] = "en"

    page = client.get("/no-such-page/").content.decode()

    assert "Page not found" in page
    assert HOME_LINK + "Back to the home page</a>" in page
    assert '<a class="button secondary" href="/login/?next=/no-such-page/">Sign in</a>' in page


def test_a_refusal_says_why_in_the_persons_language(client, make_user):
    client.force_login(make_user("li", role=Role.EMPLOYER_HR, real_name="李四"))

    response = client.get("/declarations/new/")

    page = response.content.decode()
    assert response.status_code == 403
    assert "无权操作" in page
    with translation.override("zh-hans"):
        assert translation.gettext("Only applicants file declarations.") in page
    assert HOME_LINK + "返回首页</a>" in page


def test_a_failure_is_a_page_of_the_site_in_the_persons_language(failing, db):
    response = failing.get("/boom/")

    page = response.content.decode()
    assert response.status_code == 500
    assert "系统出错了" in page and HOME_LINK + "返回首页</a>" in page
    assert "/static/css/app.css" in page

    failing.cookies["django_language"] = "en"
    assert "Something went wrong" in failing.get("/boom/").content.decode()


def test_the_failure_page_needs_no_database():
    """Without the `db` fixture, pytest-django refuses any query: the page makes none."""
    request = RequestFactory().get("/anything/")

    with translation.override("en"):
        response = server_error(request)

    assert response.status_code == 500
    assert '<html lang="en">' in response.content.decode()


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [("/api/v1/no-such-thing/", 404, "not_found"), ("/api/v1/boom/", 500, "error")],
)
def test_the_api_keeps_answering_json(failing, db, url, status, code):
    response = failing.get(url)

    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"detail", "code", "errors"}
    assert body["code"] == code and body["detail"] and body["errors"] == {}
