"""The declaration list's saved filters move to the one table of saved list filters
(core.SavedListFilter), under the list's URL name, with their ID number digests and masks."""

from django.db import migrations

DECLARATION_LIST = "applicants:list"
DECLARATION_LIST_PATH = "/declarations/"


def move_to_core(apps, schema_editor):
    old = apps.get_model("applicants", "SavedDeclarationFilter")
    new = apps.get_model("core", "SavedListFilter")
    new.objects.bulk_create(
        new(
            owner_id=row.owner_id,
            list_name=DECLARATION_LIST,
            list_path=DECLARATION_LIST_PATH,
            name=row.name,
            query=row.query,
            id_number_digest=row.id_number_digest,
            id_number_masked=row.id_number_masked,
            created_at=row.created_at,
        )
        for row in old.objects.iterator()
    )


def move_back(apps, schema_editor):
    old = apps.get_model("applicants", "SavedDeclarationFilter")
    new = apps.get_model("core", "SavedListFilter")
    old.objects.bulk_create(
        old(
            owner_id=row.owner_id,
            name=row.name,
            query=row.query,
            id_number_digest=row.id_number_digest,
            id_number_masked=row.id_number_masked,
            created_at=row.created_at,
        )
        for row in new.objects.filter(list_name=DECLARATION_LIST).iterator()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("applicants", "0006_saved_declaration_filters"),
        ("core", "0002_saved_list_filters"),
    ]

    operations = [
        migrations.RunPython(move_to_core, move_back),
        migrations.DeleteModel(name="SavedDeclarationFilter"),
    ]
