"""Approving a filing files each declaration and issues its certificate in the background;
each applicant is e-mailed once for both (notifications/services.emails_as_digest)."""

from django.core import mail

from certificates.models import Certificate


def test_each_applicant_of_a_filing_gets_one_email_for_filing_and_certificate(
    results, django_capture_on_commit_callbacks
):
    meeting = results.meeting(3, names=["张伟", "王芳", "李娜"])
    for candidate in meeting.candidates.select_related("declaration__applicant"):
        applicant = candidate.declaration.applicant
        applicant.email = f"{applicant.username}@example.test"
        applicant.save(update_fields=["email"])
    filing = results.submitted_filing(meeting)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        results.approve(filing)

    holders = {c.holder.email: c for c in Certificate.objects.select_related("holder")}
    assert len(holders) == 3
    to_holders = [message for message in mail.outbox if message.to[0] in holders]
    assert sorted(message.to[0] for message in to_holders) == sorted(holders)
    for message in to_holders:
        holder_name = holders[message.to[0]].holder_name
        filed, certified = message.body.split("\n\n")
        assert "/notifications/" in filed.splitlines()[-1]
        assert holder_name in filed and "当前状态：已备案" in filed
        assert holder_name in certified and "当前状态：已取得资格" in certified
