"""Every page of the demo's whole year (`manage.py load_demo`: meetings held, scored, balloted
and confirmed, results publicized with an objection, filed, certified, one certificate revoked),
crawled as each role finds it, in Chinese and in English, with the checks of
test_every_page_in_both_languages; and the crawl reaches every page of a meeting, a filing
and a certificate that a person opens by following links."""

import pytest
from django.core.management import call_command
from django.utils import translation

from tests.certificates.conftest import TEST_SIGNING_KEY
from tests.ui.test_every_page_in_both_languages import address_shape, check_every_page

pytestmark = pytest.mark.django_db(transaction=True)

ACCOUNTS = ["office", "bureau", "expert", "expert02", "employer", "sunhao", "admin"]
# The pages of a meeting, a filing and a certificate a person opens from a link once the year
# has happened. An expert's review and ballot pages close with the meeting, so a finished
# year has none.
EVERY_YEAR_PAGE = {
    "/juries/",
    "/juries/meetings/N/",
    "/juries/meetings/N/panel/",
    "/juries/meetings/N/scores/",
    "/juries/meetings/N/minutes/",
    "/juries/seats/N/",
    "/juries/objections/",
    "/juries/objections/N/",
    "/juries/publicity/",
    "/juries/publicity/U/",
    "/juries/results/",
    "/juries/juries/N/",
    "/certificates/",
    "/certificates/N/",
    "/certificates/filings/",
    "/certificates/filings/N/",
    "/documents/evaluation-forms/",
    "/verify/SF-N-GC-N/",
    "/audit/",
}


def test_every_page_of_the_whole_year_in_both_languages(client, capsys, settings):
    settings.CERTIFICATE_SIGNING_KEY = TEST_SIGNING_KEY  # as `make demo` has one
    with translation.override(settings.LANGUAGE_CODE):  # as `make demo` runs
        call_command("load_demo")
    capsys.readouterr()
    problems, visited = check_every_page(client, ACCOUNTS, depth=5, per_account=200)
    reached = {
        address_shape(url)
        for urls in visited.values()
        for url, status in urls.items()
        if status == 200
    }
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
    assert reached >= EVERY_YEAR_PAGE, sorted(EVERY_YEAR_PAGE - reached)
