"""Personal data encrypted at rest (PIPL): resident ID numbers and phone numbers.

`EncryptedCharField` keeps a short string encrypted in its column with AES-256-GCM
(`cryptography`'s AESGCM: a random 96-bit nonce per value, the tag refusing any change). The
column holds "<key id>:<base64(nonce + ciphertext + tag)>", the key id naming the key of
settings.FIELD_ENCRYPTION_KEYS that made it (authenticated with it); "" stays "", so that "has
none" is still a plain condition. Python code sees the plaintext: `user.id_number` is a str.

A ciphertext cannot be searched. `LookupDigestField(source="id_number")` keeps beside it the
HMAC-SHA256 of the normalised value (settings.FIELD_LOOKUP_HMAC_KEY, hex), always the digest
of the source field's current value; it finds a person by their whole number
(`matching(User, "id_number", text)`) and carries the unique constraints. A partial number
finds nothing: the encrypted field refuses every lookup but "is blank", so that no query
silently compares a ciphertext. Saving an instance keeps the digest right (also with
update_fields naming the source in accounts.User.save); a QuerySet.update() or bulk_update()
that changes a source value must set its digest too.

Keys rotate: put a new key first in FIELD_ENCRYPTION_KEYS, keep the old ones listed, and run
`manage.py reencrypt_personal_data`, which also recomputes the digests after the HMAC key
changed. With DEBUG on and no keys configured, development keys are derived from SECRET_KEY
(settings.FIELD_ENCRYPTION_DEVELOPMENT_KEYS, logged once); with DEBUG off the settings refuse
to start without them."""

import base64
import binascii
import hashlib
import hmac
import logging
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import migrations, models
from django.db.models import Q
from django.db.models.lookups import Exact
from django.db.models.query_utils import DeferredAttribute
from django.utils.functional import cached_property

logger = logging.getLogger(__name__)

NONCE_BYTES = 12
DEVELOPMENT_KEY_ID = "dev"
DEVELOPMENT_LABEL = b"zhicheng DEVELOPMENT personal-data key, never for production:"


class DecryptionFailed(ValueError):
    """A stored value that no configured key opens: tampered with, or its key was removed."""


# --- keys ---------------------------------------------------------------------------------


def _development_key(purpose: bytes) -> bytes:
    return hashlib.sha256(DEVELOPMENT_LABEL + purpose + settings.SECRET_KEY.encode()).digest()


def _decode_key(name: str, encoded: str) -> bytes:
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise ImproperlyConfigured(f"{name} must be the base64 of 32 random bytes.")
    return raw


@lru_cache(maxsize=8)
def _keyring(configured: tuple, development: bool) -> tuple[str, dict[str, AESGCM]]:
    if not configured:
        if not development:
            raise ImproperlyConfigured(
                "FIELD_ENCRYPTION_KEYS is not set: personal data cannot be encrypted."
            )
        logger.warning(
            "Personal data is encrypted with a DEVELOPMENT key derived from SECRET_KEY; set "
            "FIELD_ENCRYPTION_KEYS and FIELD_LOOKUP_HMAC_KEY for real data."
        )
        return DEVELOPMENT_KEY_ID, {DEVELOPMENT_KEY_ID: AESGCM(_development_key(b"encryption"))}
    keys = {
        key_id: AESGCM(_decode_key(f"FIELD_ENCRYPTION_KEYS[{key_id}]", encoded))
        for key_id, encoded in configured
    }
    return configured[0][0], keys


def keyring() -> tuple[str, dict[str, AESGCM]]:
    """The current key's id and every configured key by id."""
    configured = tuple(dict(settings.FIELD_ENCRYPTION_KEYS).items())
    return _keyring(configured, settings.FIELD_ENCRYPTION_DEVELOPMENT_KEYS)


def current_key_id() -> str:
    return keyring()[0]


