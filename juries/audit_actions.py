from django.utils.translation import gettext_lazy as _

from audit.action_labels import label_audit_actions
from juries.meeting_workflow import MOVES

label_audit_actions({f"meeting.{move.name}": move.label for move in MOVES if move.recorded})
label_audit_actions(
    {
        "objection.file": _("Objection to a result filed"),
        "objection.decide": _("Objection to a result decided"),
        "publicity.close": _("Result publicity closed"),
    }
)
