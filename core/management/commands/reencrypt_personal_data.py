"""Moves every encrypted value to the current key and recomputes every lookup digest
(core/encrypted_fields.py): run after putting a new key first in FIELD_ENCRYPTION_KEYS or
changing FIELD_LOOKUP_HMAC_KEY. Rows already up to date are left alone, so it can be run
again after an interruption; each batch is locked and written in its own transaction."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import F, TextField
from django.db.models.functions import Cast

from core.encrypted_fields import current_key_id, digest_fields, encrypted_fields, key_id_of


class Command(BaseCommand):
    help = (
        "Re-encrypt personal data (ID numbers, phone numbers) with the current key of "
        "FIELD_ENCRYPTION_KEYS and recompute the lookup digests."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size, **options):
        current = current_key_id()
        for model in apps.get_models():
            if encrypted_fields(model):
                changed, total = self.reencrypt(model, current, batch_size)
                self.stdout.write(
                    f"{model._meta.label}: {changed} of {total} rows re-encrypted or re-hashed."
                )
        self.stdout.write(self.style.SUCCESS(f"Every encrypted value is under key {current}."))

    def reencrypt(self, model, current: str, batch_size: int) -> tuple[int, int]:
        encrypted, digests = encrypted_fields(model), digest_fields(model)
        stored = {f"stored_{field.name}": Cast(field.name, TextField()) for field in encrypted}
        stored |= {f"stored_{field.name}": F(field.name) for field in digests}
        names = [field.name for field in (*encrypted, *digests)]
        changed = total = last = 0
        while True:
            with transaction.atomic():
                rows = list(
                    model._base_manager.filter(pk__gt=last)
                    .order_by("pk")
                    .only("pk", *names)
                    .annotate(**stored)
                    .select_for_update()[:batch_size]
                )
                if not rows:
                    return changed, total
                stale = [row for row in rows if self.is_stale(row, current, encrypted, digests)]
                if stale:
                    model._base_manager.bulk_update(stale, names)
            changed, total, last = changed + len(stale), total + len(rows), rows[-1].pk

    @staticmethod
    def is_stale(row, current, encrypted, digests) -> bool:
        for field in encrypted:
            if key_id_of(getattr(row, f"stored_{field.name}")) not in ("", current):
                return True
        return any(
            getattr(row, f"stored_{field.name}") != getattr(row, field.attname) for field in digests
        )
