"""The audit-log screen of the HR bureau and the administrator: the decisions of the audit
chain, searched and a page at a time, and a tab to the record of who saw whose data.

The audit app stands below accounts (it imports no later app), so roles are named by their
stored values and the labels of roles and states are read from the related models."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from audit import selectors
from audit.action_labels import action_label
from audit.forms import AuditLogFilterForm
from audit.models import AuditRecord
from core.choice_codes import shown_code
from core.saved_filters import register_list, saved_filters_context

PAGE_SIZE = 50
BUREAU, ADMIN = "hr_bureau", "admin"
READING_ROLES = (BUREAU, ADMIN)


def _labels(model, field: str) -> dict[str, str]:
    return {value: str(label) for value, label in model._meta.get_field(field).choices or ()}


def _role_labels() -> dict[str, str]:
    membership = get_user_model()._meta.get_field("memberships").related_model
    return _labels(membership, "role")


def _state_labels(subject_type: str | None) -> dict[str, str]:
    """The labels of the states of a record's subject: a declaration's, or those of the
    subject's own `status` (credit hours are "claimed" and "certified" in words of their own)."""
    model = AuditRecord._meta.get_field("declaration").related_model
    if subject_type:
        try:
            model = apps.get_model(subject_type)
        except (LookupError, ValueError):
            return {}
    if not any(field.name == "status" for field in model._meta.get_fields()):
        return {}
    return _labels(model, "status")


def _subject_label(subject_type: str | None) -> str:
    if not subject_type:
        return ""
    try:
        return str(apps.get_model(subject_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return subject_type


def _reader(request):
    """The reader's role if it may read the log; anyone else is told the page does not exist."""
    membership = getattr(request, "membership", None)
    if membership is None or membership.role not in READING_ROLES:
        raise Http404
    return membership


register_list("audit:audit_log", ("actor", "declaration", "action", "plan", "since", "until"))


@login_required
def audit_log(request):
    membership = _reader(request)
    actions = sorted(
        {(code, action_label(code)) for code in selectors.recorded_actions()},
        key=lambda pair: pair[1],
    )
    form = AuditLogFilterForm(request.GET or None, actions=actions)
    search = form.search() if form.is_valid() else {}
    records = selectors.audit_log_for(
        everything=membership.role == ADMIN or request.user.is_superuser,
        within_paths=[membership.organization.path],
        **search,
    )
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    roles = _role_labels()
    states = {}
    for record in page:
        record.action_label = action_label(record.action)
        record.role_label = roles.get(record.role, record.role) if record.role else ""
        subject = record.subject_type or None
        if subject not in states:
            states[subject] = _state_labels(subject)
        record.from_label = states[subject].get(record.from_state) or shown_code(record.from_state)
        record.to_label = states[subject].get(record.to_state) or shown_code(record.to_state)
        record.plan_number = record.chain.removeprefix("plan:") if record.chain else ""
        record.subject_label = _subject_label(record.subject_type)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/audit_log.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "filtered": bool(search),
            **saved_filters_context(request, "audit:audit_log"),
        },
        status=400 if form.errors else 200,
    )
