# One audit chain per evaluation plan instead of one for the province. Every record written
# so far stays in the general chain "" with its place and hash unchanged, and the existing
# head becomes that chain's head; `sequence` is now the place within a chain.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_personal_data_access"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="auditrecord",
            options={
                "ordering": ["pk"],
                "verbose_name": "audit record",
                "verbose_name_plural": "audit records",
            },
        ),
        migrations.AddField(
            model_name="auditchainhead",
            name="chain",
            field=models.CharField(default="", max_length=32, unique=True),
        ),
        migrations.AddField(
            model_name="auditrecord",
            name="chain",
            field=models.CharField(
                blank=True, default="", editable=False, max_length=32, verbose_name="chain"
            ),
        ),
        migrations.AlterField(
            model_name="auditrecord",
            name="sequence",
            field=models.PositiveBigIntegerField(editable=False),
        ),
        migrations.AddConstraint(
            model_name="auditrecord",
            constraint=models.UniqueConstraint(
                fields=("chain", "sequence"), name="audit_chain_place"
            ),
        ),
    ]
