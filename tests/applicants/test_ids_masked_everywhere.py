"""Masked by default: every page, API list and export that a bureau, office, employer,
department or expert can open in the demo year shows no other person's whole ID number or
phone number. The pages are found by walking them: every page without parameters, then every
link of the product the pages lead to; the API by every GET route of the router, lists and
the details of what they list. Exports are made as each role may, with the default choice."""

import io
import re
import zipfile
from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from config.urls import api_router
from core.masking import mask_id_number, mask_phone
from tests.id_numbers_world import IdNumbersWorld

ROLES = ("office", "bureau", "employer", "department", "expert")
# Not pages of the product, or not for these roles: sign-out ends the walk's session.
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/i18n/", "/logout/", "/api/docs/")
PAGE_LIMIT = 400
DETAILS_PER_LIST = 5
HREF = re.compile(r'(?:href|action|data-status-url)="(/[^"#]*)"')
# Responses whose text is checked; a PDF is the certificate itself, a proof file the
# applicant's own upload: neither is a page, a list or an export.
TEXT_TYPES = ("text/html", "application/json", "text/plain")
XLSX_TYPE = "spreadsheetml"


@pytest.fixture
def world(demo, settings, django_capture_on_commit_callbacks):
    return IdNumbersWorld(demo, settings, django_capture_on_commit_callbacks)


def body_text(response) -> str | None:
    """What a reader of the response sees, as text; None for files not checked here."""
    content_type = response.get("Content-Type", "")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if XLSX_TYPE in content_type or content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "".join(
                archive.read(name).decode("utf-8", "replace")
                for name in archive.namelist()
                if name.endswith(".xml")
            )
    if any(kind in content_type for kind in TEXT_TYPES):
        return content.decode("utf-8", "replace")
    return None


