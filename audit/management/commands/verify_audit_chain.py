from django.core.management.base import BaseCommand, CommandError

from audit.selectors import chain_length
from audit.services import find_chain_break


class Command(BaseCommand):
    help = "Verify the hash chain of the audit records; report the first broken or missing one."

    def handle(self, *args, **options):
        broken = find_chain_break()
        if broken is not None:
            raise CommandError(f"Audit chain broken at {broken}.")
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {chain_length()} records."))
