"""The check every import form makes before it keeps a file for a job: an Excel workbook
(.xlsx, judged by its name and its first bytes) no larger than the limit. A refused file is
answered at once, on the form, and nothing is kept."""

from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

XLSX_SUFFIX = ".xlsx"
ZIP_SIGNATURE = b"PK\x03\x04"  # an .xlsx file is a zip archive


def max_upload_bytes() -> int:
    return settings.BULK_IMPORT_MAX_FILE_BYTES


def validate_spreadsheet(upload) -> None:
    """A form field validator: raise ValidationError unless `upload` is a workbook we take."""
    name = PurePosixPath(getattr(upload, "name", "") or "").name or "upload"
    limit = max_upload_bytes()
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            _("“%(name)s” is larger than %(limit)s, the limit for one file.")
            % {"name": name, "limit": filesizeformat(limit)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(len(ZIP_SIGNATURE))
    upload.seek(0)
    if not name.lower().endswith(XLSX_SUFFIX) or head != ZIP_SIGNATURE:
        raise ValidationError(
            _("This file is not an Excel workbook (.xlsx): fill in the template and upload it."),
            code="not_xlsx",
        )
