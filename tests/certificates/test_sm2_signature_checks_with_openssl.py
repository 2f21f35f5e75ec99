"""With CERTIFICATE_SIGNATURE_ALGORITHM=sm2 a certificate's signature is one that OpenSSL 3
checks with only the published public key, by the procedure README.md gives: its commands are
read from README.md and run as they are, on the API's answers saved to files."""

import json
import re
import shutil
import subprocess

import pytest
from django.conf import settings as django_settings

from certificates.models import Certificate
from tests.certificates.sm2_keys import use_sm2

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")

README_SECTION = "### Checking a certificate's SM2 signature with openssl"
PKEYUTL_OK = "Signature Verified Successfully"
DGST_OK = "Verified OK"


def readme_procedure() -> str:
    """The second shell block of the README's section: from the saved files to the checks."""
    text = (django_settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    section = text.split(README_SECTION, 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.DOTALL)
    assert len(blocks) == 2, "the section has a download block and a checking block"
    return blocks[1]


def run_readme_checks(folder) -> list[subprocess.CompletedProcess]:
    """Run the procedure line by line so that each openssl command's answer is seen."""
    procedure = readme_procedure()
    make_files, checks = procedure.split("\nPY\n")
    subprocess.run(["bash", "-c", make_files + "\nPY\n"], cwd=folder, check=True)
    return [
        subprocess.run(["bash", "-c", line], cwd=folder, capture_output=True, text=True)
        for line in checks.strip().splitlines()
    ]


@pytest.fixture
def sm2_certificate(settings, results, client, django_capture_on_commit_callbacks, tmp_path):
    """A certificate issued under SM2, with the public key and the holder's API answer saved
    as the README says."""
    use_sm2(settings)
    meeting = results.meeting(1, names=["王芳"])
    filing = results.submitted_filing(meeting)
    with django_capture_on_commit_callbacks(execute=True):
        results.approve(filing)
    certificate = Certificate.objects.get(holder_name="王芳")
    public_key = client.get("/api/v1/verifications/public-key/").json()
    (tmp_path / "public.pem").write_text(public_key["public_key_pem"])
    client.force_login(certificate.holder)
    answer = client.get(f"/api/v1/certificates/{certificate.pk}/").json()
    (tmp_path / "certificate.json").write_text(json.dumps(answer, ensure_ascii=False))
    return certificate, answer


def test_openssl_verifies_an_sm2_certificate_with_the_published_key(sm2_certificate, tmp_path):
    certificate, answer = sm2_certificate
    assert certificate.signature_algorithm == "sm2"
    assert answer["signature_algorithm"] == "sm2"

    pkeyutl, dgst = run_readme_checks(tmp_path)

    assert "pkeyutl" in pkeyutl.args[2] and "dgst" in dgst.args[2]
    assert pkeyutl.returncode == 0 and PKEYUTL_OK in pkeyutl.stdout
    assert dgst.returncode == 0 and DGST_OK in dgst.stdout
    data = json.loads((tmp_path / "data.json").read_bytes())
    assert data["holder_name"] == "王芳" and data["id_number"] == certificate.id_number


@pytest.mark.parametrize(
    ("field", "changed"),
    [("holder_name", "王芬"), ("qualification_name", "正高级工程师"), ("level", 1)],
)
def test_openssl_rejects_the_data_with_one_field_changed(sm2_certificate, tmp_path, field, changed):
    certificate, answer = sm2_certificate
    (tmp_path / "certificate.json").write_text(
        json.dumps({**answer, field: changed}, ensure_ascii=False)
    )

    pkeyutl, dgst = run_readme_checks(tmp_path)

    assert pkeyutl.returncode != 0 and PKEYUTL_OK not in pkeyutl.stdout
    assert "Signature Verification Failure" in pkeyutl.stdout + pkeyutl.stderr
    assert dgst.returncode != 0 and DGST_OK not in dgst.stdout
    assert "Verification failure" in dgst.stdout + dgst.stderr