@lru_cache(maxsize=8)
def _hmac_key(configured: str, development: bool) -> bytes:
    if configured:
        return _decode_key("FIELD_LOOKUP_HMAC_KEY", configured)
    if not development:
        raise ImproperlyConfigured(
            "FIELD_LOOKUP_HMAC_KEY is not set: ID numbers cannot be looked up."
        )
    return _development_key(b"lookup")


# --- values -------------------------------------------------------------------------------


def encrypt(plaintext: str) -> str:
    if not plaintext:
        return ""
    key_id, keys = keyring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = keys[key_id].encrypt(nonce, plaintext.encode(), key_id.encode())
    return f"{key_id}:{base64.b64encode(nonce + sealed).decode()}"


def key_id_of(stored: str) -> str:
    """The id of the key that encrypted a stored value ("" for a blank one)."""
    return stored.partition(":")[0] if stored else ""


def decrypt(stored: str) -> str:
    if not stored:
        return ""
    key_id, separator, encoded = stored.partition(":")
    key = keyring()[1].get(key_id)
    if not separator or key is None:
        raise DecryptionFailed(f"No configured key {key_id!r} opens this value.")
    try:
        raw = base64.b64decode(encoded, validate=True)
        plaintext = key.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], key_id.encode())
    except (binascii.Error, ValueError, InvalidTag) as error:
        raise DecryptionFailed(f"A value encrypted with key {key_id!r} was altered.") from error
    return plaintext.decode()


def normalized(value: str) -> str:
    """What two ways of typing the same number share: no spaces, capital X."""
    return "".join((value or "").split()).upper()


def digest_of(value: str, *, kind: str = "id_number") -> str:
    """The keyed hash of a normalised value, hex; "" for a blank one. `kind` keeps an ID
    number's digest apart from any other kind of value's."""
    value = normalized(value)
    if not value:
        return ""
    key = _hmac_key(settings.FIELD_LOOKUP_HMAC_KEY, settings.FIELD_ENCRYPTION_DEVELOPMENT_KEYS)
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


# --- fields -------------------------------------------------------------------------------


class _BlankOnlyExact(Exact):
    def get_prep_lookup(self):
        if self.rhs not in ("", None):
            raise FieldError(_refusal(self.lhs.target, "exact"))
        return super().get_prep_lookup()


def _refusal(field, lookup_name) -> str:
    return (
        f"{field.model.__name__}.{field.name} is encrypted and cannot be compared in SQL "
        f"({lookup_name!r}); match a whole value through its digest: "
        f"core.encrypted_fields.matching({field.model.__name__}, {field.name!r}, value)."
    )


class _EncryptedAttribute(DeferredAttribute):
    """Setting the value marks its digests loaded too, so that saving an instance fetched
    with some fields deferred still writes the digest of a changed value."""

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value
        for digest in self.field.digests:
            instance.__dict__[digest.attname] = digest.digest(value)


class EncryptedCharField(models.CharField):
    """A short string stored encrypted in a text column; `max_length` bounds the plaintext."""

    descriptor_class = _EncryptedAttribute

    @cached_property
    def digests(self) -> list["LookupDigestField"]:
        return [field for field in digest_fields(self.model) if field.source == self.name]

    def db_type(self, connection):
        return connection.data_types["TextField"] % {}

    def cast_db_type(self, connection):
        return self.db_type(connection)

    def get_lookup(self, lookup_name):
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        if lookup_name == "exact":
            return _BlankOnlyExact
        raise FieldError(_refusal(self, lookup_name))

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return value if value is None else encrypt(value)

    def from_db_value(self, value, expression, connection):
        return value if value is None else decrypt(value)


class _DigestAttribute(DeferredAttribute):
    """Always the digest of the source's current value, so a changed number is validated,
    looked up and saved with its own digest; read from the row when the source is deferred."""

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        source = self.field.source_attname
        if source in instance.__dict__:
            return self.field.digest(instance.__dict__[source])
        return super().__get__(instance, cls)

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value


