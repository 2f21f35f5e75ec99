"""Every page each demo role reaches, in Chinese and in English: no server error, no term used
against the glossary (docs/glossary.md), no English of the catalogue showing through on a
Chinese page, no stored code where a label belongs. The pages are found as a person finds
them: from the home page and the menu, following links of the same site to a few steps deep,
GET only, a couple of objects of each kind."""

import re
from collections import Counter
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings as django_settings

from accounts.models import User
from core.choice_codes import choice_labels
from fixtures.demo_continuing_ed import load_demo_continuing_ed
from fixtures.demo_declarations import load_demo_declarations
from tests.certificates.conftest import TEST_SIGNING_KEY
from tests.ui import glossary_rules

# One account of each role, and applicants at the stages that have pages of their own.
ACCOUNTS = [
    "admin",
    "bureau",
    "department",
    "employer",
    "office",
    "expert",
    "applicant",
    "zhoumin",
    "machao",
]
DEPTH = 3
PER_KIND = 1  # pages of one address shape (/declarations/<n>/) visited per account
PER_ACCOUNT = 45
NOT_PAGES = re.compile(
    r"^/(?:logout|i18n|admin|api|static|media)/|/logout/|download|/export|/file/|/pdf/|"
    r"\.(?:pdf|xlsx|json|csv|png|jpe?g)(?:\?|$)"
)
# Pages alike for everyone (one's own account, the public catalogue): checked once.
ALIKE_FOR_EVERYONE = re.compile(r"^/(?:account|password|titles|verify|privacy)/")
HREF = re.compile(r'<a\b[^>]*\bhref="([^"#]*)(?:#[^"]*)?"', re.I)


UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def address_shape(url: str) -> str:
    path = UUID.sub("U", urlsplit(url).path)
    return re.sub(r"\d+", "N", path) + ("?" if urlsplit(url).query else "")


def links(page: str, here: str) -> list[str]:
    found = []
    for href in HREF.findall(page):
        href = href.replace("&amp;", "&")
        if not href or href.startswith(("mailto:", "tel:", "javascript:")):
            continue
        url = urljoin(here, href)
        if url.startswith("http") or url.startswith("//") or NOT_PAGES.search(url):
            continue
        found.append(url)
    return found


def crawl(
    client, checked_already: set[str], *, depth=DEPTH, per_account=PER_ACCOUNT
) -> dict[str, str]:
    """Address → Chinese page, breadth first from the home page."""
    seen, shapes, pages = {"/"} | checked_already, Counter(), {}
    frontier = ["/"]
    for _depth in range(depth + 1):
        following = []
        for url in frontier:
            if len(pages) >= per_account:
                return pages
            response = client.get(url)
            pages[url] = response
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            for link in links(response.content.decode(), url):
                if link in seen or shapes[address_shape(link)] >= PER_KIND:
                    continue
                seen.add(link)
                shapes[address_shape(link)] += 1
                following.append(link)
        frontier = following
    return pages


def use_language(client, code):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = code


@pytest.fixture
def demo_with_declarations(demo):
    """The demo with what `make demo` adds that needs no days to pass: continuing-education
    records and the current plan's declarations at each stage."""
    load_demo_continuing_ed(demo)
    load_demo_declarations(demo)
    return demo


def check_every_page(client, usernames_to_walk, **crawling) -> tuple[list[str], dict]:
    """Crawl each account's pages in Chinese, then read them again in English; the problems
    found and, per account, the pages visited with their answers."""
    client.raise_request_exception = False  # a server error is reported with the others
    accounts = {user.username: user for user in User.objects.filter(username__in=usernames_to_walk)}
    usernames = set(User.objects.values_list("username", flat=True))
    codes = frozenset(code for code in choice_labels() if re.fullmatch(r"[a-z][a-z0-9_]*", code))
    problems, visited, alike = [], {}, set()
    for username in usernames_to_walk:
        client.force_login(accounts[username])
        use_language(client, "zh-hans")
        pages = crawl(client, alike, **crawling)
        alike |= {url for url in pages if ALIKE_FOR_EVERYONE.search(url)}
        visited[username] = {url: response.status_code for url, response in pages.items()}
        for url, response in pages.items():
            where = f"{username} zh {url}"
            if response.status_code >= 500:
                problems.append(f"{where}: server error {response.status_code}")
                continue
            if response.status_code == 404:
                problems.append(f"{where}: a link leads to a missing page")
                continue
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            page = response.content.decode()
            problems += [f"{where}: {v}" for v in glossary_rules.glossary_violations(url, page)]
            problems += [
                f"{where}: untranslated {v}"
                for v in glossary_rules.untranslated(page, allowed=usernames)
            ]
            problems += [
                f"{where}: raw code {v}"
                for v in glossary_rules.raw_codes(page, codes, chinese=True, allowed=usernames)
            ]
        use_language(client, "en")
        for url in pages:
            response = client.get(url)
            where = f"{username} en {url}"
            if response.status_code >= 500:
                problems.append(f"{where}: server error {response.status_code}")
            elif response.status_code == 200 and "html" in response.get("Content-Type", ""):
                problems += [
                    f"{where}: raw code {v}"
                    for v in glossary_rules.raw_codes(
                        response.content.decode(), codes, chinese=False, allowed=usernames
                    )
                ]
        client.logout()
        client.cookies.pop(django_settings.LANGUAGE_COOKIE_NAME, None)
    print(
        "\n".join(
            f"{name}: {len(urls)} pages: {' '.join(sorted(urls))}" for name, urls in visited.items()
        )
    )
    return problems, visited


def test_every_page_of_every_role_in_both_languages(client, demo_with_declarations, settings):
    settings.CERTIFICATE_SIGNING_KEY = TEST_SIGNING_KEY  # as `make demo` has one
    problems, visited = check_every_page(client, ACCOUNTS)
    assert all(len(urls) > 3 for urls in visited.values()), visited
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_the_catalogue_follows_the_glossary():
    entries = {(entry.msgctxt, entry.msgid): entry for entry in glossary_rules.catalogue()}
    problems = []
    for rule in glossary_rules.catalogue_rules():
        entry = entries.get((rule.context, rule.msgid))
        if entry is None:
            problems.append(f"{rule.context}|{rule.msgid}: not in the catalogue")
            continue
        if rule.must_not and rule.must_not in entry.msgstr:
            problems.append(f"{rule.context}|{rule.msgid} = {entry.msgstr}: has {rule.must_not}")
        if rule.must and rule.must not in entry.msgstr:
            problems.append(f"{rule.context}|{rule.msgid} = {entry.msgstr}: lacks {rule.must}")
    assert not problems, "\n".join(problems)


def test_the_rules_are_read_from_the_glossary():
    assert len(glossary_rules.page_rules()) >= 10
    assert len(glossary_rules.catalogue_rules()) >= 20
    rule = next(r for r in glossary_rules.page_rules() if "激活时间" in r.pattern.pattern)
    assert rule.pattern.search('<span class="badge success">激活时间</span>')
    assert not rule.pattern.search('<span class="badge success">已激活</span>')
