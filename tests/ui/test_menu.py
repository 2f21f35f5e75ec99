"""Every entry of every role's menu opens a page, and the menu marks where the person is."""

import re

from django.urls import reverse

DEMO_USERNAMES = ["admin", "bureau", "department", "employer", "office", "applicant", "expert"]


def menu_entries(page):
    nav = re.search(r'<nav class="main-nav".*?</nav>', page, re.S).group(0)
    return re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', nav)


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
