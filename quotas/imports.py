"""Post data from Excel: the downloadable template and the import. A file with any bad row
saves nothing; every bad row is reported with its row number and reason. Rows are checked
with a fixed handful of queries whatever their number, then written in bulk, and the quota
check is queued to run once the import commits."""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Organization, Role
from accounts.selectors import managing_memberships
from core.outbox import send_on_commit
from core.spreadsheet_import import (
    ChoiceSheet,
    Column,
    ImportRejected,
    RowProblem,
    cell_text,
    data_rows,
    normalized,
    open_sheet,
    rejected,
    write_template,
)
from jobs.progress import SILENT
from quotas.models import PostData, PostLevel
from quotas.permissions import APPROVING_ROLES
from quotas.services import POST_FIGURE_FIELDS, record_post_data_import

TEMPLATE_FILENAME = "post-data-template.xlsx"
QUERY_CHUNK = 5000

# The columns in their fixed order; headers are bilingual so one file serves every reader.
COLUMNS = (
    ("credit_code", "统一社会信用代码", "Unified social credit code", 24),
    ("name", "单位名称（仅供核对）", "Institution name (for reference only)", 30),
    ("year", "年度", "Year", 8),
    ("post_level", "岗位等级", "Post level", 22),
    ("approved_posts", "核准岗位数", "Approved posts", 12),
    ("qualified_hired", "已聘人数", "Qualified and hired", 12),
    ("qualified_not_hired", "具备资格未聘人数", "Qualified, not hired", 14),
    ("freed_by_retirement", "退休空出岗位", "Freed by retirement", 12),
    ("freed_by_transfer", "调出空出岗位", "Freed by transfer", 12),
    ("freed_other", "其他空出岗位", "Freed otherwise", 12),
    ("audit_form_approved", "审核表已审批（是/否）", "Audit form approved (yes/no)", 16),
)
FIELDS = [column[0] for column in COLUMNS]
LEVEL_NAMES_ZH = {
    "正高级": PostLevel.FULL_SENIOR,
    "正高级岗位": PostLevel.FULL_SENIOR,
    "副高级": PostLevel.DEPUTY_SENIOR,
    "副高级岗位": PostLevel.DEPUTY_SENIOR,
    "中级": PostLevel.INTERMEDIATE,
    "中级岗位": PostLevel.INTERMEDIATE,
    "双定向": PostLevel.DOUBLE_ORIENTATION,
    "双定向岗位": PostLevel.DOUBLE_ORIENTATION,
    "双定向基层岗位": PostLevel.DOUBLE_ORIENTATION,
}
YES = {"是", "yes", "y", "true", "1", "已审批", "approved"}
NO = {"否", "no", "n", "false", "0", "未审批"}
LEVEL_SHEET = "岗位等级 Post levels"


@dataclass(frozen=True)
class ImportOutcome:
    created: int
    updated: int
    institutions: int
    years: tuple[int, ...]


def build_template() -> bytes:
    return write_template(
        [
            Column(field, f"{chinese}\n{english}", width, text=field == "credit_code")
            for field, chinese, english, width in COLUMNS
        ],
        title="岗位数据 Post data",
        choice_sheet=ChoiceSheet(
            title=LEVEL_SHEET,
            column="post_level",
            header=("岗位等级", "Post level", "code"),
            rows=[
                (_label_in("zh-hans", value), _label_in("en", value), value)
                for value in PostLevel.values
            ],
            widths=(28, 40, 22),
        ),
    )


def _label_in(language, value) -> str:
    with translation.override(language):
        return str(PostLevel(value).label)


def _level_lookup() -> dict[str, str]:
    lookup = {normalized(name): value for name, value in LEVEL_NAMES_ZH.items()}
    for language, _name in settings.LANGUAGES:
        for value in PostLevel.values:
            lookup[normalized(_label_in(language, value))] = value
    for value in PostLevel.values:
        lookup[normalized(value)] = value
    return lookup


def _whole_number(value, label, errors: list[str], *, required=True):
    if isinstance(value, bool):
        value = None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = cell_text(value)
    if text == "":
        if required:
            errors.append(_("%(column)s is missing.") % {"column": label})
        return 0
    if not text.isdigit():
        errors.append(
            _("%(column)s must be a whole number of zero or more, not “%(value)s”.")
            % {"column": label, "value": text}
        )
        return 0
    return int(text)


def read_rows(file) -> list[tuple[int, tuple]]:
    with open_sheet(file) as sheet:
        cells = sheet.iter_rows(values_only=True)
        header = tuple(next(cells, None) or ())
        found = [normalized(text) for text in header[: len(COLUMNS)]]
        matches = len(found) == len(COLUMNS) and all(
            text.startswith((normalized(chinese)[:4], normalized(english)[:6]))
            for text, (_field, chinese, english, _width) in zip(found, COLUMNS, strict=True)
        )
        if not matches:
            raise rejected(
                _(
                    "The header row is not the template's: download the template and "
                    "keep its columns in their order."
                ),
                row=1,
            )
        return data_rows(cells, len(COLUMNS))


class _Scope:
    """Where the importer may file post data and where they approve it."""

    def __init__(self, actor):
        self.everything = actor.is_superuser
        memberships = list(managing_memberships(actor))
        self.approving_paths = [
            m.organization.path for m in memberships if m.role in APPROVING_ROLES
        ]
        self.own_units = {m.organization_id for m in memberships if m.role == Role.EMPLOYER_HR}

    def approves(self, institution) -> bool:
        return self.everything or any(institution.path.startswith(p) for p in self.approving_paths)

    def files(self, institution) -> bool:
        return self.approves(institution) or institution.pk in self.own_units


