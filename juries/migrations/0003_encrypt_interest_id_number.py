# Written by hand: the ID number of a person an expert declares an interest in, encrypted at
# rest (core/encrypted_fields.py). Existing rows are encrypted with the current key; reversible
# while that key is still configured.

import core.encrypted_fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('juries', '0002_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='expertinterest',
            name='person_id_number',
            field=models.TextField(blank=True, verbose_name="person's ID document number"),
        ),
        core.encrypted_fields.encrypt_existing_rows('juries', 'ExpertInterest', ['person_id_number'], {}),
        migrations.AlterField(
            model_name='expertinterest',
            name='person_id_number',
            field=core.encrypted_fields.EncryptedCharField(blank=True, max_length=32, verbose_name="person's ID document number"),
        ),
    ]
