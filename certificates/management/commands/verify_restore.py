"""The restore drill's check (docs/backup.md): is this database with this MEDIA_ROOT, under
this environment's keys, what the bureau had? The audit chain intact, every encrypted
personal value opens, every certificate's data matches its signature and its PDF is there,
every proof material's file is there with its recorded SHA-256. Prints what it counted and
exits 1 naming every failure.

It lives in `certificates`, the last stage, because it reads audit, applicants and
certificates alike (tests/architecture/rules.py)."""

import hashlib

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db.models import TextField
from django.db.models.functions import Cast

from applicants.models import Material
from audit.selectors import chain_length
from audit.services import find_chain_break
from certificates.models import Certificate
from certificates.signing import signature_is_valid
from core.encrypted_fields import DecryptionFailed, decrypt, encrypted_fields

# Beyond this many, failures of one kind are counted, not each named.
NAMED_FAILURES = 20


class Command(BaseCommand):
    help = (
        "Check a restored database and MEDIA_ROOT: the audit chain, the encrypted personal "
        "data, every certificate's signature and PDF, every proof material's file and SHA-256. "
        "Exits with status 1 naming what fails."
    )

    def handle(self, *args, **options):
        self.failures = []
        self.check_audit_chain()
        data_opens = self.check_personal_data()
        if data_opens:
            self.check_certificates()
        else:
            self.fail("certificates not checked: their personal data does not decrypt")
        self.check_materials()
        if self.failures:
            for failure in self.failures[:NAMED_FAILURES]:
                self.stderr.write(f"FAILED: {failure}")
            if len(self.failures) > NAMED_FAILURES:
                self.stderr.write(f"… and {len(self.failures) - NAMED_FAILURES} more.")
            raise CommandError(f"The restore does not verify: {len(self.failures)} failures.")
        self.stdout.write(self.style.SUCCESS("The restore verifies."))

    def fail(self, what: str):
        self.failures.append(what)

    def check_audit_chain(self):
        broken = find_chain_break()
        if broken is not None:
            self.fail(f"audit chain broken at {broken}")
        self.stdout.write(f"Audit records: {chain_length()} checked.")

    def check_personal_data(self) -> bool:
        """Decrypts the stored text itself, so that values no key opens are counted and
        named, not raised from the middle of a query."""
        values = failed = 0
        for model in apps.get_models():
            fields = [field.name for field in encrypted_fields(model)]
            if not fields:
                continue
            stored = {f"stored_{name}": Cast(name, TextField()) for name in fields}
            rows = model._base_manager.annotate(**stored).order_by("pk").values_list("pk", *stored)
            failures = []
            for pk, *texts in rows.iterator(chunk_size=2000):
                for name, text in zip(fields, texts, strict=True):
                    if not text:
                        continue
                    values += 1
                    try:
                        decrypt(text)
                    except DecryptionFailed as error:
                        failures.append(f"#{pk} {name}: {error}")
            if failures:
                failed += len(failures)
                self.fail(
                    f"{model._meta.label}: {len(failures)} encrypted values do not open with "
                    f"FIELD_ENCRYPTION_KEYS (first {failures[0]})"
                )
        self.stdout.write(f"Encrypted personal values: {values} checked.")
        return not failed

    def check_certificates(self):
        checked = 0
        for certificate in Certificate.objects.order_by("pk").iterator(chunk_size=500):
            checked += 1
            if not signature_is_valid(certificate):
                self.fail(f"certificate {certificate.number}: signature does not match")
            if not certificate.pdf:
                continue  # not rendered yet: the issue job renders it
            storage = certificate.pdf.storage
            if not storage.exists(certificate.pdf.name):
                self.fail(f"certificate {certificate.number}: PDF {certificate.pdf.name} missing")
            elif certificate.pdf_size is not None and (
                storage.size(certificate.pdf.name) != certificate.pdf_size
            ):
                self.fail(
                    f"certificate {certificate.number}: PDF {certificate.pdf.name} has another "
                    f"size than recorded"
                )
        self.stdout.write(f"Certificates: {checked} checked.")

    def check_materials(self):
        checked = 0
        for material in Material.objects.order_by("pk").iterator(chunk_size=500):
            checked += 1
            name = material.file.name
            try:
                with material.file.storage.open(name, "rb") as stored:
                    digest = hashlib.file_digest(stored, "sha256").hexdigest()
            except FileNotFoundError:
                self.fail(f"proof material #{material.pk}: file {name} missing")
                continue
            if digest != material.sha256:
                self.fail(f"proof material #{material.pk}: file {name} SHA-256 does not match")
        self.stdout.write(f"Proof materials: {checked} checked.")
