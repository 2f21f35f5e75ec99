from django.utils.translation import gettext_lazy as _

from audit.action_labels import label_audit_actions

label_audit_actions(
    {
        "certify_hours": _("Hours certified"),
        "reject_hours": _("Hours rejected"),
        "import_hours": _("Hours imported"),
        "import_exam_results": _("Examination results imported"),
        "confirm_completion": _("Yearly completion confirmed"),
    }
)