def pages_without_parameters(patterns=None, prefix="") -> list[str]:
    patterns = get_resolver().url_patterns if patterns is None else patterns
    found = []
    for entry in patterns:
        route = str(entry.pattern)
        if "<" in route or "(?P" in route or "^" in route or "\\" in route:
            continue
        if isinstance(entry, URLResolver):
            found += pages_without_parameters(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            found.append("/" + prefix + route)
    return [url for url in found if not url.startswith(("/api/", *SKIPPED_PREFIXES))]


def walk_pages(client, starts) -> dict[str, str]:
    """GET every page reachable from `starts` by the product's own links: {url: text}."""
    seen, texts, queue = set(), {}, list(starts)
    while queue and len(seen) < PAGE_LIMIT:
        url = queue.pop(0)
        if url in seen or url.startswith(SKIPPED_PREFIXES) or "/api/" in url:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code in (301, 302):
            location = urlsplit(response["Location"])
            if not location.netloc:
                queue.append(location.path + (f"?{location.query}" if location.query else ""))
            continue
        text = body_text(response)
        if text is None:
            continue
        texts[url] = text
        if "text/html" in response.get("Content-Type", ""):
            queue += [link.replace("&amp;", "&") for link in HREF.findall(text)]
    return texts


def api_routes():
    """(prefix, route, lookup field) of every GET route of the API router."""
    for prefix, viewset, _basename in api_router.registry:
        for route in api_router.get_routes(viewset):
            if "get" in route.mapping:
                yield prefix, route, getattr(viewset, "lookup_field", "pk")


def walk_api(api, plan_id) -> dict[str, str]:
    texts, ids = {}, {}
    details = []
    for prefix, route, lookup in api_routes():
        url = "/" + route.url.strip("^$").format(prefix=prefix, lookup="{id}", trailing_slash="/")
        url = "/api/v1" + url
        if "{id}" in url:
            details.append((prefix, url, lookup))
            continue
        response = api.get(url, {"plan": plan_id} if "roster" in url else {})
        text = body_text(response)
        if text is None:
            continue
        texts[url] = text
        if response.status_code == 200 and "json" in response.get("Content-Type", ""):
            data = response.json()
            rows = data.get("results", []) if isinstance(data, dict) else data
            if isinstance(rows, list) and url == f"/api/v1/{prefix}/":
                ids[prefix] = [row["id"] for row in rows if isinstance(row, dict) and "id" in row]
    for prefix, url, lookup in details:
        if lookup not in ("pk", "id"):
            continue
        for pk in ids.get(prefix, [])[:DETAILS_PER_LIST]:
            detail = url.replace("{id}", str(pk))
            text = body_text(api.get(detail))
            if text is not None:
                texts[detail] = text
    return texts


def leaks(texts, secrets) -> list[tuple[str, int]]:
    return [
        (url, person)
        for url, text in texts.items()
        for secret, person in secrets.items()
        if secret in text
    ]


@pytest.mark.parametrize("role", ROLES)
def test_no_page_shows_another_persons_whole_id_or_phone_number(world, client, role):
    viewer = getattr(world, role)
    client.force_login(viewer)

    texts = walk_pages(client, ["/", *pages_without_parameters()])

    assert leaks(texts, world.secrets_of_others(viewer)) == []
    assert len(texts) > 10, sorted(texts)


def test_the_walk_reaches_the_pages_that_hold_id_and_phone_numbers(world, client):
    """The walk is no walk if it misses the pages that show the numbers, masked."""
    declaration, certificate = world.declarations[0], world.certificates[0]
    client.force_login(world.office)
    office = walk_pages(client, ["/", *pages_without_parameters()])
    client.force_login(world.bureau)
    bureau = walk_pages(client, ["/", *pages_without_parameters()])
    client.force_login(world.employer)
    employer = walk_pages(client, ["/", *pages_without_parameters()])

    assert (
        mask_id_number(declaration.applicant.id_number)
        in office[f"/declarations/{declaration.pk}/"]
    )
    assert mask_id_number(certificate.id_number) in bureau[f"/certificates/{certificate.pk}/"]
    applicants = employer["/manage/applicants/"]
    named = world.named_by_number
    assert applicants.count(mask_id_number(named.id_number)) == 1
    # An account created without a username gets a generated one, never the ID number.
    assert named.username in applicants and named.id_number not in named.username
    assert mask_phone(named.phone) == "139****5678" and "139****5678" in applicants


@pytest.mark.parametrize("role", ROLES)
def test_no_api_list_or_detail_shows_another_persons_whole_id_or_phone_number(world, role):
    viewer = getattr(world, role)
    api = APIClient()
    api.force_authenticate(viewer)

    texts = walk_api(api, world.plan.pk)

    assert leaks(texts, world.secrets_of_others(viewer)) == []
    assert "/api/v1/accounts/" in texts and "/api/v1/certificates/" in texts


def test_the_api_walk_sees_the_masked_numbers(world):
    api = APIClient()
    api.force_authenticate(world.employer)
    accounts = walk_api(api, world.plan.pk)["/api/v1/accounts/"]
    assert mask_id_number(world.named_by_number.id_number) in accounts
    assert "139****5678" in accounts

    api.force_authenticate(world.bureau)
    certificates = walk_api(api, world.plan.pk)
    certificate = world.certificates[0]
    assert (
        mask_id_number(certificate.id_number)
        in certificates[f"/api/v1/certificates/{certificate.pk}/"]
    )


def _job_file(client, response) -> str:
    job = client.get(response["Location"]).context["job"]
    assert job.status == "succeeded", job.message
    return body_text(client.get(f"/jobs/{job.pk}/download/"))


@pytest.mark.parametrize("role", ("office", "bureau"))
def test_every_export_masks_by_default(world, client, role, django_capture_on_commit_callbacks):
    viewer = getattr(world, role)
    client.force_login(viewer)
    secrets = world.secrets_of_others(viewer)
    files = {}
    with django_capture_on_commit_callbacks(execute=True):
        table = client.post("/certificates/export.xlsx")
    files["certificate table"] = _job_file(client, table)
    api = APIClient()
    api.force_authenticate(viewer)
    files["certificate table (API)"] = body_text(api.get("/api/v1/certificates/export/"))
    if role == "office":
        with django_capture_on_commit_callbacks(execute=True):
            roster = client.post(f"/declarations/plans/{world.plan.pk}/roster/")
        files["roster"] = _job_file(client, roster)
        files["roster (download)"] = body_text(
            client.get(f"/declarations/plans/{world.plan.pk}/roster.xlsx")
        )
        files["roster (API)"] = body_text(
            api.get("/api/v1/declarations/roster/", {"plan": world.plan.pk})
        )
        files["meeting roster (API)"] = body_text(
            api.get(f"/api/v1/meetings/{world.meeting.pk}/roster/")
        )

    assert leaks(files, secrets) == []
    masked = {mask_id_number(certificate.id_number) for certificate in world.certificates}
    for name, text in files.items():
        assert text is not None, name
        assert all(number in text for number in masked), name
