"""ID numbers and phone numbers are encrypted at rest (core/encrypted_fields.py): code reads
plaintext, the table holds "<key id>:<ciphertext>", keys rotate with a command, a changed
ciphertext is refused, and a whole number is found and kept unique through its digest."""

import base64
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import FieldError, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test import Client

from accounts.models import IdType, Role, User
from accounts.services import create_account
from core.encrypted_fields import DecryptionFailed, matching
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519491231002X"
PHONE = "13912345678"


def new_key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


@pytest.fixture
def keys(settings):
    """Real configured keys, as in production, instead of the development ones."""
    first = new_key()
    settings.FIELD_ENCRYPTION_KEYS = {"k1": first}
    settings.FIELD_LOOKUP_HMAC_KEY = new_key()
    settings.FIELD_ENCRYPTION_DEVELOPMENT_KEYS = False
    return {"k1": first}


def stored(user, column="id_number"):
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{column}" FROM {User._meta.db_table} WHERE id = %s', [user.pk])  # noqa: S608
        return cursor.fetchone()[0]


def person(username="lisi", id_number=ID_NUMBER, phone=PHONE, **extra):
    return User.objects.create(
        username=username, real_name="李四", id_number=id_number, phone=phone, **extra
    )


def test_code_reads_plaintext_while_the_table_holds_ciphertext_naming_its_key(keys):
    user = person()

    again = User.objects.get(pk=user.pk)
    assert (again.id_number, again.phone) == (ID_NUMBER, PHONE)
    assert User.objects.filter(pk=user.pk).values_list("id_number", flat=True).get() == ID_NUMBER
    for column, plain in (("id_number", ID_NUMBER), ("phone", PHONE)):
        raw = stored(user, column)
        assert raw.startswith("k1:") and plain not in raw
    # The same number encrypts differently each time (a fresh nonce).
    assert stored(person("wangwu", id_number="110105194912310038")) != stored(user)


def test_a_blank_number_stays_blank(keys):
    user = person(id_number="", phone="")

    assert stored(user) == "" and stored(user, "phone") == ""
    assert User.objects.get(pk=user.pk).id_number == ""
    assert User.objects.filter(pk=user.pk, id_number="").exists()


def test_old_ciphertext_still_reads_after_a_new_key_and_the_command_moves_rows_to_it(
    keys, settings
):
    user = person()
    blank = person("blank", id_number="", phone="")
    settings.FIELD_ENCRYPTION_KEYS = {"k2": new_key(), **keys}

    assert User.objects.get(pk=user.pk).id_number == ID_NUMBER
    assert stored(user).startswith("k1:")
    assert stored(person("newcomer", id_number="110105194912310038")).startswith("k2:")

    call_command("reencrypt_personal_data", stdout=StringIO())

    assert stored(user).startswith("k2:") and stored(user, "phone").startswith("k2:")
    assert stored(blank) == ""
    settings.FIELD_ENCRYPTION_KEYS = {"k2": settings.FIELD_ENCRYPTION_KEYS["k2"]}
    again = User.objects.get(pk=user.pk)
    assert (again.id_number, again.phone) == (ID_NUMBER, PHONE)


def test_the_command_recomputes_the_digests_after_the_lookup_key_changed(keys, settings):
    user = person()
    settings.FIELD_LOOKUP_HMAC_KEY = new_key()
    assert not User.objects.filter(matching(User, "id_number", ID_NUMBER)).exists()

    call_command("reencrypt_personal_data", stdout=StringIO())

    assert User.objects.get(matching(User, "id_number", ID_NUMBER)) == user


def test_a_changed_ciphertext_is_refused(keys):
    user = person()
    raw = stored(user)
    sealed = bytearray(base64.b64decode(raw.partition(":")[2]))
    sealed[-1] ^= 1
    tampered = "k1:" + base64.b64encode(bytes(sealed)).decode()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {User._meta.db_table} SET id_number = %s WHERE id = %s",  # noqa: S608
            [tampered, user.pk],
        )

    with pytest.raises(DecryptionFailed):
        User.objects.get(pk=user.pk)


def test_a_value_whose_key_was_removed_is_refused(keys, settings):
    user = person()
    settings.FIELD_ENCRYPTION_KEYS = {"k2": new_key()}

    with pytest.raises(DecryptionFailed):
        User.objects.get(pk=user.pk)


def test_a_whole_number_is_found_by_its_digest_however_it_is_typed(keys):
    user = person()

    for typed in (ID_NUMBER, ID_NUMBER.lower(), f" {ID_NUMBER[:6]} {ID_NUMBER[6:]} "):
        assert list(User.objects.filter(matching(User, "id_number", typed))) == [user]
    assert not User.objects.filter(matching(User, "id_number", ID_NUMBER[:10])).exists()
    assert not User.objects.filter(matching(User, "id_number", "")).exists()
    assert ID_NUMBER not in User.objects.get(pk=user.pk).id_number_digest


def test_comparing_the_ciphertext_in_sql_is_refused_with_the_way_out(keys):
    for lookup in ("id_number", "id_number__startswith", "id_number__in", "phone__icontains"):
        value = [ID_NUMBER] if lookup.endswith("__in") else ID_NUMBER
        with pytest.raises(FieldError, match="matching"):
            list(User.objects.filter(**{lookup: value}))


def test_one_account_per_id_document(keys):
    person()

    with pytest.raises(IntegrityError), transaction.atomic():
        person("twin")
    # The same characters on another kind of document are another document.
    assert person("traveller", id_type=IdType.PASSPORT).pk


def test_creating_an_account_with_a_known_number_is_refused(keys):
    unit = OrganizationFactory(parent=OrganizationFactory())
    person()

    with pytest.raises(ValidationError) as refusal:
        create_account(
            actor=None,
            organization=unit,
            role=Role.APPLICANT,
            username="twin",
            real_name="李四",
            password="a-long-enough-password-1",
            id_number=ID_NUMBER.lower(),
        )
    assert refusal.value.message_dict == {
        "id_number": ["An account with this ID document number already exists."]
    }


def test_changing_a_number_saves_its_new_digest(keys):
    user = person()
    other = "110105194912310038"

    user.id_number = other
    user.save(update_fields=["id_number"])
    deferred = User.objects.only("pk", "phone").get(pk=user.pk)
    deferred.id_number = ID_NUMBER
    deferred.save()

    assert User.objects.get(matching(User, "id_number", ID_NUMBER)) == user
    assert not User.objects.filter(matching(User, "id_number", other)).exists()


def test_with_debug_off_and_no_keys_the_product_refuses_to_start():
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in ("FIELD_ENCRYPTION_KEYS", "FIELD_LOOKUP_HMAC_KEY")
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=django_settings.BASE_DIR,
        env={**environment, "DEBUG": "0", "SECRET_KEY": "x" * 60},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS and FIELD_LOOKUP_HMAC_KEY must be set" in result.stderr


def test_the_admin_finds_an_account_by_its_whole_id_number_only(keys):
    administrator = User.objects.create(username="root-admin", is_staff=True, is_superuser=True)
    person()
    client = Client()
    client.force_login(administrator)

    def usernames_found(term):
        response = client.get("/admin/accounts/user/", {"q": term})
        assert response.status_code == 200
        return {found.username for found in response.context["cl"].result_list}

    assert usernames_found(ID_NUMBER.lower()) == {"lisi"}
    assert usernames_found("lis") == {"lisi"}
    assert usernames_found(ID_NUMBER[:8]) == set()
