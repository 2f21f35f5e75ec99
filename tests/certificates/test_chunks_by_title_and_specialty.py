"""A filing's certificates are issued in chunks of one title and specialty, so that the
certificates of a chunk share the part of the page laid out once per chunk: their numbers
run consecutively by title and specialty, each chunk holds one of them, and the page of each
still prints its own specialty."""

from unittest import mock

from applicants.models import Declaration
from certificates import tasks
from certificates.models import Certificate
from tests.pdf_reading import pdf_text


def test_a_filings_certificates_are_numbered_and_chunked_by_title_and_specialty(
    results, settings, django_capture_on_commit_callbacks, pdf_tools
):
    settings.CERTIFICATE_ISSUE_CHUNK_SIZE = 3
    meeting = results.meeting(0)
    declarations = results.add_candidates(meeting, results.people(6))
    other = results.title.series.specialties.exclude(pk=results.specialty.pk).first()
    # Alternating specialties, as declarations arrive.
    Declaration.objects.filter(pk__in=[d.pk for d in declarations][1::2]).update(specialty=other)
    first, second = sorted([results.specialty, other], key=lambda specialty: specialty.pk)
    chunks = []
    real_chunk = tasks.issue_certificate_chunk.run

    def record(filing_id, declaration_ids):
        chunks.append(
            set(
                Declaration.objects.filter(pk__in=declaration_ids).values_list(
                    "specialty_id", flat=True
                )
            )
        )
        return real_chunk(filing_id, declaration_ids)

    with (
        mock.patch.object(tasks.issue_certificate_chunk, "run", side_effect=record),
        django_capture_on_commit_callbacks(execute=True),
    ):
        results.approve(results.submitted_filing(meeting))

    assert chunks == [{first.pk}, {second.pk}]
    certificates = list(Certificate.objects.order_by("sequence"))
    assert [c.specialty_name for c in certificates] == [first.name_zh] * 3 + [second.name_zh] * 3
    for certificate in certificates:
        with certificate.pdf.open("rb") as pdf:
            text = "".join(pdf_text(pdf.read()).split())
        assert certificate.specialty_name in text and certificate.holder_name in text
