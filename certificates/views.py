"""Browser pages: filings (the office submits, the bureau approves or returns and watches the
batch), certificates (the holder's own, the bureau's search, export, revocation, reissue),
and the public verification pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.forms import IdNumberSearchForm
from accounts.id_number_access import record_id_number_shown
from accounts.models import Role
from audit.access_log import Kind, record_data_access
from certificates import rate_limit, selectors, services, signing
from certificates.forms import (
    ApproveFilingForm,
    CertificateSearchForm,
    PhotoForm,
    ReasonForm,
    RevokeForm,
    SubmitFilingForm,
    VerifyForm,
    VerifyPdfForm,
)
from certificates.jobs import SEARCH_FIELDS
from certificates.models import Certificate, Filing, HolderPhoto, VerificationLog
from certificates.permissions import (
    bureau_membership,
    may_manage_certificate,
    may_reveal_holder_id,
    offers_export,
    office_membership,
    sees_lookups,
    table_id_number_membership,
)
from core.errors import attempt
from core.masking import mask_id_number
from core.pages import form_page, post_form
from core.saved_filters import register_list, saved_filters_context
from jobs.services import sharing_membership
from jobs.views import export_page
from juries.models import ReviewMeeting

PAGE_SIZE = 50


def _forms(request, shown: bool, **forms):
    """A page's forms, each either the bound one that came back with problems or a new one.
    When the page does not show a form (the action is no longer open to the user), its problems
    become messages so that they are still read."""
    for form in forms.values():
        if form is not None and form.is_bound and not shown:
            for field_errors in form.errors.values():
                for text in field_errors:
                    messages.error(request, text)
    return forms


# --- filings ------------------------------------------------------------------------------


@login_required
def filing_list(request):
    filings = selectors.visible_filings(request.user)
    page = Paginator(filings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "certificates/filing_list.html",
        {"page": page, "meetings": selectors.meetings_awaiting_filing(request.user)},
    )


@login_required
def filing_new(request, meeting_pk):
    meeting = get_object_or_404(ReviewMeeting.objects.select_related("jury", "plan"), pk=meeting_pk)
    if office_membership(request.user, meeting) is None:
        raise Http404
    readiness = selectors.filing_readiness(meeting)
    form = SubmitFilingForm(request.POST or None, readiness=readiness)
    return form_page(
        request,
        "certificates/filing_new.html",
        {"meeting": meeting, "readiness": readiness},
        form=form,
        action=lambda: services.submit_filing(
            actor=request.user,
            meeting=meeting,
            declaration_ids=form.cleaned_data["declarations"],
            note=form.cleaned_data["note"],
        ),
        success=_("The results were submitted to the HR bureau for filing."),
        then=lambda filing: reverse("certificates:filing_detail", args=[filing.pk]),
        refuse_permission=True,
    )


def _visible_filing(request, pk) -> Filing:
    return get_object_or_404(selectors.visible_filings(request.user), pk=pk)


def _filing_page(request, filing, *, approve_form=None, return_form=None, status=200):
    """The filing's page, with the bureau's approve and return forms: new ones, or the one
    that came back with problems (then status 400, what was typed kept)."""
    is_bureau = bureau_membership(request.user, filing.meeting.plan) is not None
    may_decide = is_bureau and filing.status == Filing.Status.SUBMITTED
    may_retry = is_bureau and filing.status == Filing.Status.APPROVED
    forms = _forms(request, may_decide, approve_form=approve_form, return_form=return_form)
    return render(
        request,
        "certificates/filing_detail.html",
        {
            "filing": filing,
            "entries": selectors.filing_entries(filing),
            "progress": selectors.filing_progress(filing),
            "failures": selectors.issue_failures(filing),
            "may_decide": may_decide,
            "may_retry": may_retry,
            "approve_form": forms["approve_form"] or ApproveFilingForm(),
            "return_form": forms["return_form"] or ReasonForm(),
        },
        status=status,
    )


@login_required
def filing_detail(request, pk):
    return _filing_page(request, _visible_filing(request, pk))


@login_required
@require_POST
def filing_approve(request, pk):
    filing = _visible_filing(request, pk)
    form = ApproveFilingForm(request.POST)
    return post_form(
        request,
        form,
        lambda: services.approve_filing(
            filing,
            actor=request.user,
            document_number=form.cleaned_data["document_number"],
            document_date=form.cleaned_data["document_date"],
        ),
        success=_("Filing approved: the certificates are being issued."),
        then=reverse("certificates:filing_detail", args=[filing.pk]),
        failed=lambda: _filing_page(request, filing, approve_form=form, status=400),
        refuse_permission=True,
    )


@login_required
@require_POST
def filing_return(request, pk):
    filing = _visible_filing(request, pk)
    form = ReasonForm(request.POST)
    return post_form(
        request,
        form,
        lambda: services.return_filing(
            filing, actor=request.user, reason=form.cleaned_data["reason"]
        ),
        success=_("The filing was returned to the jury office."),
        then=reverse("certificates:filing_detail", args=[filing.pk]),
        failed=lambda: _filing_page(request, filing, return_form=form, status=400),
        refuse_permission=True,
    )


@login_required
@require_POST
def filing_retry(request, pk):
    filing = _visible_filing(request, pk)
    retried = attempt(
        request,
        lambda: services.retry_certificate_issue(filing, actor=request.user),
        refuse_permission=True,
    )
    if retried and retried.value:
        messages.success(
            request,
            _("%(count)d certificates are being issued again.") % {"count": retried.value},
        )
    elif retried:
        messages.info(request, _("Every certificate of this filing is already issued."))
    return redirect("certificates:filing_detail", filing.pk)


@login_required
def filing_progress(request, pk):
    return JsonResponse(selectors.filing_progress(_visible_filing(request, pk)).as_dict())


# --- certificates -------------------------------------------------------------------------


register_list("certificates:list", ("q", "status", "year"))


def _searched(request):
    form = CertificateSearchForm(request.GET or None)
    return form, selectors.searched_certificates(request.user, form)


@login_required
def certificate_list(request):
    """The certificates the user sees, searched by the address's `q`, `status` and `year`;
    a POST searches by a whole ID number instead, which never goes into an address."""
    id_search = IdNumberSearchForm(request.POST if request.method == "POST" else None)
    if id_search.is_valid():
        form = CertificateSearchForm()
        certificates = selectors.search_certificates(
            selectors.visible_certificates(request.user),
            id_number=id_search.cleaned_data["id_number"],
        )
        query = ""
    else:
        form, certificates = _searched(request)
        query = request.GET.copy()
        query.pop("page", None)
        query = query.urlencode()
    page = Paginator(certificates, PAGE_SIZE).get_page(request.GET.get("page"))
    membership = request.membership
    return render(
        request,
        "certificates/certificate_list.html",
        {
            "form": form,
            "id_search": id_search,
            "searched_by_id_number": id_search.is_bound,
            "page": page,
            "query": query,
            "is_holder": membership is not None and membership.role == Role.APPLICANT,
            "may_export": offers_export(membership),
            "photo": HolderPhoto.objects.filter(person=request.user).first(),
            **saved_filters_context(request, "certificates:list"),
        },
        status=400 if id_search.errors else 200,
    )


@login_required
def certificate_export(request):
    """The certificate information table, made by a background job (certificates/jobs.py):
    a POST with the list's search starts it; a GET (an old link) asks first."""
    source = request.POST if request.method == "POST" else request.GET
    search = {name: source[name] for name in SEARCH_FIELDS if source.get(name)}
    return export_page(
        request,
        "certificates.table_export",
        membership=sharing_membership(request, (Role.HR_BUREAU, Role.ADMIN, Role.JURY_OFFICE)),
        params=search,
        context={"hidden": sorted(search.items()), "back_url": reverse("certificates:list")},
        id_number_membership=table_id_number_membership(request.user, [request.membership]),
    )


