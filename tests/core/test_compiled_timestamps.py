"""On PostgreSQL, timestamps are read by psycopg's compiled parser (core/postgres_timestamps.py)
and come out exactly as Django's own loader gives them: the same instant, with Django's time
zone as their tzinfo, for every form PostgreSQL writes them in."""

import datetime

import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import BaseTzLoader
from psycopg.pq import Format

from accounts.models import Organization
from core.postgres_timestamps import TIMESTAMPTZ, compiled_timestamptz_loader, loader_for

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
]

LITERALS = [
    "2026-12-07 06:01:46.123456+00",
    "2026-12-07 14:01:46+08",
    "2026-06-30 23:59:59.5-05:30",
    "2000-02-29 00:00:00.000001+00",
    "0001-01-01 00:00:00+00",
    "9999-12-31 23:59:59.999999+00",
]


def read(literals, loader=None) -> list:
    with connection.cursor() as cursor:
        if loader is not None:
            cursor.cursor.adapters.register_loader(TIMESTAMPTZ, loader)
        selects = ", ".join(f"'{text}'::timestamptz" for text in literals)
        cursor.execute(f"SELECT {selects}")
        return list(cursor.fetchone())


def test_connections_read_timestamps_with_the_compiled_loader():
    assert compiled_timestamptz_loader() is not None, "psycopg[binary] is what we install"
    with connection.cursor() as cursor:
        used = cursor.cursor.adapters.get_loader(TIMESTAMPTZ, Format.TEXT)
    assert used is loader_for(connection.timezone, compiled_timestamptz_loader())


def test_each_value_is_what_django_s_own_loader_gives():
    class DjangoLoader(BaseTzLoader):
        timezone = connection.timezone

    ours, django = read(LITERALS), read(LITERALS, DjangoLoader)
    assert ours == django
    for value in ours:
        assert value.tzinfo is connection.timezone is datetime.UTC


def test_a_saved_time_reads_back_the_same_with_django_s_time_zone():
    saved = datetime.datetime(2026, 12, 7, 14, 1, 46, 123456, tzinfo=datetime.UTC)
    unit = Organization.objects.create(name="时间单位", kind=Organization.Kind.ENTERPRISE)
    Organization.objects.filter(pk=unit.pk).update(created_at=saved)
    read_back = Organization.objects.get(pk=unit.pk).created_at
    assert read_back == saved
    assert read_back.tzinfo is datetime.UTC
