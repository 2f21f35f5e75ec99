from django.core.management.base import BaseCommand

from certificates.fonts import certificate_font_path


class Command(BaseCommand):
    help = (
        "Build the certificate font (the common characters of the CJK font) into "
        "CERTIFICATE_FONT_CACHE_DIR now, e.g. while building an image, instead of on the first "
        "certificate rendered."
    )

    def handle(self, *args, **options):
        self.stdout.write(str(certificate_font_path()))
