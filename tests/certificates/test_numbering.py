"""Certificate numbers: the documented format, typed input forgiven, and a counter that
gives a rolled-back issue's numbers back."""

import pytest
from django.db import transaction

from certificates.models import CertificateCounter
from certificates.numbering import allocate_sequences, format_number, normalize_number


def test_the_number_names_authority_year_series_and_sequence():
    assert format_number("SF", 2027, "gc", 42) == "SF-2027-GC-000042"
    assert format_number("QH01", 2027, "ZXXJS", 1234567) == "QH01-2027-ZXXJS-1234567"


def test_a_typed_number_is_forgiven_full_width_characters_spaces_and_case():
    assert normalize_number(" ｓｆ－２０２７－ｇｃ－００００４２ ") == "SF-2027-GC-000042"
    assert normalize_number("sf 2027-gc-000042") == "SF2027-GC-000042"


@pytest.mark.django_db(transaction=True)
def test_numbers_are_taken_only_inside_the_issuing_transaction():
    with pytest.raises(RuntimeError):
        allocate_sequences("SF", 2027, 3)


@pytest.mark.django_db
def test_numbers_are_gapless_per_authority_and_year_and_a_rollback_returns_them():
    with transaction.atomic():
        assert list(allocate_sequences("SF", 2027, 3)) == [1, 2, 3]

    class Failed(Exception):
        pass

    with pytest.raises(Failed), transaction.atomic():
        assert list(allocate_sequences("SF", 2027, 5)) == [4, 5, 6, 7, 8]
        raise Failed

    with transaction.atomic():
        assert list(allocate_sequences("SF", 2027, 2)) == [4, 5]
        assert list(allocate_sequences("SF", 2028, 1)) == [1]
        assert list(allocate_sequences("QH", 2027, 1)) == [1]
    assert CertificateCounter.objects.get(authority_code="SF", year=2027).last_sequence == 5
