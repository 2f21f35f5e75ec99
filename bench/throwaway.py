"""What the stand-alone benchmark scripts share: a throwaway test database on whatever
DATABASE_URL points at, and the organizations they build in it. Django must be set up first."""

from contextlib import contextmanager

from django.db import connection
from django.test.utils import setup_test_environment


@contextmanager
def throwaway_database():
    """A fresh test database for the run, dropped afterwards whatever happens."""
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def organization(name: str, kind, code: int, parent=None):
    """An organization made as the office would, with the demo's valid credit code `code`."""
    from accounts.services import create_organization
    from fixtures.demo_cycle import credit_code

    return create_organization(
        actor=None, parent=parent, name=name, kind=kind, credit_code=credit_code(code)
    )


def staff_member(organization, role, *, username: str, real_name: str, email: str):
    """A user with one role in `organization`."""
    from accounts.models import Membership, User

    user = User.objects.create(username=username, real_name=real_name, email=email)
    Membership.objects.create(user=user, organization=organization, role=role)
    return user
