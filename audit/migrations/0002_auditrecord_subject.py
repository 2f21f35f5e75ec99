# Decisions about something other than a declaration (a quota approval, a credit-hour claim,
# a review meeting, an objection) name their subject; older records keep it empty.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditrecord",
            name="subject_type",
            field=models.CharField(
                blank=True, max_length=64, null=True, verbose_name="subject type"
            ),
        ),
        migrations.AddField(
            model_name="auditrecord",
            name="subject_id",
            field=models.CharField(blank=True, max_length=64, null=True, verbose_name="subject"),
        ),
        migrations.AddIndex(
            model_name="auditrecord",
            index=models.Index(fields=["subject_type", "subject_id"], name="audit_subject"),
        ),
    ]
