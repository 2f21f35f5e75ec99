"""The tone of a declaration's status badge (templates/applicants/_status.html): a list draws
one per row, so the badge looks its tone up instead of comparing the status a dozen times."""

from django import template

from applicants.models import Declaration

register = template.Library()

S = Declaration.Status
TONES = {
    **dict.fromkeys((S.QUALIFIED, S.PASSED, S.FILED, S.CERTIFIED), "success"),
    **dict.fromkeys((S.RETURNED, S.CORRECTION_REQUESTED, S.DRAFT), "warning"),
    **dict.fromkeys((S.REJECTED, S.WITHDRAWN, S.DEEMED_WITHDRAWN, S.FAILED, S.REVOKED), "danger"),
}


@register.filter
def status_tone(status) -> str:
    return TONES.get(status, "info")
