"""The bureau's quota table as an Excel file, written in openpyxl's write-only mode so that
thousands of institutions stream out in constant memory."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from core.spreadsheet_import import safe_cell
from quotas.models import PostData


def export_quota_table(quotas) -> bytes:
    """`quotas`: Quota rows annotated with `taken` (selectors.visible_quotas)."""
    quotas = list(quotas)
    post_data = {
        (row.institution_id, row.year, row.post_level): row
        for row in PostData.objects.filter(
            institution_id__in={quota.institution_id for quota in quotas},
            year__in={quota.year for quota in quotas},
        )
    }
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Post quotas"))
    widths = (30, 22, 8, 22, 10, 10, 10, 10, 10, 22, 8, 8, 8, 80)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    headers = [
        _("Institution"),
        _("Unified social credit code"),
        _("Year"),
        _("Post level"),
        _("Approved posts"),
        _("Qualified and hired"),
        _("Qualified, not hired"),
        _("Ratio (%)"),
        _("Posts freed"),
        _("Outcome"),
        _("Places"),
        _("Places taken"),
        _("Places left"),
        _("How it was reached"),
    ]
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=str(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for quota in quotas:
        post = post_data.get((quota.institution_id, quota.year, quota.post_level))
        taken = quota.taken
        values = [
            quota.institution.name,
            quota.institution.credit_code,
            quota.year,
            str(quota.get_post_level_display()),
            post.approved_posts if post else None,
            post.qualified_hired if post else None,
            post.qualified_not_hired if post else None,
            float(quota.ratio_percent) if quota.ratio_percent is not None else None,
            post.freed if post else None,
            str(quota.get_outcome_display()),
            quota.places,
            taken,
            quota.places_left,
            " ".join(quota.explanation_texts()),
        ]
        sheet.append([safe_cell(sheet, value) for value in values])
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()
