# Written by hand: each certificate records the algorithm that signed it. Every certificate
# issued before this migration was signed with Ed25519, so the column is added with that
# value whatever CERTIFICATE_SIGNATURE_ALGORITHM says now; new certificates then take the
# configured algorithm.

import certificates.models
from django.db import migrations, models

CHOICES = [('ed25519', 'Ed25519'), ('sm2', 'SM2 (SM3)')]


class Migration(migrations.Migration):

    dependencies = [
        ('certificates', '0004_encrypt_holder_id_number'),
    ]

    operations = [
        migrations.AddField(
            model_name='certificate',
            name='signature_algorithm',
            field=models.CharField(choices=CHOICES, default='ed25519', max_length=8, verbose_name='signature algorithm'),
        ),
        migrations.AlterField(
            model_name='certificate',
            name='signature_algorithm',
            field=models.CharField(choices=CHOICES, default=certificates.models.configured_signature_algorithm, max_length=8, verbose_name='signature algorithm'),
        ),
    ]
