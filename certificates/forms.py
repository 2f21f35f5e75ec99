from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate
from core.masking import ID_NUMBER_IN_ADDRESS, looks_like_id_number


class SubmitFilingForm(forms.Form):
    declarations = forms.MultipleChoiceField(
        label=_("Results to file"), widget=forms.CheckboxSelectMultiple, required=True
    )
    note = forms.CharField(
        label=_("Note to the bureau"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, readiness=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["declarations"].choices = [
            (row.declaration.pk, f"{row.declaration.applicant} · {row.declaration.title}")
            for row in readiness
            if row.ready
        ]
        self.fields["declarations"].initial = [
            choice for choice, _label in self.fields["declarations"].choices
        ]


class ApproveFilingForm(forms.Form):
    document_number = forms.CharField(
        label=_("Approval document number"),
        max_length=64,
        help_text=_(
            "The number of the bureau's official document (文号), e.g. 示人社发〔2027〕12号."
        ),
    )
    document_date = forms.DateField(
        label=_("Date of the document"), widget=forms.DateInput(attrs={"type": "date"})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class RevokeForm(ReasonForm):
    fraud = forms.BooleanField(
        label=_("Revoked for fraud: bar the holder from declaring"),
        required=False,
    )


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo"),
        help_text=_("A recent ID photo, JPEG or PNG, at most 5 MB; it is cut to 3:4."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )


class VerifyForm(forms.Form):
    number = forms.CharField(label=_("Certificate number"), max_length=64)

    def __init__(self, *args, **kwargs):
        # The label sits above the field, where a trailing colon reads oddly in Chinese.
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class VerifyPdfForm(forms.Form):
    """A certificate PDF uploaded to the public verification page; what its signature says is
    the service's (services.verify_certificate_pdf)."""

    pdf = forms.FileField(
        label=_("Certificate PDF"),
        help_text=_("The PDF of the certificate as issued, not a scan or a photo of it."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        kwargs.setdefault("auto_id", "pdf-%s")
        super().__init__(*args, **kwargs)

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        limit = settings.VERIFY_PDF_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(size)s: a certificate PDF is much smaller.")
                % {"size": filesizeformat(limit)}
            )
        upload.seek(0)
        if not upload.read(1024).lstrip().startswith(b"%PDF-"):
            raise forms.ValidationError(
                _("The file is not a PDF. Upload the certificate PDF as issued.")
            )
        upload.seek(0)
        return upload


class CertificateSearchForm(forms.Form):
    """The list's search, sent in the address: never a whole ID number (that search is a POST,
    accounts.forms.IdNumberSearchForm)."""

    q = forms.CharField(label=_("Number, name or employer"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any"))] + list(Certificate.Status.choices),
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def clean_q(self):
        query = self.cleaned_data["q"]
        if looks_like_id_number(query):
            raise forms.ValidationError(ID_NUMBER_IN_ADDRESS)
        return query
