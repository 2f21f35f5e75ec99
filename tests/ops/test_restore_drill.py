"""The restore drill of docs/backup.md: a database holding a whole demo year, and its media,
backed up by scripts/backup.sh and restored by scripts/restore.sh into a new database and an
empty media directory, verify there with `manage.py verify_restore` (same keys): the audit
chain, every certificate's signature and PDF, every proof file's SHA-256. A proof file or an
audit record changed after the restore is named by the drill."""

import io
import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from psycopg import sql

from applicants.models import Material
from audit.models import AuditRecord
from certificates.models import Certificate
from certificates.signing import generate_private_key_base64

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SCRIPTS = Path(django_settings.BASE_DIR) / "scripts"


def database_url(name: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}{port}/{name}"


@pytest.fixture
def demo_year(requires_postgres, settings):
    """The demo year loaded and committed, its certificates signed with a key of this run."""
    settings.CERTIFICATE_SIGNING_KEY = generate_private_key_base64()
    settings.CERTIFICATE_RETIRED_PUBLIC_KEYS = []
    call_command("load_demo", stdout=io.StringIO())
    counts = {
        "Audit records": AuditRecord.objects.count(),
        "Certificates": Certificate.objects.count(),
        "Proof materials": Material.objects.count(),
    }
    assert all(counts.values()), counts  # the drill cannot pass over an empty year
    return counts


@pytest.fixture
def restored_database(requires_postgres):
    """The name of a database that does not exist yet; dropped afterwards, whatever
    happened."""
    name = f"{connection.settings_dict['NAME']}_restored_{uuid.uuid4().hex[:8]}"
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)} WITH (FORCE)")


def run(
    command: list[str], *, database: str, media_root: Path, **env
) -> subprocess.CompletedProcess:
    """A command run as an operator runs it: another process, configured by the environment
    alone, with the keys of the source unless `env` says otherwise."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(database),
        "MEDIA_ROOT": str(media_root),
        "SECRET_KEY": django_settings.SECRET_KEY,
        "CERTIFICATE_SIGNING_KEY": django_settings.CERTIFICATE_SIGNING_KEY,
        "PYTHON": sys.executable,
        "REDIS_URL": "",
        "CELERY_BROKER_URL": "",
        "CELERY_RESULT_BACKEND": "",
        **env,
    }
    result = subprocess.run(
        command,
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    print(command, result.stdout, result.stderr, sep="\n")  # shown when the test fails
    return result


def verify_restore(*, database: str, media_root: Path, **env) -> subprocess.CompletedProcess:
    return run(
        [sys.executable, "manage.py", "verify_restore"],
        database=database,
        media_root=media_root,
        **env,
    )


def counts_in(output: str) -> dict[str, int]:
    return {
        what: int(count) for what, count in re.findall(r"^([\w ]+): (\d+) checked\.$", output, re.M)
    }


def test_a_backup_restores_into_an_empty_database_and_verifies_until_tampered_with(
    demo_year, restored_database, tmp_path
):
    source_media = Path(django_settings.MEDIA_ROOT)
    backup = run(
        ["bash", str(SCRIPTS / "backup.sh"), str(tmp_path / "backups")],
        database=connection.settings_dict["NAME"],
        media_root=source_media,
    )
    assert backup.returncode == 0
    backup_dir = Path(backup.stdout.strip().splitlines()[-1])
    manifest = (backup_dir / "MANIFEST").read_text()
    assert re.search(r"^migration: certificates \d{4}_\w+$", manifest, re.M)
    assert re.search(r"^sha256: [0-9a-f]{64}  database\.dump$", manifest, re.M)
    assert re.search(r"^sha256: [0-9a-f]{64}  media\.tar\.gz$", manifest, re.M)

    restored_media = tmp_path / "restored-media"
    damaged = tmp_path / "damaged-backup"
    shutil.copytree(backup_dir, damaged)
    with open(damaged / "media.tar.gz", "r+b") as archive:
        archive.seek(100)
        byte = archive.read(1)
        archive.seek(100)
        archive.write(bytes([byte[0] ^ 0xFF]))
    refused = run(
        ["bash", str(SCRIPTS / "restore.sh"), str(damaged)],
        database=restored_database,
        media_root=restored_media,
    )
    assert refused.returncode == 1
    assert "an archive does not match its checksum" in refused.stderr
    assert not restored_media.exists()

    restore = run(
        ["bash", str(SCRIPTS / "restore.sh"), str(backup_dir)],
        database=restored_database,
        media_root=restored_media,
    )
    assert restore.returncode == 0
    assert f"Audit chain intact: {demo_year['Audit records']} records in" in restore.stdout

    verified = verify_restore(database=restored_database, media_root=restored_media)
    assert verified.returncode == 0
    checked = counts_in(verified.stdout)
    assert {what: checked.get(what) for what in demo_year} == demo_year
    assert "The restore verifies." in verified.stdout

    other_keys = verify_restore(
        database=restored_database, media_root=restored_media, SECRET_KEY="not the source's"
    )
    assert other_keys.returncode == 1
    assert "encrypted values do not open with FIELD_ENCRYPTION_KEYS" in other_keys.stderr
    assert "certificates not checked: their personal data does not decrypt" in other_keys.stderr

    material = Material.objects.order_by("pk").first()
    proof_file = restored_media / material.file.name
    content = bytearray(proof_file.read_bytes())
    content[-1] ^= 0xFF
    proof_file.write_bytes(content)
    certificate = Certificate.objects.exclude(pdf="").order_by("pk").first()
    (restored_media / certificate.pdf.name).unlink()
    plan_records = AuditRecord.objects.exclude(chain="").order_by("pk")
    altered = plan_records[plan_records.count() // 2]
    update = sql.SQL("UPDATE {} SET reason = reason || ' (altered)' WHERE id = %s")
    with (
        psycopg.connect(database_url(restored_database)) as restored,
        restored.cursor() as cursor,
    ):
        cursor.execute(update.format(sql.Identifier(AuditRecord._meta.db_table)), [altered.pk])

    tampered = verify_restore(database=restored_database, media_root=restored_media)
    assert tampered.returncode == 1
    assert (
        f"FAILED: proof material #{material.pk}: file {material.file.name} SHA-256 does not match"
        in tampered.stderr
    )
    assert (
        f"FAILED: audit chain broken at record #{altered.sequence} of chain {altered.chain}: "
        "content altered" in tampered.stderr
    )
    assert (
        f"FAILED: certificate {certificate.number}: PDF {certificate.pdf.name} missing"
        in tampered.stderr
    )
    assert "The restore does not verify: 3 failures." in tampered.stderr


def test_a_backup_of_a_missing_database_leaves_no_backup_behind(requires_postgres, tmp_path):
    (tmp_path / "media").mkdir()
    backup = run(
        ["bash", str(SCRIPTS / "backup.sh"), str(tmp_path / "backups")],
        database=f"absent_{uuid.uuid4().hex[:8]}",
        media_root=tmp_path / "media",
    )
    assert backup.returncode != 0
    assert list((tmp_path / "backups").iterdir()) == []
