from django.utils.translation import gettext_lazy as _

from audit.action_labels import label_audit_actions

label_audit_actions(
    {
        "erasure_erase": _("Erasure request granted"),
        "erasure_refuse": _("Erasure request refused"),
        "erasure_withdraw": _("Erasure request withdrawn"),
        "retention_applied": _("Retention period applied"),
    }
)
