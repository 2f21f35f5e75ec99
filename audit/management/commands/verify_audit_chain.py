from django.core.management.base import BaseCommand, CommandError

from audit.selectors import chain_count, chain_length
from audit.services import find_chain_break


class Command(BaseCommand):
    help = (
        "Verify the hash chains of the audit records, one per plan and the general one; "
        "report the first broken or missing record."
    )

    def handle(self, *args, **options):
        broken = find_chain_break()
        if broken is not None:
            raise CommandError(f"Audit chain broken at {broken}.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit chain intact: {chain_length()} records in {chain_count()} chains."
            )
        )
