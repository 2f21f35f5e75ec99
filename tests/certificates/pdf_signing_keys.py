"""A PDF-signing key and self-signed certificate made by `manage.py
generate_pdf_signing_certificate`, as an operator would configure them."""

import io
import os
import shutil
import subprocess

import pytest
from django.core.management import call_command


def generated_pair(name="示范市人力资源和社会保障局", **options) -> tuple[str, str]:
    """(CERTIFICATE_PDF_SIGNING_KEY, CERTIFICATE_PDF_SIGNING_CERTIFICATE) as the command
    prints them."""
    output = io.StringIO()
    call_command("generate_pdf_signing_certificate", name=name, stdout=output, **options)
    values = dict(
        line.split("=", 1) for line in output.getvalue().splitlines() if not line.startswith("#")
    )
    return values["CERTIFICATE_PDF_SIGNING_KEY"], values["CERTIFICATE_PDF_SIGNING_CERTIFICATE"]


def use_pair(settings, pair) -> None:
    settings.CERTIFICATE_PDF_SIGNING_KEY, settings.CERTIFICATE_PDF_SIGNING_CERTIFICATE = pair


def pdfsig(content: bytes, tmp_path) -> str:
    """What poppler's pdfsig reports on the PDF."""
    if not shutil.which("pdfsig"):
        message = "missing pdfsig: run scripts/install_system_packages.sh --test"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    path = tmp_path / "certificate.pdf"
    path.write_bytes(content)
    result = subprocess.run(
        ["pdfsig", str(path)], capture_output=True, text=True, timeout=60, check=False
    )
    return result.stdout + result.stderr


def pdf_signing_environment() -> dict:
    """The two environment variables of a new self-signed pair, for a process with DEBUG off."""
    import base64

    from certificates.pdf_signature import new_self_signed_pair

    key, certificate = (
        base64.b64encode(pem.encode()).decode() for pem in new_self_signed_pair("Test")
    )
    return {
        "CERTIFICATE_PDF_SIGNING_KEY": key,
        "CERTIFICATE_PDF_SIGNING_CERTIFICATE": certificate,
    }
