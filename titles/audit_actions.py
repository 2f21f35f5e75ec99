from django.utils.translation import gettext_lazy as _

from audit.action_labels import label_audit_actions

label_audit_actions(
    {
        "calendar_day_set": _("Calendar day set"),
        "calendar_day_removed": _("Calendar day removed"),
        "calendar_year_entered": _("Calendar year entered"),
        "calendar_year_withdrawn": _("Calendar year withdrawn"),
        "calendar_year_imported": _("Calendar year imported"),
    }
)
