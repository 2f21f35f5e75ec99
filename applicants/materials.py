"""Proof materials: only PDF, JPEG and PNG, recognised by their first bytes (a renamed
executable is not a PDF), within the size limits of settings, fingerprinted with SHA-256."""

import hashlib
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# (first bytes, content type, extension on disk)
SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)
HEAD_BYTES = max(len(signature) for signature, _type, _extension in SIGNATURES)


@dataclass(frozen=True)
class CheckedFile:
    original_name: str
    content_type: str
    extension: str
    size: int
    sha256: str


def sniff(head: bytes) -> tuple[str, str] | None:
    for signature, content_type, extension in SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    return None


def check_upload(uploaded_file) -> CheckedFile:
    """Inspect an uploaded file without storing it; raise ValidationError if it is refused."""
    name = PurePath(uploaded_file.name or "").name[:255] or "upload"
    limit = settings.MATERIAL_MAX_FILE_BYTES
    if uploaded_file.size is not None and uploaded_file.size > limit:
        raise ValidationError(
            {
                "file": _("“%(name)s” is larger than %(limit)s, the limit for one file.")
                % {"name": name, "limit": filesizeformat(limit)}
            }
        )
    uploaded_file.seek(0)
    head = uploaded_file.read(HEAD_BYTES)
    kind = sniff(head)
    if kind is None:
        raise ValidationError(
            {
                "file": _(
                    "“%(name)s” is not a PDF, JPEG or PNG file (judged by its content, not its "
                    "name). Only these formats are accepted."
                )
                % {"name": name}
            }
        )
    digest = hashlib.sha256()
    size = 0
    uploaded_file.seek(0)
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
        size += len(chunk)
    uploaded_file.seek(0)
    if size > limit:
        raise ValidationError(
            {
                "file": _("“%(name)s” is larger than %(limit)s, the limit for one file.")
                % {"name": name, "limit": filesizeformat(limit)}
            }
        )
    content_type, extension = kind
    return CheckedFile(name, content_type, extension, size, digest.hexdigest())


def check_declaration_total(current_total: int, added: int) -> None:
    limit = settings.MATERIAL_MAX_DECLARATION_BYTES
    if current_total + added > limit:
        raise ValidationError(
            {
                "file": _(
                    "The materials of one declaration may take at most %(limit)s; this file "
                    "would bring them to %(total)s."
                )
                % {"limit": filesizeformat(limit), "total": filesizeformat(current_total + added)}
            }
        )


def check_uploads(uploaded_files, current_total: int) -> list[CheckedFile]:
    """Inspect every file of one upload before any is stored. When one is refused they all
    are, each refusal naming its file, so an upload is never half done."""
    checked, problems = [], []
    for uploaded_file in uploaded_files:
        try:
            checked.append(check_upload(uploaded_file))
        except ValidationError as error:
            problems.extend(error.messages)
    if not problems:
        try:
            check_declaration_total(current_total, sum(item.size for item in checked))
        except ValidationError as error:
            problems.extend(error.messages)
    if problems:
        if len(uploaded_files) > 1:
            problems.append(
                _("No file was stored: choose the files again, without the refused ones.")
            )
        raise ValidationError({"file": problems})
    return checked