def _visible_certificate(request, pk):
    return get_object_or_404(selectors.visible_certificates(request.user), pk=pk)


def _revoke_form(data=None):
    # Both forms of the certificate's page have a reason: their own ids keep them apart.
    return RevokeForm(data, auto_id="revoke-%s")


def _reissue_form(data=None):
    return ReasonForm(data, auto_id="reissue-%s")


def _certificate_page(
    request, certificate, *, revoke_form=None, reissue_form=None, status=200, id_shown=False
):
    """The certificate's page, with the bureau's revoke and reissue forms: new ones, or the one
    that came back with problems (then status 400, what was typed kept). The holder's ID
    number is masked but for the holder, or when `id_shown` (the bureau's recorded reveal)."""
    may_manage = may_manage_certificate(request.user, certificate)
    shown_lookups = sees_lookups(request.user, certificate, manages=may_manage)
    lookups = list(selectors.certificate_lookups(certificate)[:100]) if shown_lookups else []
    organizations = selectors.lookup_organizations(lookups)
    forms = _forms(
        request,
        may_manage and certificate.status == Certificate.Status.VALID,
        revoke_form=revoke_form,
        reissue_form=reissue_form,
    )
    return render(
        request,
        "certificates/certificate_detail.html",
        {
            "certificate": certificate,
            "issues": certificate.issues.select_related("actor"),
            "lookups": [
                {
                    "at": lookup.looked_up_at,
                    "who": lookup.user.real_name if lookup.user else "",
                    "organization": organizations.get(lookup.user_id, ""),
                    "ip": selectors.mask_ip_address(lookup.ip_address),
                    "channel": lookup.get_channel_display(),
                }
                for lookup in lookups
            ],
            "sees_lookups": shown_lookups,
            "may_manage": may_manage,
            "revoke_form": forms["revoke_form"] or _revoke_form(),
            "reissue_form": forms["reissue_form"] or _reissue_form(),
            **_holder_id_number(request, certificate, shown=id_shown),
        },
        status=status,
    )


