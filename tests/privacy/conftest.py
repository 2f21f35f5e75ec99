import pytest
from django.test import Client

from tests.applicants.conftest import World, _only_declaration_checks  # noqa: F401


@pytest.fixture
def world(demo):
    return World(demo)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client
