"""The administrator reads security events in the admin: filterable by kind, in both
languages, and never editable."""

import pytest
from django.test import Client

from accounts.models import Role, SecurityEvent
from accounts.security_events import record_security_event
from tests.factories import AccountFactory

Kind = SecurityEvent.Kind


@pytest.fixture
def administrator(tree):
    user = AccountFactory(username="root-admin", organization=tree.province, role=Role.ADMIN)
    user.is_staff = user.is_superuser = True
    user.save()
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def events(tree):
    record_security_event(Kind.SIGN_IN_FAILED, username="company_hr", user=tree.company_hr)
    record_security_event(Kind.LOCKED_OUT, username="company_hr", user=tree.company_hr)
    record_security_event(Kind.TOKEN_CREATED, user=tree.bureau, detail="abc123")
    record_security_event(Kind.SECOND_FACTOR_ENROLLED, user=tree.bureau)


def test_the_list_filters_by_kind(administrator, events):
    page = administrator.get("/admin/accounts/securityevent/", {"kind": Kind.LOCKED_OUT})

    assert page.status_code == 200
    shown = list(page.context["cl"].result_list)
    assert [event.kind for event in shown] == [Kind.LOCKED_OUT]


def test_the_list_speaks_both_languages(administrator, events, settings):
    chinese = administrator.get("/admin/accounts/securityevent/").content.decode()
    assert "安全事件" in chinese and "因多次失败被锁定" in chinese and "创建 API 令牌" in chinese

    administrator.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = administrator.get("/admin/accounts/securityevent/").content.decode()
    assert "Security events" in english and "Locked out after repeated failures" in english


def test_events_cannot_be_changed_or_deleted(administrator, events):
    event = SecurityEvent.objects.first()
    assert administrator.get("/admin/accounts/securityevent/add/").status_code == 403
    administrator.post(f"/admin/accounts/securityevent/{event.pk}/delete/", {"post": "yes"})
    assert SecurityEvent.objects.filter(pk=event.pk).exists()
