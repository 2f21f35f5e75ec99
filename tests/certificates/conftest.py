"""Fixtures for filing and certificates: a signing key made for the run, and publicized
results of a review meeting, created in bulk so that batches of hundreds stay quick."""

import base64

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.utils import timezone, translation

from certificates import services
from fixtures.demo_certificates import PublicizedResults

PUBLIC_BASE_URL = "https://zhicheng.example.gov.cn"
DOCUMENT_NUMBER = "示人社发〔2027〕12号"


def _new_key() -> str:
    raw = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return base64.b64encode(raw).decode()


TEST_SIGNING_KEY = _new_key()


@pytest.fixture(autouse=True)
def _english(client):
    """Assertions read the English messages, whatever the zh-hans catalogue holds."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _certificate_settings(settings):
    settings.CERTIFICATE_SIGNING_KEY = TEST_SIGNING_KEY
    settings.CERTIFICATE_RETIRED_PUBLIC_KEYS = []
    settings.CERTIFICATE_AUTHORITY_CODE = "SF"
    settings.CERTIFICATE_ISSUE_CHUNK_SIZE = 50
    settings.PUBLIC_BASE_URL = PUBLIC_BASE_URL
    settings.VERIFY_RATE_LIMIT = "1000/m"
    # The demo's sample seal applies with DEBUG on; tests that want a seal set one.
    settings.CERTIFICATE_SEAL_IMAGE_FILE = ""


class Results(PublicizedResults):
    """Publicized results ready for filing, and the office's and bureau's steps on them."""

    def submitted_filing(self, meeting):
        return services.submit_filing(actor=self.office, meeting=meeting)

    def approve(self, filing):
        return services.approve_filing(
            filing,
            actor=self.bureau,
            document_number=DOCUMENT_NUMBER,
            document_date=timezone.localdate(),
        )


@pytest.fixture
def results(demo):
    return Results(demo)


@pytest.fixture
def issued(results, django_capture_on_commit_callbacks):
    """A filing of three approved results, their certificates issued (tasks run in-process)."""
    meeting = results.meeting(3, names=["张伟", "王芳", "李娜"])
    filing = results.submitted_filing(meeting)
    with django_capture_on_commit_callbacks(execute=True):
        results.approve(filing)
    return filing


@pytest.fixture(autouse=True)
def _product_in_english(settings):
    """These tests read the product's answers in English; the language a page or API answers
    in is tested in tests/ui and tests/accounts."""
    settings.LANGUAGE_CODE = "en"
