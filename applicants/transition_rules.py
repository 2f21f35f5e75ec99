"""The guards and effects of the declaration's transition table (applicants/workflow.py)
that look at the declaration itself: the pledge, the eligibility findings, the listed
problems, and what a move records on the declaration. The ones that read the calendar
(publicity windows, correction deadlines) stay beside the table, with `workflow.today`."""

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from applicants.eligibility import blocking_findings
from applicants.models import CorrectionNotice, Declaration, FormSection
from applicants.permissions import needs_department_review
from titles.models import EvaluationPlan

S = Declaration.Status


def require_pledge(declaration, transition, actor):
    if transition.data.get("pledge") is not True:
        raise ValidationError(
            {
                "pledge": _(
                    "Sign the authenticity pledge: the declaration and its materials are true."
                )
            }
        )


def require_no_blocking_findings(declaration, transition, actor):
    blocking = blocking_findings(declaration)
    if blocking:
        raise ValidationError([finding.message for finding in blocking])


def guard_submit(declaration, transition, actor):
    require_pledge(declaration, transition, actor)
    plan = declaration.plan
    if plan.status != EvaluationPlan.Status.OPEN:
        raise ValidationError(
            _("The plan “%(plan)s” is not open for declarations.") % {"plan": plan}
        )
    if not plan.titles.filter(pk=declaration.title_id).exists():
        raise ValidationError(
            _("The plan “%(plan)s” does not evaluate %(title)s.")
            % {"plan": plan, "title": declaration.title}
        )
    require_no_blocking_findings(declaration, transition, actor)


def clean_items(items) -> list[dict]:
    """Return and correction items: each names a form section and the problem in it."""
    cleaned = []
    for item in items or ():
        section = (item.get("section") or "").strip() if isinstance(item, Mapping) else ""
        problem = (item.get("problem") or "").strip() if isinstance(item, Mapping) else ""
        if section not in FormSection.values or not problem:
            raise ValidationError(
                {
                    "items": _(
                        "Each item needs a section of the form and a description of the problem."
                    )
                }
            )
        cleaned.append({"section": section, "problem": problem})
    return cleaned


def guard_return(declaration, transition, actor):
    clean_items(transition.data.get("items"))


def current_correction_notice(declaration) -> CorrectionNotice | None:
    return declaration.correction_notices.order_by("-issued_at", "-pk").first()


def sign_pledge(declaration, transition, actor):
    now = timezone.now()
    declaration.pledge_signed_at = now
    declaration.submitted_at = now


def record_unit_commitment(declaration, transition, actor):
    now = timezone.now()
    declaration.unit_commitment_at = now
    declaration.unit_commitment_by = actor
    declaration.recommended_at = now
    if transition.target == S.RECOMMENDED:
        forward_to_office(declaration, transition, actor)


def forward_to_office(declaration, transition, actor):
    declaration.forwarded_to_office_at = declaration.forwarded_to_office_at or timezone.now()


def issue_correction_notice(declaration, transition, actor):
    CorrectionNotice.objects.create(
        declaration=declaration,
        items=clean_items(transition.data.get("items")),
        deadline=transition.data["deadline"],
        issued_by=actor,
    )


def record_resubmission(declaration, transition, actor):
    now = timezone.now()
    declaration.pledge_signed_at = now
    notice = current_correction_notice(declaration)
    if notice is not None:
        notice.resubmitted_at = now
        notice.save(update_fields=["resubmitted_at"])


def route_recommendation(declaration) -> str:
    return S.DEPARTMENT_REVIEW if needs_department_review(declaration) else S.RECOMMENDED


def refusal_about(declaration, error):
    """The refusal `error` saying which declaration it is about, as a move of many reports
    it: bulk guards and effects raise their refusals through this."""
    if isinstance(error, PermissionDenied):
        return PermissionDenied(
            _("%(declaration)s: %(problem)s") % {"declaration": declaration, "problem": error}
        )
    # The same kind of error (a TransitionRefused stays one), its messages prefixed.
    return type(error)(
        [
            _("%(declaration)s: %(problem)s") % {"declaration": declaration, "problem": message}
            for message in error.messages
        ]
    )
