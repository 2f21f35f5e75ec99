from django.core.management.base import BaseCommand, CommandError

from certificates.models import Certificate
from certificates.numbering import normalize_number
from certificates.signing import signature_is_valid


class Command(BaseCommand):
    help = (
        "Check certificates against their signatures with the published public key(s). "
        "Exits with status 1 when any certificate fails."
    )

    def add_arguments(self, parser):
        parser.add_argument("numbers", nargs="*", help="certificate numbers to check")
        parser.add_argument("--all", action="store_true", help="check every certificate")

    def handle(self, *args, numbers, all, **options):
        if not numbers and not all:
            raise CommandError("Give certificate numbers, or --all.")
        certificates = Certificate.objects.order_by("year", "authority_code", "sequence")
        if not all:
            wanted = [normalize_number(number) for number in numbers]
            certificates = certificates.filter(number__in=wanted)
            missing = set(wanted) - set(certificates.values_list("number", flat=True))
            for number in sorted(missing):
                self.stdout.write(f"{number}: UNKNOWN")
        else:
            missing = set()
        failed = 0
        for certificate in certificates.iterator(chunk_size=500):
            if signature_is_valid(certificate):
                self.stdout.write(f"{certificate.number}: OK")
            else:
                failed += 1
                self.stdout.write(f"{certificate.number}: SIGNATURE DOES NOT MATCH")
        if failed or missing:
            raise CommandError(
                f"{failed} certificates fail their signature, {len(missing)} unknown."
            )
        self.stdout.write(self.style.SUCCESS("All signatures match."))
