from django.utils.translation import gettext_lazy as _

from audit.action_labels import label_audit_actions

label_audit_actions(
    {
        "submit_filing": _("Filing submitted"),
        "approve_filing": _("Approve the filing"),
        "return_filing": _("Filing returned"),
        "reissue_certificate": _("Certificate reissued"),
    }
)
