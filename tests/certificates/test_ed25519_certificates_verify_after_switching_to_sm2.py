"""Switching CERTIFICATE_SIGNATURE_ALGORITHM to sm2 changes only new signatures: certificates
signed with Ed25519 before keep verifying, with the algorithm and key each one records, as
long as the old public key stays published among the retired keys."""

from django.core.management import call_command

from certificates import services, signing
from certificates.models import Certificate
from tests.certificates.sm2_keys import use_sm2


def switch_to_sm2(settings, *, keep_old_key=True):
    old_public_key = signing.public_key_base64()
    use_sm2(settings)
    settings.CERTIFICATE_RETIRED_PUBLIC_KEYS = [old_public_key] if keep_old_key else []


def test_an_ed25519_certificate_still_verifies_on_the_public_page(issued, client, settings):
    certificate = Certificate.objects.get(holder_name="王芳")
    assert certificate.signature_algorithm == "ed25519"
    switch_to_sm2(settings)

    page = client.get(f"/verify/{certificate.number}/")
    api = client.get(f"/api/v1/verifications/{certificate.number}/").json()

    assert page.status_code == 200
    assert page.context["verification"].result == "valid"
    assert "Signature does not match" not in page.content.decode()
    assert api["result"] == "valid"


def test_without_its_retired_key_an_ed25519_certificate_no_longer_verifies(
    issued, client, settings
):
    certificate = Certificate.objects.get(holder_name="王芳")
    switch_to_sm2(settings, keep_old_key=False)

    api = client.get(f"/api/v1/verifications/{certificate.number}/").json()

    assert api["result"] == "invalid"


def test_a_certificate_reissued_after_the_switch_is_signed_with_sm2(
    issued, client, settings, results, django_capture_on_commit_callbacks
):
    certificate = Certificate.objects.get(holder_name="王芳")
    old_signature = certificate.signature
    switch_to_sm2(settings)

    with django_capture_on_commit_callbacks(execute=True):
        services.reissue_certificate(certificate, actor=results.bureau, reason="证书遗失")

    reissued = Certificate.objects.get(pk=certificate.pk)
    assert reissued.signature_algorithm == "sm2"
    assert reissued.signing_key_id == signing.current_public_key().key_id
    assert reissued.signature != old_signature
    assert client.get(f"/api/v1/verifications/{reissued.number}/").json()["result"] == "valid"


def test_the_signature_command_checks_both_algorithms(
    issued, settings, results, capsys, django_capture_on_commit_callbacks
):
    switch_to_sm2(settings)
    with django_capture_on_commit_callbacks(execute=True):
        services.reissue_certificate(
            Certificate.objects.get(holder_name="王芳"), actor=results.bureau, reason="证书遗失"
        )

    call_command("verify_certificate_signature", "--all")

    algorithms = sorted(Certificate.objects.values_list("signature_algorithm", flat=True))
    assert algorithms == ["ed25519", "ed25519", "sm2"]
    out = capsys.readouterr().out
    assert out.count(": OK") == 3 and "All signatures match" in out
