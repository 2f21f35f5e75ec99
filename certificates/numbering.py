"""Certificate numbers.

Format: ``<authority code>-<year>-<series code>-<sequence>``, e.g. ``SF-2027-GC-000042``:

- authority code: the issuing HR bureau's code (IssuingAuthority), or
  settings.CERTIFICATE_AUTHORITY_CODE for a bureau without its own;
- year: the year of the filing's approval document;
- series code: the title series (titles.Series.code, e.g. GC for engineering);
- sequence: at least six digits, counted per authority code and year from 1.

The sequence is gapless and never reused: it comes from one counter row per authority code
and year, locked and advanced inside the transaction that creates the certificates. Two
batches at once queue on that row; a batch that fails or is killed rolls back its
certificates and its counter advance together, so no number is lost or handed out twice."""

import re
import unicodedata

from django.conf import settings
from django.db import transaction

from certificates.models import CertificateCounter, IssuingAuthority

SEQUENCE_DIGITS = 6
NUMBER_PATTERN = re.compile(r"^[A-Z0-9]+-\d{4}-[A-Z0-9]+-\d{6,}$")


def format_number(authority_code: str, year: int, series_code: str, sequence: int) -> str:
    return f"{authority_code}-{year}-{series_code.upper()}-{sequence:0{SEQUENCE_DIGITS}d}"


def normalize_number(text: str) -> str:
    """A number as typed or scanned: full-width characters (from a Chinese input method),
    spaces and lower case are forgiven."""
    text = unicodedata.normalize("NFKC", text or "").upper()
    text = re.sub(r"\s+", "", text)
    return text.replace("—", "-").replace("－", "-")[:64]


def authority_code_for(organization) -> str:
    authority = IssuingAuthority.objects.filter(organization=organization).first()
    return authority.code if authority else settings.CERTIFICATE_AUTHORITY_CODE


def allocate_sequences(authority_code: str, year: int, count: int) -> range:
    """Take the next `count` sequence numbers. Must run inside the transaction that stores
    the certificates: the counter row stays locked until it commits or rolls back."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Certificate numbers are allocated inside the issuing transaction.")
    if count <= 0:
        return range(0)
    CertificateCounter.objects.bulk_create(
        [CertificateCounter(authority_code=authority_code, year=year, last_sequence=0)],
        ignore_conflicts=True,
    )
    counter = CertificateCounter.objects.select_for_update().get(
        authority_code=authority_code, year=year
    )
    first = counter.last_sequence + 1
    counter.last_sequence += count
    counter.save(update_fields=["last_sequence"])
    return range(first, first + count)
