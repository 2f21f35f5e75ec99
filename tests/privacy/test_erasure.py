"""A person asks for erasure; the bureau of their jurisdiction decides. What the law keeps
stays with its reason; the rest is anonymised; the audit chain records the decision and still
verifies."""

from django.core.files.storage import default_storage
from django.test import Client

from accounts.language import remember_language
from accounts.models import User
from applicants import services
from applicants.models import Declaration, Material
from audit.models import AuditRecord
from audit.services import find_chain_break
from notifications.models import Notification
from privacy.models import ErasureRequest
from tests.factories import PASSWORD
from tests.privacy.conftest import signed_in

ES = ErasureRequest.Status


def ask(person_client, reason="I no longer work in this field."):
    return person_client.post("/privacy/", {"reason": reason})


def test_a_person_with_nothing_to_keep_is_erased_entirely(world, settings):
    person = world.new_applicant("leaver", 7)
    person.set_password(PASSWORD)
    person.save()
    withdrawn = world.create(applicant=person, title=world.intermediate)
    services.withdraw_declaration(withdrawn, actor=person, reason="changed my mind")
    draft = world.create(applicant=person)
    files = [m.file.name for m in Material.objects.filter(declaration__applicant=person)]
    assert files and all(default_storage.exists(name) for name in files)

    assert ask(signed_in(person)).status_code == 302
    erasure = ErasureRequest.objects.get(person=person)
    bureau = signed_in(world.bureau)
    preview = bureau.get(f"/privacy/erasure-requests/{erasure.pk}/")
    assert "The account is anonymised and closed." in preview.content.decode()

    decided = bureau.post(
        f"/privacy/erasure-requests/{erasure.pk}/", {"decision": "erase", "reason": ""}
    )

    assert decided.status_code == 302
    erasure.refresh_from_db()
    assert erasure.status == ES.ERASED
    assert sorted(erasure.outcome["erased_declarations"]) == sorted([draft.pk, withdrawn.pk])
    person = User.objects.get(pk=person.pk)
    assert person.username == f"erased-{person.pk}"
    assert (person.email, person.phone, person.id_number, person.is_active) == ("", "", "", False)
    assert not Material.objects.filter(declaration__applicant=person).exists()
    assert not any(default_storage.exists(name) for name in files)
    assert not Declaration.objects.get(pk=draft.pk).work_history.exists()
    refused = Client().post("/login/", {"username": "leaver", "password": PASSWORD})
    assert not refused.wsgi_request.user.is_authenticated
    assert find_chain_break() is None
    record = AuditRecord.objects.get(action="erasure_erase")
    assert record.actor == world.bureau and record.to_state == ES.ERASED
    assert "leaver" not in str(record.payload)


def test_records_the_law_keeps_stay_with_their_reason(world):
    declaration = world.advance(world.create(), Declaration.Status.QUALIFICATION_CHECK)
    person = world.applicant
    remember_language(person, "en")  # the messages they are sent are written in English
    ask(signed_in(person))
    erasure = ErasureRequest.objects.get(person=person)

    signed_in(world.bureau).post(
        f"/privacy/erasure-requests/{erasure.pk}/", {"decision": "erase", "reason": "As asked."}
    )

    erasure.refresh_from_db()
    assert erasure.status == ES.PARTLY_ERASED
    assert erasure.outcome["kept_declarations"][0]["declaration"] == declaration.pk
    person.refresh_from_db()
    assert person.is_active and person.username == "applicant"
    assert declaration.materials.exists()
    page = signed_in(person).get("/privacy/").content.decode()
    assert "Erased except records kept by law" in page
    assert "still being processed" in page
    assert Notification.objects.filter(
        recipient=person, subject="Your erasure request was carried out in part"
    ).exists()
    assert find_chain_break() is None


def test_a_refusal_needs_a_reason_that_the_person_is_told(world):
    ask(signed_in(world.applicant))
    erasure = ErasureRequest.objects.get()
    bureau = signed_in(world.bureau)

    blank = bureau.post(
        f"/privacy/erasure-requests/{erasure.pk}/", {"decision": "refuse", "reason": " "}
    )
    assert blank.status_code == 400
    erasure.refresh_from_db()
    assert erasure.status == ES.REQUESTED

    bureau.post(
        f"/privacy/erasure-requests/{erasure.pk}/",
        {"decision": "refuse", "reason": "Your title evaluation is under way."},
    )
    erasure.refresh_from_db()
    assert erasure.status == ES.REFUSED
    message = Notification.objects.get(recipient=world.applicant)
    assert "Your title evaluation is under way." in message.body


def test_one_request_at_a_time_and_it_can_be_withdrawn(world):
    person = signed_in(world.applicant)
    ask(person)
    again = ask(person)
    assert again.status_code == 400
    assert ErasureRequest.objects.count() == 1

    erasure = ErasureRequest.objects.get()
    person.post(f"/privacy/requests/{erasure.pk}/withdraw/")
    erasure.refresh_from_db()
    assert erasure.status == ES.WITHDRAWN


def test_only_the_bureau_of_the_persons_jurisdiction_decides(world, tree_outside=None):
    ask(signed_in(world.applicant))
    erasure = ErasureRequest.objects.get()

    for outsider in (world.office, world.employer, world.hospital_applicant):
        assert (
            signed_in(outsider).get(f"/privacy/erasure-requests/{erasure.pk}/").status_code == 404
        )
    assert (
        signed_in(world.bureau).get(f"/privacy/erasure-requests/{erasure.pk}/").status_code == 200
    )
