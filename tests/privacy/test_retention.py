"""Personal data past its retention period goes by itself; a dry run reports first."""

import re
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from accounts.models import SecurityEvent
from applicants import services
from applicants.models import Declaration, Material
from audit.services import find_chain_break
from jobs.models import Job


def old_rejected_declaration(world, years):
    declaration = world.advance(world.create(), Declaration.Status.QUALIFICATION_CHECK)
    declaration = services.reject_declaration(declaration, actor=world.office, reason="不符合条件")
    Declaration.objects.filter(pk=declaration.pk).update(
        updated_at=timezone.now() - timedelta(days=365 * years + 1)
    )
    return declaration


def test_a_dry_run_reports_and_changes_nothing(world, capsys):
    declaration = old_rejected_declaration(world, 4)
    SecurityEvent.objects.create(kind="signed_in", at=timezone.now() - timedelta(days=200))

    call_command("apply_retention", "--dry-run")

    out = capsys.readouterr().out
    assert "dry run" in out
    assert "unsuccessful declarations anonymised" in out
    assert declaration.materials.exists()
    assert SecurityEvent.objects.exists()


def test_what_passed_its_period_goes_and_a_second_run_finds_nothing(world, capsys):
    old = old_rejected_declaration(world, 4)
    recent = world.create(applicant=world.hospital_applicant)
    SecurityEvent.objects.create(kind="signed_in", at=timezone.now() - timedelta(days=200))
    SecurityEvent.objects.create(kind="signed_in", at=timezone.now() - timedelta(days=10))

    call_command("apply_retention")

    assert not Material.objects.filter(declaration=old).exists()
    assert not old.work_history.exists()
    assert Declaration.objects.filter(pk=old.pk, status=Declaration.Status.REJECTED).exists()
    assert recent.materials.exists()
    assert SecurityEvent.objects.count() == 1
    assert find_chain_break() is None

    capsys.readouterr()
    call_command("apply_retention", "--dry-run")
    lines = capsys.readouterr().out.splitlines()[1:]
    assert [re.search(r"\s(\d+)\s+\(kept", line).group(1) for line in lines] == ["0"] * 4


def test_old_export_files_are_deleted(world, tmp_path):
    from django.core.files.base import ContentFile

    job = Job.objects.create(kind="roster", requested_by=world.office, status="succeeded")
    job.result_file.save("roster.xlsx", ContentFile(b"data"))
    Job.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(days=8))
    name = job.result_file.name

    call_command("apply_retention")

    job.refresh_from_db()
    assert not job.result_file
    from django.core.files.storage import default_storage

    assert not default_storage.exists(name)
