# Written by hand: ID numbers and phone numbers encrypted at rest (core/encrypted_fields.py).
# The columns become text, every existing row is encrypted with the current key and its ID
# number's digest filled, and the unique ID document constraint moves to the digest. Reversible
# while the keys that encrypted the rows are still configured.

import core.encrypted_fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_sign_in_security'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='user',
            name='unique_id_document',
        ),
        migrations.AlterField(
            model_name='user',
            name='id_number',
            field=models.TextField(blank=True, verbose_name='ID document number'),
        ),
        migrations.AlterField(
            model_name='user',
            name='phone',
            field=models.TextField(blank=True, verbose_name='mobile phone'),
        ),
        migrations.AddField(
            model_name='user',
            name='id_number_digest',
            field=models.CharField(blank=True, db_index=True, default='', editable=False, max_length=64, verbose_name='ID document number'),
        ),
        core.encrypted_fields.encrypt_existing_rows(
            'accounts', 'User', ['id_number', 'phone'], {'id_number_digest': ('id_number', 'id_number')}
        ),
        migrations.AlterField(
            model_name='user',
            name='id_number',
            field=core.encrypted_fields.EncryptedCharField(blank=True, max_length=32, verbose_name='ID document number'),
        ),
        migrations.AlterField(
            model_name='user',
            name='phone',
            field=core.encrypted_fields.EncryptedCharField(blank=True, max_length=20, verbose_name='mobile phone'),
        ),
        migrations.AlterField(
            model_name='user',
            name='id_number_digest',
            field=core.encrypted_fields.LookupDigestField(kind='id_number', source='id_number', verbose_name='ID document number'),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.UniqueConstraint(condition=models.Q(('id_number_digest', ''), _negated=True), fields=('id_type', 'id_number_digest'), name='unique_id_document'),
        ),
    ]
