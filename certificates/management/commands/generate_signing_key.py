import base64

from django.core.management.base import BaseCommand

from certificates import signing


class Command(BaseCommand):
    help = (
        "Print a new Ed25519 certificate signing key for CERTIFICATE_SIGNING_KEY, and its "
        "public key. Keep the private key in the environment or a secret store, never in "
        "the repository."
    )

    def handle(self, *args, **options):
        private = signing.generate_private_key_base64()
        public = signing._load_private_key(private).public_key()
        self.stdout.write(f"CERTIFICATE_SIGNING_KEY={private}")
        public_base64 = base64.b64encode(signing.public_key_bytes(public)).decode()
        self.stdout.write(f"# public key (published): {public_base64}")
        self.stdout.write(f"# key id: {signing.key_id(public)}")
