"""Make a certificate signing key (Ed25519 or SM2) and print what to configure and publish."""

from django.conf import settings
from django.core.management.base import BaseCommand

from certificates import signing


class Command(BaseCommand):
    help = (
        "Print a new certificate signing key for CERTIFICATE_SIGNING_KEY (Ed25519, or SM2 "
        "with --algorithm sm2), and its public key. Keep the private key in the environment "
        "or a secret store, never in the repository."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--algorithm",
            choices=sorted(signing.ALGORITHMS),
            default=None,
            help="the key's algorithm; CERTIFICATE_SIGNATURE_ALGORITHM when not given",
        )

    def handle(self, *args, algorithm, **options):
        chosen = algorithm or str(settings.CERTIFICATE_SIGNATURE_ALGORITHM).strip().lower()
        if chosen not in signing.ALGORITHMS:
            chosen = signing.ED25519
        private = signing.generate_private_key_base64(chosen)
        public = signing.PublicKey(chosen, signing._load_private_key(private, chosen).public_key())
        self.stdout.write(f"CERTIFICATE_SIGNING_KEY={private}")
        self.stdout.write(f"CERTIFICATE_SIGNATURE_ALGORITHM={chosen}")
        self.stdout.write(f"# public key (published): {public.base64}")
        self.stdout.write(f"# key id: {public.key_id}")
        self.stdout.write("# public key (PEM):")
        for line in public.pem.splitlines():
            self.stdout.write(f"# {line}")