def _holder_id_number(request, certificate, *, shown) -> dict:
    own = certificate.holder_id == request.user.pk
    whole = own or shown
    return {
        "holder_id_number": certificate.id_number
        if whole
        else mask_id_number(certificate.id_number),
        "id_number_revealed": shown and not own,
        "may_reveal_id_number": not whole
        and may_reveal_holder_id(request.user, request.membership, certificate),
    }


@login_required
def certificate_detail(request, pk):
    return _certificate_page(request, _visible_certificate(request, pk))


def record_certificate_view(request, certificate) -> None:
    record_data_access(
        request,
        subject_ids=[certificate.holder_id],
        kind=Kind.CERTIFICATE,
        item=f"certificate {certificate.number}",
    )


@login_required
@require_POST
def certificate_reveal_id(request, pk):
    """The certificate's page with the holder's whole ID number, for the HR bureau filing it
    nationally; each time is recorded."""
    certificate = _visible_certificate(request, pk)
    if not may_reveal_holder_id(request.user, request.membership, certificate):
        raise PermissionDenied(
            _("Only the HR bureau of this certificate may see the whole ID number.")
        )
    record_id_number_shown(
        request, subject_id=certificate.holder_id, item=f"certificate {certificate.number}"
    )
    response = _certificate_page(request, certificate, id_shown=True)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def certificate_pdf(request, pk):
    certificate = _visible_certificate(request, pk)
    if not certificate.pdf:
        raise Http404(_("The PDF is still being prepared."))
    record_certificate_view(request, certificate)
    return FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=f"{certificate.number}.pdf",
        content_type="application/pdf",
    )


@login_required
@require_POST
def certificate_revoke(request, pk):
    certificate = _visible_certificate(request, pk)
    form = _revoke_form(request.POST)
    return post_form(
        request,
        form,
        lambda: services.revoke_certificate(
            certificate,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            fraud=form.cleaned_data["fraud"],
        ),
        success=_("The certificate was revoked."),
        then=reverse("certificates:detail", args=[certificate.pk]),
        failed=lambda: _certificate_page(request, certificate, revoke_form=form, status=400),
        refuse_permission=True,
    )


