# Written by hand: the phone number a member of the public leaves with a result-publicity
# objection, encrypted at rest (core/encrypted_fields.py), as users' phone numbers are.

import core.encrypted_fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('juries', '0005_conceal_chair_in_messages'),
    ]

    operations = [
        migrations.AlterField(
            model_name='objection',
            name='filer_phone',
            field=models.TextField(verbose_name='phone'),
        ),
        core.encrypted_fields.encrypt_existing_rows('juries', 'Objection', ['filer_phone'], {}),
        migrations.AlterField(
            model_name='objection',
            name='filer_phone',
            field=core.encrypted_fields.EncryptedCharField(max_length=20, verbose_name='phone'),
        ),
    ]
