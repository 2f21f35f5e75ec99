"""With SM2 configured, the public-key page and API publish the SM2 key as a PEM
SubjectPublicKeyInfo that openssl reads, with the algorithm, SM3 and the distinguishing id,
and the retired keys that still check earlier certificates."""

import shutil
import subprocess

import pytest

from certificates import signing
from tests.certificates.sm2_keys import use_sm2


@pytest.fixture
def switched(settings, db):
    old = signing.current_public_key()
    use_sm2(settings)
    settings.CERTIFICATE_RETIRED_PUBLIC_KEYS = [old.base64]
    return old


def test_the_page_shows_the_sm2_key_in_pem(switched, client):
    page = client.get("/verify/public-key/")

    html = page.content.decode()
    key = signing.current_public_key()
    assert page.status_code == 200
    assert "SM2" in html and "SM3" in html and "1234567812345678" in html
    assert key.pem.strip() in html
    assert html.count("-----BEGIN PUBLIC KEY-----") == 2  # the current key and the retired one
    assert switched.key_id in html and key.key_id in html


def test_the_api_names_the_algorithm_beside_the_key(switched, client):
    answer = client.get("/api/v1/verifications/public-key/").json()

    assert answer["algorithm"] == "SM2"
    assert answer["digest"] == "SM3" and answer["distinguishing_id"] == "1234567812345678"
    assert answer["public_key_pem"].startswith("-----BEGIN PUBLIC KEY-----")
    assert answer["key_id"] == signing.current_public_key().key_id
    assert [(k["algorithm"], k["key_id"]) for k in answer["retired_keys"]] == [
        ("Ed25519", switched.key_id)
    ]
    assert answer["development"] is False


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")
def test_openssl_reads_the_published_pem_as_an_sm2_key(switched, client, tmp_path):
    pem = client.get("/api/v1/verifications/public-key/").json()["public_key_pem"]
    (tmp_path / "public.pem").write_text(pem)

    described = subprocess.run(
        ["openssl", "pkey", "-pubin", "-in", "public.pem", "-noout", "-text"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert "SM2" in described
