"""A self-signed key and certificate for the PAdES signature of certificate PDFs
(certificates/pdf_signature.py), for the demo, tests, or until the authority's CA-issued
certificate is configured."""

import base64

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from django.core.management.base import BaseCommand

from certificates import pdf_signature


class Command(BaseCommand):
    help = (
        "Print a new private key and self-signed certificate for CERTIFICATE_PDF_SIGNING_KEY "
        "and CERTIFICATE_PDF_SIGNING_CERTIFICATE (base64 of the PEM, one line each). Keep the "
        "key in the environment or a secret store, never in the repository; with --out the "
        "PEM files are written there instead."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--name",
            default="示范市人力资源和社会保障局",
            help="the certificate's subject common name: the issuing authority",
        )
        parser.add_argument("--days", type=int, default=3650, help="validity in days")
        parser.add_argument("--key-type", choices=["ec", "rsa"], default="ec")
        parser.add_argument("--out", help="a folder to write key.pem and certificate.pem into")

    def handle(self, *args, name, days, key_type, out, **options):
        key_pem, certificate_pem = pdf_signature.new_self_signed_pair(
            name, days=days, key_type=key_type
        )
        certificate = x509.load_pem_x509_certificate(certificate_pem.encode())
        fingerprint = certificate.fingerprint(hashes.SHA256()).hex(":").upper()
        if out:
            from pathlib import Path

            folder = Path(out)
            folder.mkdir(parents=True, exist_ok=True)
            key_path = folder / "key.pem"
            key_path.touch(mode=0o600)
            key_path.write_text(key_pem)
            (folder / "certificate.pem").write_text(certificate_pem)
            self.stdout.write(f"# written: {key_path}, {folder / 'certificate.pem'}")
        else:
            key_line = base64.b64encode(key_pem.encode()).decode()
            certificate_line = base64.b64encode(certificate_pem.encode()).decode()
            self.stdout.write(f"CERTIFICATE_PDF_SIGNING_KEY={key_line}")
            self.stdout.write(f"CERTIFICATE_PDF_SIGNING_CERTIFICATE={certificate_line}")
        self.stdout.write(f"# certificate SHA-256 fingerprint (publish it): {fingerprint}")
