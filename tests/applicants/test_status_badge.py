"""A declaration's status badge: its label in the reader's language, in the tone of the
status (success for the good ends, warning where the applicant must act, danger for the ends
that stop it, info while it moves on)."""

from django.template.loader import render_to_string
from django.utils.translation import override

from applicants.models import Declaration

S = Declaration.Status
EXPECTED = {
    "success": {S.QUALIFIED, S.PASSED, S.FILED, S.CERTIFIED},
    "warning": {S.RETURNED, S.CORRECTION_REQUESTED, S.DRAFT},
    "danger": {S.REJECTED, S.WITHDRAWN, S.DEEMED_WITHDRAWN, S.FAILED, S.REVOKED},
}


def test_each_status_has_its_badge_tone_and_label():
    for status in S:
        tone = next((tone for tone, statuses in EXPECTED.items() if status in statuses), "info")
        declaration = Declaration(status=status)
        with override("en"):
            html = render_to_string("applicants/_status.html", {"declaration": declaration})
        assert html == f'<span class="badge {tone}">{status.label}</span>', status
    with override("zh-hans"):
        html = render_to_string("applicants/_status.html", {"declaration": Declaration()})
    assert html == '<span class="badge warning">草稿</span>'
