# Written by hand: the holder's ID number encrypted at rest (core/encrypted_fields.py), with a
# digest to find a certificate by the whole number. Existing rows are encrypted with the
# current key; reversible while that key is still configured. The signature is over the
# plaintext, so it still verifies.

import core.encrypted_fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('certificates', '0003_list_order_index'),
    ]

    operations = [
        migrations.AlterField(
            model_name='certificate',
            name='id_number',
            field=models.TextField(verbose_name='ID document number'),
        ),
        migrations.AddField(
            model_name='certificate',
            name='id_number_digest',
            field=models.CharField(blank=True, db_index=True, default='', editable=False, max_length=64, verbose_name='ID document number'),
        ),
        core.encrypted_fields.encrypt_existing_rows(
            'certificates', 'Certificate', ['id_number'], {'id_number_digest': ('id_number', 'id_number')}
        ),
        migrations.AlterField(
            model_name='certificate',
            name='id_number',
            field=core.encrypted_fields.EncryptedCharField(max_length=32, verbose_name='ID document number'),
        ),
        migrations.AlterField(
            model_name='certificate',
            name='id_number_digest',
            field=core.encrypted_fields.LookupDigestField(kind='id_number', source='id_number', verbose_name='ID document number'),
        ),
    ]
