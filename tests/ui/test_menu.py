"""Every entry of every role's menu opens a page, and the menu marks where the person is; the
entries stand in groups under headings, each role's own."""

import re

from django.urls import reverse, set_script_prefix

DEMO_USERNAMES = ["admin", "bureau", "department", "employer", "office", "applicant", "expert"]


def menu_html(page):
    return re.search(r'<nav class="main-nav".*?</nav>', page, re.S).group(0)


def menu_entries(page):
    return re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', menu_html(page))


def menu_groups(page):
    """[(heading, [entry labels])] in the order shown; the heading is "" above every group."""
    groups = []
    for group in re.findall(r'<div class="nav-group">(.*?)</ul>', menu_html(page), re.S):
        heading = re.search(r'<span class="nav-heading"[^>]*>([^<]+)</span>', group)
        labels = re.findall(r"<a [^>]+>([^<]+)</a>", group)
        groups.append((heading.group(1) if heading else "", labels))
    return groups


def test_each_menu_entry_of_each_demo_role_opens_and_is_marked_current(client, demo):
    for username in DEMO_USERNAMES:
        client.force_login(demo["users"][username])
        entries = menu_entries(client.get("/").content.decode())
        assert entries[0][:2] == ("/", ' aria-current="page"'), username

        for url, _current, label in entries[1:]:
            response = client.get(url)
            assert response.status_code == 200, f"{username}: {label} ({url})"
            marked = [entry for entry in menu_entries(response.content.decode()) if entry[1]]
            assert [entry[0] for entry in marked] == [url], f"{username}: {label} ({url})"


def test_menus_differ_by_role(client, demo):
    def urls(username):
        client.force_login(demo["users"][username])
        return {url for url, _current, _label in menu_entries(client.get("/").content.decode())}

    organizations = reverse("manage:organizations")
    assert organizations in urls("bureau")
    assert organizations not in urls("applicant")


def test_the_menu_is_grouped_under_headings_in_each_role_s_words(client, demo):
    client.force_login(demo["users"]["bureau"])
    groups = menu_groups(client.get("/").content.decode())
    assert groups[0] == ("", ["首页"])
    headings = [heading for heading, _labels in groups[1:]]
    assert len(headings) == len(set(headings)) >= 5
    assert "系统管理" in headings
    everything = dict(groups)
    assert "机构" in everything["系统管理"]
    assert all(labels for _heading, labels in groups)

    client.force_login(demo["users"]["applicant"])
    page = client.get("/", headers={"accept-language": "en"}).content.decode()
    applicant = dict(menu_groups(page))
    assert applicant["我的申报"][0] == "申报"

    # The phone's menu button names the page the person is on.
    button = re.search(r'<button type="button" class="nav-toggle".*?</button>', page, re.S)
    assert 'aria-controls="main-nav-groups"' in button.group(0)
    assert '<span class="nav-toggle-current">首页</span>' in button.group(0)


def test_the_menu_follows_the_address_the_site_is_served_under_and_the_language(client, demo):
    # The menu's addresses are reversed once per process: each prefix still gets its own.
    client.force_login(demo["users"]["employer"])
    plain = menu_entries(client.get("/").content.decode())
    set_script_prefix("/zhicheng/")  # as the WSGI handler does for SCRIPT_NAME=/zhicheng
    try:
        prefixed = menu_entries(client.get("/").content.decode())
    finally:
        set_script_prefix("/")
    again = menu_entries(client.get("/").content.decode())

    assert [url for url, _c, _l in prefixed] == [f"/zhicheng{url}" for url, _c, _l in plain]
    assert again == plain
    client.cookies["django_language"] = "en"
    english = menu_entries(client.get("/").content.decode())
    assert [url for url, _c, _l in english] == [url for url, _c, _l in plain]
    assert english[0][2] == "Home" and plain[0][2] == "首页"
