"""Pages for juries and their expert libraries, and for the interests experts declare."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pages import act, form_page, post_form
from juries import permissions, selectors
from juries.forms import ApproveJuryForm, ExpertForm, InterestForm, JuryForm, RemoveExpertForm
from juries.models import Expert, ExpertInterest
from juries.services import experts as services
from juries.views.common import page_forms, row_forms


@login_required
def jury_list(request):
    juries = selectors.visible_juries(request.user).order_by("name")
    form = JuryForm(request.POST or None, actor=request.user)
    return form_page(
        request,
        "juries/jury_list.html",
        {"juries": juries, "can_create": form.fields["office"].queryset.exists()},
        form=form,
        action=lambda: services.create_jury(actor=request.user, **form.cleaned_data),
        success=_("The jury has been set up; it needs the bureau's approval."),
        then=lambda jury: reverse("juries:jury_detail", args=[jury.pk]),
    )


def _remove_expert_form(expert, data=None) -> RemoveExpertForm:
    return RemoveExpertForm(data, auto_id=f"remove-{expert.pk}-%s")


def _jury_page(request, jury, *, removing=None, status=200, **failed):
    """The jury's page with its expert library and the forms open to the reader: new ones, or
    in place of one, the form that came back with problems (`failed`, e.g. expert_form=form,
    or `removing`=(expert, form) for one expert's removal)."""
    is_office = permissions.is_office_staff(request.user, jury)
    forms = {}
    if is_office:
        forms["expert_form"] = ExpertForm(jury=jury)
    if permissions.oversees(request.user, jury):
        forms["approve_form"] = ApproveJuryForm()
    experts = row_forms(
        request,
        selectors.jury_library(jury),
        lambda expert: _remove_expert_form(expert) if is_office and expert.is_active else None,
        removing,
    )
    return render(
        request,
        "juries/jury_detail.html",
        {
            "jury": jury,
            "experts": experts,
            "is_office": is_office,
            **page_forms(request, forms, failed),
        },
        status=status,
    )


@login_required
def jury_detail(request, pk):
    jury = get_object_or_404(selectors.visible_juries(request.user), pk=pk)
    if request.method != "POST":
        return _jury_page(request, jury)
    then = reverse("juries:jury_detail", args=[jury.pk])
    if request.POST.get("action") == "approve":
        if not permissions.oversees(request.user, jury):
            raise PermissionDenied
        form = ApproveJuryForm(request.POST)
        return post_form(
            request,
            form,
            lambda: services.approve_jury(actor=request.user, jury=jury, **form.cleaned_data),
            success=_("The jury is approved."),
            then=then,
            failed=lambda: _jury_page(request, jury, approve_form=form, status=400),
        )
    if not permissions.is_office_staff(request.user, jury):
        raise PermissionDenied
    form = ExpertForm(request.POST, jury=jury)
    return post_form(
        request,
        form,
        lambda: services.add_expert(actor=request.user, jury=jury, **form.cleaned_data),
        success=_("The expert has been added to the library."),
        then=then,
        failed=lambda: _jury_page(request, jury, expert_form=form, status=400),
    )


@login_required
@require_POST
def expert_remove(request, pk):
    expert = get_object_or_404(
        Expert.objects.select_related("jury", "user"),
        pk=pk,
        jury__in=selectors.office_juries(request.user),
    )
    form = _remove_expert_form(expert, request.POST)
    return post_form(
        request,
        form,
        lambda: services.remove_expert(
            actor=request.user, expert=expert, reason=form.cleaned_data["reason"]
        ),
        success=_("%(name)s has left the library.") % {"name": expert.user},
        then=reverse("juries:jury_detail", args=[expert.jury_id]),
        failed=lambda: _jury_page(request, expert.jury, removing=(expert, form), status=400),
    )


@login_required
def interests(request):
    if not permissions.in_an_expert_library(request.user):
        raise PermissionDenied(_("Only experts declare interests."))
    form = InterestForm(request.POST or None)
    return form_page(
        request,
        "juries/interests.html",
        {"interests": selectors.expert_interests(request.user)},
        form=form,
        action=lambda: services.declare_standing_interest(actor=request.user, **form.cleaned_data),
        success=_("Your interest is recorded; it is excluded in every draw."),
        then=reverse("juries:interests"),
    )


@login_required
@require_POST
def interest_withdraw(request, pk):
    interest = get_object_or_404(ExpertInterest, pk=pk, expert__user=request.user)
    return act(
        request,
        lambda: services.withdraw_interest(actor=request.user, interest=interest),
        success=_("The interest has been withdrawn."),
        then=reverse("juries:interests"),
    )
