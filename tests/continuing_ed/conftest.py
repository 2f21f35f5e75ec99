import io
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import translation
from openpyxl import Workbook

from continuing_ed.models import SubjectKind
from continuing_ed.services import certify_hours, claim_hours
from core.spreadsheet_import import ImportRejected


@pytest.fixture(autouse=True)
def _english(client):
    """Assertions read the English messages, whatever the zh-hans catalogue holds."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def applicant(demo):
    return demo["users"]["applicant"]


@pytest.fixture
def employer_hr(demo):
    """HR staff of the applicant's employer, the transport group."""
    return demo["users"]["employer"]


@pytest.fixture
def certified_hours(employer_hr):
    """Record hours for a person the way they normally arrive: claimed, then certified."""

    def record(person, year, hours, kind=SubjectKind.PROFESSIONAL, certify=True):
        claim = claim_hours(
            person=person,
            year=year,
            activity=f"课程 {year} {kind} {hours}",
            subject_kind=kind,
            hours=Decimal(str(hours)),
            ended_on=date(year, 6, 30),
        )
        return certify_hours(actor=employer_hr, record=claim) if certify else claim

    return record


def workbook_bytes(rows, header=("header",)):
    """An .xlsx file with a header row and the given rows, as an upload would bring it."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "upload.xlsx"
    return buffer


@pytest.fixture(autouse=True)
def _product_in_english(settings):
    """These tests read the product's answers in English; the language a page or API answers
    in is tested in tests/ui and tests/accounts."""
    settings.LANGUAGE_CODE = "en"


def reasons_by_row(rejected: ImportRejected) -> dict[int, str]:
    """Each bad row's reasons, joined."""
    reasons = {}
    for problem in rejected.problems:
        reasons.setdefault(problem.row, []).append(str(problem.reason))
    return {row: " | ".join(texts) for row, texts in reasons.items()}
