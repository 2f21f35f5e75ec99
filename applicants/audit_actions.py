from django.utils.translation import gettext_lazy as _

from applicants.workflow import TRANSITIONS
from audit.action_labels import label_audit_actions

label_audit_actions({transition.name: transition.label for transition in TRANSITIONS})
label_audit_actions(
    {
        "create": _("Draft created"),
        "update": _("Form changed"),
        "upload_material": _("Material uploaded"),
        "remove_material": _("Material removed"),
        "raise_objection": _("Objection raised in the unit publicity"),
        "resolve_objection": _("Publicity objection resolved"),
        "bar_from_declaring": _("Barred from declaring"),
    }
)
