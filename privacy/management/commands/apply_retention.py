from django.core.management.base import BaseCommand

from privacy.retention import apply_retention


class Command(BaseCommand):
    help = "Remove or anonymise personal data past its retention period (see the settings)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would go; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        self.stdout.write(apply_retention(dry_run=dry_run).as_text())
