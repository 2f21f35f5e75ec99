from django.utils.translation import gettext_lazy as _

from audit.action_labels import label_audit_actions

label_audit_actions(
    {
        "file_post_data": _("Post data filed"),
        "approve_post_data": _("Post data approved"),
        "import_post_data": _("Post data imported"),
        "choose_double_orientation": _("Double-orientation title chosen"),
    }
)
