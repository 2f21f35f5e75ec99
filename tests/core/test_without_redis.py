"""With Redis unreachable the public verification page, sign-in and a bureau's home page still
answer: the cache reads as empty, and the verification rate limit lets requests through and
says in the log that it is not enforced."""

import pytest
from django.core.cache import cache

from accounts.models import Role
from certificates import rate_limit
from core import cache as resilient
from tests.core.outage import CapturedLog, unreachable_cache
from tests.factories import PASSWORD, AccountFactory, OrganizationFactory
from titles import working_days


@pytest.fixture
def redis_down(settings, monkeypatch):
    settings.CACHES = unreachable_cache()
    settings.VERIFY_RATE_LIMIT = "1/m"
    # The warning is written once a minute per process; this test wants to see it.
    monkeypatch.setattr(rate_limit.verification_limit._warn_not_enforced, "last", None)
    # The calendar asks the cache for other processes' changes at most every 30 seconds.
    monkeypatch.setattr(working_days._overrides, "checked_at", 0.0)


@pytest.fixture
def bureau_staff(db):
    return AccountFactory(organization=OrganizationFactory(), role=Role.HR_BUREAU)


def test_the_verification_page_answers_and_the_log_says_the_limit_is_off(client, db, redis_down):
    with CapturedLog("core.rate_limit") as log:
        pages = [client.get("/verify/SF-2027-GC-999999/") for _ in range(3)]

    assert [page.status_code for page in pages] == [200, 200, 200]  # beyond 1/m: not limited
    assert log.messages() == [
        "Rate limit certificates:verify not enforced: the cache is unreachable "
        "(Error 111 connecting to 127.0.0.1:6390. Connection refused.)."
    ]


def test_sign_in_and_the_bureau_home_page_answer(client, bureau_staff, redis_down):
    assert client.get("/login/").status_code == 200

    signed_in = client.post("/login/", {"username": bureau_staff.username, "password": PASSWORD})

    assert signed_in.status_code == 302
    home = client.get(signed_in["Location"])
    assert home.status_code == 200
    assert home.context["user"] == bureau_staff


def test_the_cache_reads_as_empty_and_logs_it_once(db, redis_down, monkeypatch):
    monkeypatch.setattr(resilient._unreachable, "last", None)
    with CapturedLog("core.cache") as log:
        cache.set("anything", 1)
        assert cache.get("anything", "missing") == "missing"
        assert cache.add("anything", 1) is False

    assert len(log.records) == 1
    assert log.messages() == [
        "Cache unreachable (set: Error 111 connecting to 127.0.0.1:6390. Connection refused.); "
        "answering as if empty."
    ]
