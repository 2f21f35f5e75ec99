"""Certify or reject many credit-hour claims at once: the ticked claims come back as a preview
of what will happen to each; confirmed, each goes through the one-claim service in its own
transaction, and the page lists every outcome."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from continuing_ed import selectors, services
from continuing_ed.views import _certifying_membership
from core import choice_fields
from core.pages import next_url, tell
from core.per_item import run_each, tally

CERTIFY, REJECT = "certify", "reject"


class BulkDecisionForm(forms.Form):
    records = choice_fields.ModelMultipleChoiceField(
        queryset=None, error_messages={"required": gettext_lazy("Select at least one claim.")}
    )
    decision = forms.ChoiceField(
        choices=[(CERTIFY, gettext_lazy("Certify")), (REJECT, gettext_lazy("Reject"))]
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for rejection"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["records"].queryset = (
            selectors.pending_claims_in(membership)
            .select_related("person", "course")
            .order_by("created_at", "pk")
        )


def _decide(actor, decision, reason):
    if decision == CERTIFY:
        return lambda record: services.certify_hours(actor=actor, record=record)
    return lambda record: services.reject_hours(actor=actor, record=record, reason=reason)


@require_POST
@login_required
def bulk_decide(request):
    membership = _certifying_membership(request)
    form = BulkDecisionForm(request.POST, membership=membership)
    if not form.is_valid():
        tell(request, form)
        return redirect(next_url(request, reverse("continuing_ed:review")))
    records = list(form.cleaned_data["records"])
    decision, reason = form.cleaned_data["decision"], form.cleaned_data["reason"]
    context = {"records": records, "decision": decision, "form": form}
    if request.POST.get("step") != "confirm":
        return render(request, "continuing_ed/bulk_decide.html", context)
    if decision == REJECT and not reason.strip():
        form.add_error("reason", _("Give the reason for rejecting these hours."))
        return render(request, "continuing_ed/bulk_decide.html", context, status=400)
    results = run_each(
        records,
        _decide(request.user, decision, reason),
        success=_("Certified.") if decision == CERTIFY else _("Rejected."),
    )
    if not results:
        messages.info(request, _("Nothing was selected."))
    return render(
        request,
        "continuing_ed/bulk_decide.html",
        {**context, "results": results, **tally(results)},
    )
