"""The signing key: from settings, never in the repository; a development key only with
DEBUG on; a command to make one."""

import base64

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from certificates import signing
from certificates.models import Certificate


def test_without_a_key_and_with_debug_off_nothing_is_signed(settings):
    settings.CERTIFICATE_SIGNING_KEY = ""
    settings.DEBUG = False

    with pytest.raises(ImproperlyConfigured, match="CERTIFICATE_SIGNING_KEY"):
        signing.sign({"number": "SF-2027-GC-000001"})


def test_with_debug_on_a_labelled_development_key_signs(settings, client, db):
    settings.CERTIFICATE_SIGNING_KEY = ""
    settings.DEBUG = True

    signature, key_id = signing.sign({"number": "SF-2027-GC-000001"})

    assert signature and key_id
    assert signing.is_development_key()
    assert client.get("/api/v1/verifications/public-key/").json()["development"] is True


def test_a_generated_key_signs_and_its_public_key_checks(settings, capsys, issued):
    call_command("generate_signing_key")
    lines = capsys.readouterr().out.splitlines()
    key = lines[0].removeprefix("CERTIFICATE_SIGNING_KEY=")
    assert len(base64.b64decode(key)) == 32

    certificate = Certificate.objects.first()
    old_public_key = signing.public_key_base64()
    settings.CERTIFICATE_SIGNING_KEY = key
    # Signed under the previous key: valid only while that key is still published.
    assert not signing.signature_is_valid(certificate)
    settings.CERTIFICATE_RETIRED_PUBLIC_KEYS = [old_public_key]
    assert signing.signature_is_valid(certificate)
