"""An SM2-signed certificate whose record was changed after signing, or whose signature was
damaged, verifies as "signature does not match", never as valid and never as an error."""

import base64

import pytest

from certificates.models import Certificate
from tests.certificates.sm2_keys import use_sm2


@pytest.fixture
def sm2_certificate(settings, results, django_capture_on_commit_callbacks):
    use_sm2(settings)
    filing = results.submitted_filing(results.meeting(1, names=["王芳"]))
    with django_capture_on_commit_callbacks(execute=True):
        results.approve(filing)
    return Certificate.objects.get(holder_name="王芳")


def result_of(client, certificate) -> str:
    return client.get(f"/api/v1/verifications/{certificate.number}/").json()["result"]


def test_an_untouched_sm2_certificate_is_valid(sm2_certificate, client):
    assert result_of(client, sm2_certificate) == "valid"


@pytest.mark.parametrize(
    "change",
    [
        {"holder_name": "王芬"},
        {"signature": base64.b64encode(b"not a DER signature").decode()},
        {"signature": "%%% not base64"},
        {"signature_algorithm": "ed25519"},
    ],
)
def test_a_changed_record_does_not_verify(sm2_certificate, client, change):
    Certificate.objects.filter(pk=sm2_certificate.pk).update(**change)

    assert result_of(client, sm2_certificate) == "invalid"
