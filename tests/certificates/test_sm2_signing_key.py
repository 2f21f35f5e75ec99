"""An SM2 signing key: `generate_signing_key --algorithm sm2` makes one, it is configured like
the Ed25519 one (base64 of its 32 bytes), and a key that is not one is refused by name."""

import base64

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from certificates import signing


def generated(capsys, *args) -> dict[str, str]:
    call_command("generate_signing_key", *args)
    lines = capsys.readouterr().out.splitlines()
    return dict(line.split("=", 1) for line in lines if not line.startswith("#"))


def test_the_command_makes_an_sm2_key_that_signs(settings, capsys):
    printed = generated(capsys, "--algorithm", "sm2")

    assert printed["CERTIFICATE_SIGNATURE_ALGORITHM"] == "sm2"
    assert len(base64.b64decode(printed["CERTIFICATE_SIGNING_KEY"])) == 32
    settings.CERTIFICATE_SIGNATURE_ALGORITHM = "sm2"
    settings.CERTIFICATE_SIGNING_KEY = printed["CERTIFICATE_SIGNING_KEY"]
    data = {"number": "SF-2027-GC-000001"}
    signature, key_id = signing.sign(data)
    key = signing.current_public_key()
    assert key.algorithm == "sm2" and key_id == key.key_id
    assert key.verify(base64.b64decode(signature), signing.canonical_bytes(data))
    assert not key.verify(base64.b64decode(signature), signing.canonical_bytes({"number": "x"}))


def test_without_the_option_the_command_follows_the_setting(settings, capsys):
    settings.CERTIFICATE_SIGNATURE_ALGORITHM = "sm2"
    assert generated(capsys)["CERTIFICATE_SIGNATURE_ALGORITHM"] == "sm2"
    settings.CERTIFICATE_SIGNATURE_ALGORITHM = "ed25519"
    assert generated(capsys)["CERTIFICATE_SIGNATURE_ALGORITHM"] == "ed25519"


@pytest.mark.parametrize("key", ["change-me", base64.b64encode(b"\x00" * 32).decode()])
def test_a_key_that_is_not_an_sm2_key_is_refused(settings, key):
    settings.CERTIFICATE_SIGNATURE_ALGORITHM = "sm2"
    settings.CERTIFICATE_SIGNING_KEY = key

    with pytest.raises(ImproperlyConfigured, match="32-byte SM2 private key"):
        signing.sign({"number": "SF-2027-GC-000001"})


def test_an_unknown_algorithm_is_refused(settings):
    settings.CERTIFICATE_SIGNATURE_ALGORITHM = "rsa"

    with pytest.raises(ImproperlyConfigured, match="CERTIFICATE_SIGNATURE_ALGORITHM"):
        signing.sign({"number": "SF-2027-GC-000001"})


def test_with_debug_on_a_labelled_sm2_development_key_signs(settings, client, db):
    settings.CERTIFICATE_SIGNATURE_ALGORITHM = "sm2"
    settings.CERTIFICATE_SIGNING_KEY = ""
    settings.DEBUG = True

    signature, key_id = signing.sign({"number": "SF-2027-GC-000001"})

    answer = client.get("/api/v1/verifications/public-key/").json()
    assert answer["algorithm"] == "SM2" and answer["development"] is True
    assert answer["key_id"] == key_id
