"""Writes for organizations and accounts. Everything is created top-down: an actor may only
create below the organizations where they hold a managing role."""

import secrets

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts import applicant_import
from accounts.models import IdType, Membership, Organization, Role, User
from accounts.permissions import (
    CHILD_KINDS,
    REVIEWING_ROLES,
    ROLE_ORGANIZATION_KINDS,
    can_grant_role,
    can_manage_organization,
    creatable_kinds,
)
from core.encrypted_fields import matching_any
from core.outbox import send_on_commit
from core.spreadsheet_import import ImportRejected, RowProblem, rejected
from jobs.progress import SILENT

Kind = Organization.Kind


@transaction.atomic
def create_organization(
    *, actor: User | None, parent: Organization | None, name: str, kind: str, credit_code: str
) -> Organization:
    """Create an organization below `parent`. Only a system administrator (actor None or a
    superuser) creates a root; everyone else creates inside a subtree they manage."""
    errors: dict[str, list[str]] = {}
    if parent is None:
        if actor is not None and not actor.is_superuser:
            raise PermissionDenied(_("Only a system administrator can create a top-level bureau."))
        if kind != Kind.PROVINCE_BUREAU:
            errors["kind"] = [_("A top-level organization must be a provincial HR bureau.")]
    else:
        if actor is not None and not actor.is_superuser:
            if not can_manage_organization(actor, parent):
                raise PermissionDenied(
                    _("You can only create organizations within your own jurisdiction.")
                )
            if kind not in creatable_kinds(actor, parent) and kind in CHILD_KINDS[parent.kind]:
                raise PermissionDenied(
                    _("Your role does not allow you to create this kind of organization here.")
                )
        if kind not in CHILD_KINDS[parent.kind]:
            allowed = creatable_kinds(actor, parent) if actor else CHILD_KINDS[parent.kind]
            errors["kind"] = [
                _("Under %(parent)s you can create: %(kinds)s.")
                % {
                    "parent": parent.name,
                    "kinds": _(", ").join(str(Kind(choice).label) for choice in allowed),
                }
                if allowed
                else _("No organization can be created under %(parent)s.") % {"parent": parent.name}
            ]
    organization = Organization(
        name=(name or "").strip(),
        kind=kind,
        credit_code=(credit_code or "").strip().upper(),
        parent=parent,
    )
    organization.path = "/"
    try:
        organization.full_clean(exclude=["path"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    organization.save()
    organization.path = f"{parent.path if parent else '/'}{organization.pk}/"
    organization.save(update_fields=["path"])
    return organization


def check_role_allowed(*, user: User, organization: Organization, role: str) -> None:
    """Raise ValidationError when `user` may not hold `role` in `organization` at all,
    whoever gives it."""
    if role not in ROLE_ORGANIZATION_KINDS:
        raise ValidationError({"role": _("Unknown role.")})
    if organization.kind not in ROLE_ORGANIZATION_KINDS[role]:
        raise ValidationError(
            {
                "role": _(
                    "The role “%(role)s” cannot be held in an organization of kind “%(kind)s”."
                )
                % {"role": Role(role).label, "kind": organization.get_kind_display()}
            }
        )
    if user.pk is None:
        return
    holds = set(
        Membership.objects.filter(user=user, organization=organization, is_active=True).values_list(
            "role", flat=True
        )
    )
    if (role == Role.APPLICANT and holds & REVIEWING_ROLES) or (
        role in REVIEWING_ROLES and Role.APPLICANT in holds
    ):
        raise ValidationError(
            {"role": _("An applicant may not hold a reviewing role in their own unit.")}
        )


def _check_may_grant(actor: User | None, user: User, organization: Organization, role: str):
    if actor is not None and not can_manage_organization(actor, organization):
        raise PermissionDenied(_("You can only manage accounts within your own jurisdiction."))
    check_role_allowed(user=user, organization=organization, role=role)
    if actor is not None and not can_grant_role(actor, organization, role):
        raise PermissionDenied(_("You cannot give this role in this organization."))


@transaction.atomic
def grant_role(
    *, actor: User | None, user: User, organization: Organization, role: str
) -> Membership:
    _check_may_grant(actor, user, organization, role)
    membership, _created = Membership.objects.get_or_create(
        user=user,
        organization=organization,
        role=role,
        defaults={"created_by": actor if actor and actor.pk else None},
    )
    if not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    return membership


def generated_username() -> str:
    return f"u{secrets.token_hex(5)}"


def _new_user(*, username, real_name, id_type, id_number, phone, email) -> User:
    id_number = (id_number or "").strip().upper()
    user = User(
        # An account created for someone without a chosen username signs in with its ID
        # number (accounts/backends.py); the username it gets is not the number, which is kept
        # only encrypted.
        username=(username or "").strip() or generated_username(),
        real_name=(real_name or "").strip(),
        id_type=id_type or IdType.RESIDENT_ID,
        id_number=id_number,
        phone=(phone or "").strip(),
        email=(email or "").strip(),
    )
    return user


def _field_errors(user: User, *, role: str, invited: bool) -> dict[str, list[str]]:
    """Every problem with a new account's own fields, by field; uniqueness is checked apart
    so that a bulk import can do it for all rows in a few queries."""
    errors: dict[str, list[str]] = {}
    try:
        user.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        errors = {field: list(messages) for field, messages in error.message_dict.items()}
    if role == Role.APPLICANT and not user.id_number:
        errors.setdefault("id_number", []).append(
            _("An applicant's ID document number is required.")
        )
    if invited and not user.email:
        errors.setdefault("email", []).append(
            _("An e-mail address is required to send the activation link.")
        )
    if not user.username:
        # The username defaults to the ID number: say what is missing, not "blank username".
        errors.pop("username", None)
        if "id_number" not in errors:
            errors["username"] = [_("Give a username or an ID document number to sign in with.")]
    return errors


def _taken(users: list[User]) -> tuple[set[str], set[tuple[str, str]]]:
    """The usernames and ID documents among `users` that existing accounts already hold."""
    usernames, documents = set(), set()
    batch = 500
    for start in range(0, len(users), batch):
        chunk = users[start : start + batch]
        usernames |= set(
            User.objects.filter(username__in=[u.username for u in chunk if u.username]).values_list(
                "username", flat=True
            )
        )
        # ID numbers are encrypted: found by their digests (core/encrypted_fields.py).
        numbers = matching_any(User, "id_number", [u.id_number for u in chunk])
        documents |= set(User.objects.filter(numbers).values_list("id_type", "id_number"))
    return usernames, documents


def _taken_errors(user: User, usernames, documents) -> dict[str, list[str]]:
    # One problem per person: a known ID number also explains a username derived from it.
    if user.id_number and (user.id_type, user.id_number) in documents:
        return {"id_number": [_("An account with this ID document number already exists.")]}
    if user.username in usernames:
        return {"username": [_("This username is already taken.")]}
    return {}


@transaction.atomic
def create_account(
    *,
    actor: User | None,
    organization: Organization,
    role: str,
    username: str = "",
    real_name: str,
    password: str | None = None,
    id_type: str = IdType.RESIDENT_ID,
    id_number: str = "",
    phone: str = "",
    email: str = "",
) -> User:
    """Create a user and their first role. Without a password the account gets an unusable
    one and is e-mailed an activation link: it signs in only after setting its password."""
    user = _new_user(
        username=username,
        real_name=real_name,
        id_type=id_type,
        id_number=id_number,
        phone=phone,
        email=email,
    )
    _check_may_grant(actor, user, organization, role)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.must_change_password = actor is not None
    errors = _field_errors(user, role=role, invited=not password)
    for field, messages in _taken_errors(user, *_taken([user])).items():
        errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    user.save()
    grant_role(actor=actor, user=user, organization=organization, role=role)
    if not password and user.email:
        _send_activation_on_commit([user])
    return user


def import_applicants(
    *, actor: User, organization: Organization, file, progress=SILENT
) -> list[User]:
    """Create an applicant account for every row of an uploaded template, or none at all:
    any bad row rejects the whole file with every problem found (ImportRejected). The rows
    are checked outside any transaction, reporting to `progress` (jobs/progress.py), and
    saved in one."""
    if not can_grant_role(actor, organization, Role.APPLICANT):
        raise PermissionDenied(_("You can only create applicant accounts in your own unit."))
    sheet = applicant_import.read_rows(file)
    progress.set_total(len(sheet.rows))
    id_types = applicant_import.id_type_lookup()
    errors: list[RowProblem] = []
    users: list[tuple[int, User]] = []
    for row in sheet.rows:
        values = dict(row.values)
        id_type = applicant_import.parse_id_type(values.pop("id_type", ""), id_types)
        if id_type is None:
            errors.append(
                sheet.error(
                    row.number, "id_type", _("Unknown ID document type: choose one from the list.")
                )
            )
            id_type = IdType.RESIDENT_ID
        user = _new_user(id_type=id_type, **{name: values.get(name, "") for name in _ROW_FIELDS})
        user.set_unusable_password()
        user.must_change_password = True
        for name, messages in _field_errors(user, role=Role.APPLICANT, invited=True).items():
            errors.extend(sheet.error(row.number, name, message) for message in messages)
        users.append((row.number, user))
        progress.advance()

    first_row_of = {}
    for number, user in users:
        document, username = ("id", user.id_type, user.id_number), ("username", user.username)
        if user.id_number and document in first_row_of:
            message = _("The same ID document number is on row %(row)d.")
            errors.append(
                sheet.error(number, "id_number", message % {"row": first_row_of[document]})
            )
        elif user.username and username in first_row_of:
            message = _("The same username is on row %(row)d.")
            errors.append(
                sheet.error(number, "username", message % {"row": first_row_of[username]})
            )
        first_row_of.setdefault(document, number)
        first_row_of.setdefault(username, number)
    usernames, documents = _taken([user for _number, user in users])
    for number, user in users:
        for name, messages in _taken_errors(user, usernames, documents).items():
            errors.extend(sheet.error(number, name, message) for message in messages)

    if errors:
        raise ImportRejected(sorted(errors, key=applicant_import.problem_order))
    new_users = [user for _number, user in users]
    try:
        with transaction.atomic():
            User.objects.bulk_create(new_users)
            Membership.objects.bulk_create(
                Membership(
                    user=user, organization=organization, role=Role.APPLICANT, created_by=actor
                )
                for user in new_users
            )
            progress.saved()
    except IntegrityError as error:
        # Another upload or form created one of these people between our check and insert.
        raise rejected(
            _("Some of these accounts were created meanwhile: upload the file again.")
        ) from error
    _send_activation_on_commit(new_users)
    return new_users


_ROW_FIELDS = ("username", "real_name", "id_number", "phone", "email")


def _send_activation_on_commit(users: list[User]) -> None:
    from accounts.tasks import send_activation_email

    language = translation.get_language() or settings.LANGUAGE_CODE
    for user in users:
        send_on_commit(send_activation_email, user.pk, language)


@transaction.atomic
def resend_activation(*, actor: User, user: User) -> None:
    if not any(can_manage_organization(actor, m.organization) for m in user.memberships.all()):
        raise PermissionDenied(_("You can only manage accounts within your own jurisdiction."))
    if user.has_usable_password():
        raise ValidationError(_("This account is already activated."))
    if not user.email:
        raise ValidationError({"email": _("This account has no e-mail address.")})
    _send_activation_on_commit([user])


def activation_path(user: User) -> str:
    return reverse(
        "manage:activate",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


def send_activation_email(*, user_id: int, language: str | None = None) -> bool:
    """E-mail the set-password link; an account that already has a password gets nothing,
    so a redelivered task does no harm."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or user.has_usable_password():
        return False
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "activation_url": settings.SITE_URL.rstrip("/") + activation_path(user),
            "organizations": [
                m.organization for m in user.memberships.select_related("organization")
            ],
            "expires_in_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        }
        subject = render_to_string("accounts/manage/activation_email_subject.txt", context)
        body = render_to_string("accounts/manage/activation_email.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return True


@transaction.atomic
def activate_account(*, user: User, password: str) -> User:
    """Set the first password of an account created for its holder."""
    user.set_password(password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    return user
