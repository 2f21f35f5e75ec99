# The audit chain now belongs to the `audit` app (audit/migrations/0001_initial.py takes the
# same tables over); only the models' state leaves `applicants`, no table is touched.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("applicants", "0003_list_order_index"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="AuditRecord"),
                migrations.DeleteModel(name="AuditChainHead"),
            ],
        ),
    ]