@login_required
@require_POST
def certificate_reissue(request, pk):
    certificate = _visible_certificate(request, pk)
    form = _reissue_form(request.POST)
    return post_form(
        request,
        form,
        lambda: services.reissue_certificate(
            certificate, actor=request.user, reason=form.cleaned_data["reason"]
        ),
        success=_("The certificate was reissued with today's date."),
        then=reverse("certificates:detail", args=[certificate.pk]),
        failed=lambda: _certificate_page(request, certificate, reissue_form=form, status=400),
        refuse_permission=True,
    )


@login_required
def photo_upload(request):
    form = PhotoForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        "certificates/photo.html",
        {"photo": HolderPhoto.objects.filter(person=request.user).first()},
        form=form,
        action=lambda: services.upload_holder_photo(
            actor=request.user, image=form.cleaned_data["image"]
        ),
        success=_("Your certificate photo was saved."),
        then=reverse("certificates:list"),
    )


@login_required
def photo_image(request):
    photo = get_object_or_404(HolderPhoto, person=request.user)
    return FileResponse(photo.image.open("rb"), content_type="image/jpeg")


# --- public verification ------------------------------------------------------------------


def verify_form(request):
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        from certificates.numbering import normalize_number

        number = normalize_number(form.cleaned_data["number"])
        if number:
            return redirect("verify:certificate", number=number)
    return render(
        request, "certificates/verify_form.html", {"form": form, "pdf_form": VerifyPdfForm()}
    )


def _verification_limited(request):
    response = render(
        request, "certificates/verify_limited.html", {"form": VerifyForm()}, status=429
    )
    response["Retry-After"] = str(rate_limit.retry_after())
    return response


def verify_certificate(request, number):
    if not rate_limit.allow(request):
        return _verification_limited(request)
    verification = services.look_up_certificate(
        number, channel=VerificationLog.Channel.PAGE, **rate_limit.looker(request)
    )
    return render(
        request,
        "certificates/verify_result.html",
        {
            "verification": verification,
            "form": VerifyForm(initial={"number": number}),
            "pdf_form": VerifyPdfForm(),
        },
    )


def verify_pdf(request):
    """An uploaded certificate PDF: its signature, and its certificate's current status.
    Counted against the same allowance as number look-ups, before the file is read."""
    if request.method != "POST":
        return redirect("verify:form")
    if not rate_limit.allow(request):
        return _verification_limited(request)
    form = VerifyPdfForm(request.POST, request.FILES)
    checked = attempt(
        request,
        lambda: services.verify_certificate_pdf(
            form.cleaned_data["pdf"].read(),
            channel=VerificationLog.Channel.PAGE,
            **rate_limit.looker(request),
        ),
        form=form,
    )
    if not checked:
        return render(
            request,
            "certificates/verify_form.html",
            {"form": VerifyForm(), "pdf_form": form},
            status=400,
        )
    verification = checked.value.verification
    return render(
        request,
        "certificates/verify_result.html",
        {
            "verification": verification,
            "pdf_check": checked.value.signature,
            "superseded_on": checked.value.superseded_on,
            "form": VerifyForm(initial={"number": verification.number} if verification else None),
            "pdf_form": VerifyPdfForm(),
        },
    )


def pdf_signing_certificate(request):
    """The certificate that signs the certificate PDFs, to import as trusted into a PDF reader
    or to give `pdfsig` (docs/domain.md)."""
    from certificates import pdf_signature

    response = HttpResponse(
        pdf_signature.signing_certificate_pem(), content_type="application/x-pem-file"
    )
    response["Content-Disposition"] = 'attachment; filename="certificate-pdf-signer.pem"'
    return response


def public_key(request):
    return render(
        request,
        "certificates/public_key.html",
        {
            "key": signing.current_public_key(),
            "retired_keys": signing.retired_public_keys(),
            "sm2_distinguishing_id": signing.SM2_DISTINGUISHING_ID,
            "development": signing.is_development_key(),
            "verify_url": reverse("verify:form"),
        },
    )
