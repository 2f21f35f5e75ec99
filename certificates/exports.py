"""The certificate information table (证书信息表) as an Excel file with the holders' photos,
written in openpyxl's write-only mode so that a year's certificates stream out in little
memory. Text from users never becomes a formula. ID numbers are masked, but on the rows the
query marked `whole_id_number` (selectors.with_whole_id_numbers: the bureau's own, for the
national filing, when it chose so)."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.drawing.image import Image as SheetImage
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from PIL import Image

from accounts.id_number_access import record_export
from certificates.selectors import holders_shown_whole
from core.masking import mask_id_number
from core.spreadsheet_import import safe_cell
from titles.models import Education

THUMBNAIL = (60, 80)
ROW_HEIGHT_POINTS = 62


def _thumbnail(certificate):
    if not certificate.photo:
        return None
    try:
        with certificate.photo.open("rb") as photo, Image.open(photo) as picture:
            picture = picture.convert("RGB")
            picture.thumbnail(THUMBNAIL)
            output = io.BytesIO()
            picture.save(output, "JPEG", quality=80)
    except (OSError, ValueError):
        return None
    output.seek(0)
    return SheetImage(output)


def export_certificate_table(certificates) -> bytes:
    """`certificates`: selectors.certificate_table(...)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Certificates"))
    columns = [
        (_("Name"), 10),
        (_("ID document number"), 22),
        (_("Education"), 12),
        (_("Field of study"), 16),
        (_("Started work"), 12),
        (_("Employer"), 28),
        (_("Previous qualification"), 16),
        (_("Obtained on"), 12),
        (_("Qualification"), 16),
        (_("Specialty"), 16),
        (_("Jury"), 30),
        (_("Date obtained"), 12),
        (_("Certificate number"), 22),
        (_("Approval document number"), 22),
        (_("Issued on"), 12),
        (_("Status"), 10),
        (_("Photo"), 10),
    ]
    for index, (_header, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.sheet_format.defaultRowHeight = ROW_HEIGHT_POINTS
    sheet.sheet_format.customHeight = True
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    headers = []
    for header, _width in columns:
        cell = WriteOnlyCell(sheet, value=str(header))
        cell.font = bold
        headers.append(cell)
    sheet.append(headers)
    photo_column = get_column_letter(len(columns))
    for row_number, certificate in enumerate(certificates, start=2):
        declaration = certificate.declaration
        values = [
            certificate.holder_name,
            certificate.id_number
            if getattr(certificate, "whole_id_number", False)
            else mask_id_number(certificate.id_number),
            str(Education(declaration.education).label),
            declaration.field_of_study,
            declaration.work_started_on,
            certificate.employer_name,
            declaration.current_title_name,
            declaration.current_title_obtained_on,
            certificate.qualification_name,
            certificate.specialty_name,
            certificate.jury_name,
            certificate.approval_date,
            certificate.number,
            certificate.approval_document_number,
            certificate.issued_on,
            certificate.get_status_display(),
        ]
        sheet.append([safe_cell(sheet, value) for value in values])
        thumbnail = _thumbnail(certificate)
        if thumbnail is not None:
            thumbnail.anchor = f"{photo_column}{row_number}"
            sheet.add_image(thumbnail)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def record_table_export(*, user, membership, certificates, item, path="", request=None) -> None:
    """Every holder in an exported table is recorded: those whose whole ID number was written
    (`membership` chose it and may) as such, the rest as a masked export."""
    everyone = set(certificates.values_list("holder_id", flat=True))
    whole = set(holders_shown_whole(certificates)) if membership is not None else set()
    for subject_ids, whole_id_numbers in ((whole, True), (everyone - whole, False)):
        if subject_ids:
            record_export(
                user=user,
                membership=membership,
                subject_ids=sorted(subject_ids),
                item=item,
                whole_id_numbers=whole_id_numbers,
                path=path,
                request=request,
            )
