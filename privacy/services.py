"""A person's requests about their own data, and the bureau's decisions on them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from notifications.services import notify
from privacy.erasure import carry_out, erasure_plan
from privacy.erasure_workflow import ES, perform_erasure_move
from privacy.models import ErasureRequest


@transaction.atomic
def request_erasure(*, person: User, reason: str = "") -> ErasureRequest:
    if ErasureRequest.objects.filter(person=person, status=ES.REQUESTED).exists():
        raise ValidationError(_("You already have a request awaiting the bureau's decision."))
    return ErasureRequest.objects.create(person=person, reason=reason.strip())


def withdraw_erasure_request(*, erasure: ErasureRequest, actor: User) -> ErasureRequest:
    return perform_erasure_move(erasure=erasure, move="withdraw", actor=actor, target=ES.WITHDRAWN)


@transaction.atomic
def erase_personal_data(*, erasure: ErasureRequest, actor: User, note: str = "") -> ErasureRequest:
    """Carries out an approved request: what the law keeps stays (each with its reason, shown
    to the person), the rest is anonymised. A person whose account is erased is no longer
    reachable; one whose account stays is told."""
    plan = erasure_plan(erasure.person)
    outcome = carry_out(plan)
    erasure = perform_erasure_move(
        erasure=erasure,
        move="erase",
        actor=actor,
        target=ES.PARTLY_ERASED if plan.kept else ES.ERASED,
        reason=note,
        outcome=outcome,
    )
    if plan.kept:
        notify(
            [erasure.person],
            subject=lambda: _("Your erasure request was carried out in part"),
            body=lambda: _(
                "The bureau erased what it could. Records the law requires to be kept remain; "
                "the reasons are on your personal data page."
            ),
            url=reverse("privacy:my_data"),
        )
    return erasure


def refuse_erasure(*, erasure: ErasureRequest, actor: User, reason: str) -> ErasureRequest:
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the request is refused; the person sees it.")})
    erasure = perform_erasure_move(
        erasure=erasure, move="refuse", actor=actor, target=ES.REFUSED, reason=reason.strip()
    )
    notify(
        [erasure.person],
        subject=lambda: _("Your erasure request was refused"),
        body=lambda: (
            _("The bureau refused your request to erase your data: %(reason)s")
            % {"reason": reason.strip()}
        ),
        url=reverse("privacy:my_data"),
    )
    return erasure
