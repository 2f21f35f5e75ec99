# Written by hand. Until now the reason of a declaration's pass or fail named the chair who
# confirmed the result ("…; confirmed by the chair 王某."), and the applicant's message about
# the move quoted it. The reason no longer names anyone; this takes the chair's name out of
# the messages already stored (in the applicant's inbox and on the declaration's page). The
# audit records keep their reasons (the chain's hashes cover them): the applicant's view of the
# record hides the name when it shows them (applicants/selectors.py `audit_trail`).

from django.db import migrations


def _without_name(text, name):
    return text.replace(f" {name}", "").replace(name, "")


def conceal_chair_in_messages(apps, schema_editor):
    AuditRecord = apps.get_model("audit", "AuditRecord")
    Notification = apps.get_model("notifications", "Notification")
    records = AuditRecord.objects.filter(
        role="expert",
        action__in=("pass", "fail"),
        declaration__isnull=False,
        actor__isnull=False,
    ).values_list("declaration_id", "reason", "actor__real_name")
    for declaration_id, reason, name in records.iterator():
        if not name or not reason or name not in reason:
            continue
        cleaned = _without_name(reason, name)
        messages = Notification.objects.filter(
            url=f"/declarations/{declaration_id}/", body__contains=reason
        )
        for message in messages:
            message.body = message.body.replace(reason, cleaned)
            message.save(update_fields=["body"])


class Migration(migrations.Migration):

    dependencies = [
        ("juries", "0004_review_file_grants"),
        ("audit", "0002_auditrecord_subject"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(conceal_chair_in_messages, migrations.RunPython.noop),
    ]
