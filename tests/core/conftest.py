"""The accounts tree (tests/accounts/conftest.py) for the shared plumbing's tests."""

from tests.accounts.conftest import tree  # noqa: F401
