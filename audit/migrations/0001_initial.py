# The audit chain moved here from `applicants`: the tables stay where they are
# (applicants_auditrecord, applicants_auditchainhead), only the models' state moves.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("auditrecord", "auditchainhead")


def move_content_types(apps, schema_editor, source="applicants", target="audit"):
    """Existing content types follow the models, so admin log entries and permissions that
    name them keep pointing at them; a fresh database gets them after migrating anyway."""
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not content_type.objects.filter(app_label=target, model=model).exists():
            content_type.objects.filter(app_label=source, model=model).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="audit", target="applicants")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("applicants", "0003_list_order_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="AuditChainHead",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("last_sequence", models.PositiveBigIntegerField(default=0)),
                        ("last_hash", models.CharField(max_length=64)),
                    ],
                    options={
                        "verbose_name": "audit chain head",
                        "db_table": "applicants_auditchainhead",
                    },
                ),
                migrations.CreateModel(
                    name="AuditRecord",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("sequence", models.PositiveBigIntegerField(editable=False, unique=True)),
                        ("action", models.CharField(max_length=40, verbose_name="action")),
                        ("role", models.CharField(max_length=24, verbose_name="role")),
                        ("from_state", models.CharField(blank=True, max_length=24, verbose_name="from")),
                        ("to_state", models.CharField(blank=True, max_length=24, verbose_name="to")),
                        ("reason", models.TextField(blank=True, verbose_name="reason")),
                        ("payload", models.JSONField(blank=True, default=dict, verbose_name="details")),
                        ("created_at", models.DateTimeField(editable=False, verbose_name="at")),
                        ("previous_hash", models.CharField(editable=False, max_length=64)),
                        ("hash", models.CharField(editable=False, max_length=64, unique=True)),
                        (
                            "actor",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "declaration",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="audit_records",
                                to="applicants.declaration",
                            ),
                        ),
                        (
                            "organization",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="accounts.organization",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "audit record",
                        "verbose_name_plural": "audit records",
                        "ordering": ["sequence"],
                        "db_table": "applicants_auditrecord",
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