class LookupDigestField(models.CharField):
    """The HMAC of another field's value, for exact look-up and uniqueness."""

    descriptor_class = _DigestAttribute

    def __init__(self, *args, source: str, kind: str = "id_number", **kwargs):
        self.source, self.kind = source, kind
        kwargs.update(max_length=64, blank=True, default="", editable=False, db_index=True)
        super().__init__(*args, **kwargs)

    @property
    def source_attname(self) -> str:
        return self.model._meta.get_field(self.source).attname

    def digest(self, value) -> str:
        return digest_of(value or "", kind=self.kind)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for fixed in ("max_length", "blank", "default", "editable", "db_index"):
            kwargs.pop(fixed, None)
        kwargs.update(source=self.source, kind=self.kind)
        return name, path, args, kwargs


# --- look-ups -----------------------------------------------------------------------------


def digest_field(model, field_name: str) -> LookupDigestField:
    for field in model._meta.concrete_fields:
        if isinstance(field, LookupDigestField) and field.source == field_name:
            return field
    raise FieldError(f"{model.__name__}.{field_name} has no lookup digest.")


def matching(model, field_name: str, value: str, *, prefix: str = "") -> Q:
    """Rows of `model` (or, with `prefix` "person__", rows related to them) whose
    `field_name` is `value`, whole; a blank value matches nothing."""
    return matching_any(model, field_name, [value], prefix=prefix)


def matching_any(model, field_name: str, values, *, prefix: str = "") -> Q:
    field = digest_field(model, field_name)
    digests = sorted({field.digest(value) for value in values} - {""})
    if not digests:
        return Q(**{f"{prefix}pk__in": []})
    if len(digests) == 1:
        return Q(**{f"{prefix}{field.name}": digests[0]})
    return Q(**{f"{prefix}{field.name}__in": digests})


def encrypted_fields(model) -> list[EncryptedCharField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedCharField)]


def digest_fields(model) -> list[LookupDigestField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, LookupDigestField)]


# --- migrations ---------------------------------------------------------------------------


def encrypt_existing_rows(
    app_label: str, model_name: str, fields: list[str], digests: dict[str, tuple[str, str]]
) -> migrations.RunPython:
    """A migration step that encrypts the clear `fields` of every row and fills `digests`
    ({digest column: (source field, kind)}), run while the columns are plain text fields;
    reversed, it decrypts them again (the keys must still be configured)."""
    batch = 1000

    def rewrite(apps, schema_editor, *, forwards):
        model = apps.get_model(app_label, model_name)
        manager = model._base_manager.using(schema_editor.connection.alias)
        last = 0
        while True:
            rows = list(manager.filter(pk__gt=last).order_by("pk").only("pk", *fields)[:batch])
            if not rows:
                return
            for row in rows:
                values = {name: getattr(row, name) or "" for name in fields}
                for column, (source, kind) in digests.items():
                    plain = values[source] if forwards else decrypt(values[source])
                    setattr(row, column, digest_of(plain, kind=kind) if forwards else "")
                for name, value in values.items():
                    setattr(row, name, encrypt(value) if forwards else decrypt(value))
            manager.bulk_update(rows, [*fields, *digests])
            last = rows[-1].pk

    return migrations.RunPython(
        lambda apps, editor: rewrite(apps, editor, forwards=True),
        lambda apps, editor: rewrite(apps, editor, forwards=False),
        elidable=False,
    )


class WholeValueSearchAdmin:
    """An admin mixin whose search box also finds an encrypted value typed whole:
    `encrypted_search_fields = [("person__", User, "id_number")]` (prefix, model, field)."""

    encrypted_search_fields: tuple | list = ()

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term and self.encrypted_search_fields:
            whole = Q()
            for prefix, model, name in self.encrypted_search_fields:
                whole |= matching(model, name, term, prefix=prefix)
            results = results | queryset.filter(whole)
        return results, may_have_duplicates