def _institutions_by_code(codes) -> dict[str, Organization]:
    codes = sorted(codes)
    found = {}
    for start in range(0, len(codes), QUERY_CHUNK):
        for organization in Organization.objects.filter(
            credit_code__in=codes[start : start + QUERY_CHUNK]
        ):
            found[organization.credit_code] = organization
    return found


def _existing(keys) -> dict[tuple, PostData]:
    institution_ids = sorted({key[0] for key in keys})
    years = sorted({key[1] for key in keys})
    found = {}
    for start in range(0, len(institution_ids), QUERY_CHUNK):
        for row in PostData.objects.filter(
            institution_id__in=institution_ids[start : start + QUERY_CHUNK], year__in=years
        ):
            found[(row.institution_id, row.year, row.post_level)] = row
    return found


def import_post_data(*, actor, file, progress=SILENT) -> ImportOutcome:
    """Check every row, then save them all or nothing. Figures filed by an institution's own
    HR staff wait for the bureau's approval; the bureau's "approved" column approves them.
    The check reports to `progress` (jobs/progress.py) row by row."""
    rows = read_rows(file)
    progress.set_total(len(rows))
    institutions = _institutions_by_code(
        {cell_text(values[0]).upper() for _number, values in rows if cell_text(values[0])}
    )
    scope = _Scope(actor)
    levels = _level_lookup()
    labels = {field: f"{chinese} {english}" for field, chinese, english, _w in COLUMNS}
    parsed, errors, seen = [], [], {}
    for number, values in rows:
        cells = dict(zip(FIELDS, values, strict=True))
        problems: list[str] = []
        code = cell_text(cells["credit_code"]).upper()
        institution = institutions.get(code)
        if not code:
            problems.append(_("%(column)s is missing.") % {"column": labels["credit_code"]})
        elif institution is None or not scope.files(institution):
            # Outside the importer's scope reads as unknown, so the file reveals nothing.
            problems.append(
                _("No institution you file post data for has credit code %(code)s.")
                % {"code": code}
            )
        elif institution.kind != Organization.Kind.PUBLIC_INSTITUTION:
            problems.append(
                _("%(name)s is not a public institution: enterprises are not limited by quotas.")
                % {"name": institution.name}
            )
        year = _whole_number(cells["year"], labels["year"], problems)
        if year and not 2000 <= year <= 2100:
            problems.append(_("The year must be between 2000 and 2100."))
        level = levels.get(normalized(cells["post_level"]))
        if level is None:
            problems.append(
                _("Unknown post level “%(value)s”: use one from the “%(sheet)s” sheet.")
                % {"value": cell_text(cells["post_level"]), "sheet": LEVEL_SHEET}
            )
        figures = {
            field: _whole_number(
                cells[field], labels[field], problems, required=field.startswith(("app", "qual"))
            )
            for field in POST_FIGURE_FIELDS
        }
        approved_text = normalized(cells["audit_form_approved"])
        approval = True if approved_text in YES else False if approved_text in NO else None
        if approval is None and approved_text:
            problems.append(
                _("%(column)s must be yes or no.") % {"column": labels["audit_form_approved"]}
            )
        elif approval and institution is not None and not scope.approves(institution):
            problems.append(_("Only the HR bureau above the institution approves its post data."))
        if institution is not None and level is not None and year:
            key = (institution.pk, year, level)
            if key in seen:
                problems.append(
                    _("Row %(row)s already gives this institution, year and post level.")
                    % {"row": seen[key]}
                )
            seen.setdefault(key, number)
        progress.advance()
        if problems:
            errors.extend(RowProblem(problem, row=number) for problem in problems)
        else:
            parsed.append((institution, year, level, figures, approval, cells["name"]))
    if errors:
        raise ImportRejected(errors)
    return _save(actor, scope, parsed, progress)


@transaction.atomic
def _save(actor, scope, parsed, progress=SILENT) -> ImportOutcome:
    from quotas.tasks import recompute_quotas

    existing = _existing([(institution.pk, year, level) for institution, year, level, *_ in parsed])
    now = timezone.now()
    created, updated = [], []
    for institution, year, level, figures, approval, _name in parsed:
        row = existing.get((institution.pk, year, level))
        if row is None:
            row = PostData(institution=institution, year=year, post_level=level)
            created.append(row)
        else:
            updated.append(row)
        changed = any(getattr(row, field, None) != value for field, value in figures.items())
        for field, value in figures.items():
            setattr(row, field, value)
        # A blank "approved" cell keeps the approval, unless the institution changed figures.
        approve = bool(row.pk) and row.audit_form_approved
        if scope.approves(institution):
            approve = approve if approval is None else approval
        elif changed:
            approve = False
        if approve != row.audit_form_approved or (approve and row.approved_at is None):
            row.audit_form_approved = approve
            row.approved_by = actor if approve else None
            row.approved_at = now if approve else None
        row.updated_by = actor
        row.updated_at = now
    PostData.objects.bulk_create(created, batch_size=2000)
    PostData.objects.bulk_update(
        updated,
        [
            *POST_FIGURE_FIELDS,
            "audit_form_approved",
            "approved_by",
            "approved_at",
            "updated_by",
            "updated_at",
        ],
        batch_size=2000,
    )
    years = tuple(sorted({year for _i, year, *_rest in parsed}))
    send_on_commit(recompute_quotas, list(years))
    outcome = ImportOutcome(
        created=len(created),
        updated=len(updated),
        institutions=len({institution.pk for institution, *_ in parsed}),
        years=years,
    )
    record_post_data_import(
        actor=actor,
        institutions=sorted({institution.pk for institution, *_ in parsed}),
        years=list(years),
        created=outcome.created,
        updated=outcome.updated,
        approved=sum(1 for row in (*created, *updated) if row.audit_form_approved),
    )
    progress.saved()
    return outcome
