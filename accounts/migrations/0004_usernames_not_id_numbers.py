"""Accounts created without a chosen username used to get their ID number as username, in
clear. They get a generated username; their holders keep signing in with the ID number
(accounts/backends.py)."""

import re
import secrets

from django.db import migrations

RESIDENT_ID_SHAPE = re.compile(r"^\d{17}[\dXx]$")


def rename(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    taken = set(User.objects.values_list("username", flat=True))
    for user in User.objects.filter(username__regex=r"^[0-9]{17}[0-9Xx]$").only("pk", "username"):
        if not RESIDENT_ID_SHAPE.match(user.username):
            continue
        new = f"u{secrets.token_hex(5)}"
        while new in taken:
            new = f"u{secrets.token_hex(5)}"
        taken.add(new)
        User.objects.filter(pk=user.pk).update(username=new)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_encrypt_personal_data")]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
