"""Errors go to Sentry only when SENTRY_DSN is set, with the Django and Celery integrations and
without personal data (send_default_pii off): the product holds ID and phone numbers."""

import pytest
import sentry_sdk
from django.conf import settings as django_settings

from core.sentry import init_sentry


@pytest.fixture
def no_sentry_afterwards():
    yield
    sentry_sdk.get_client().close()
    sentry_sdk.get_global_scope().set_client(None)


def test_without_a_dsn_nothing_is_initialised(no_sentry_afterwards):
    assert init_sentry("", environment="production", release="", traces_sample_rate=0) is False
    assert not sentry_sdk.get_client().is_active()


def test_the_test_settings_leave_sentry_off():
    assert django_settings.SENTRY_DSN == ""
    assert django_settings.SENTRY_ENABLED is False


def test_with_a_dsn_errors_are_sent_without_personal_data(no_sentry_afterwards):
    started = init_sentry(
        "https://public@sentry.example.invalid/7",
        environment="staging",
        release="zhicheng@1.2.3",
        traces_sample_rate=0,
    )

    client = sentry_sdk.get_client()
    assert started is True and client.is_active()
    assert client.options["send_default_pii"] is False
    assert client.options["environment"] == "staging"
    assert client.options["release"] == "zhicheng@1.2.3"
    assert {"django", "celery"} <= set(client.integrations)
