"""On PostgreSQL a statement a connection keeps running is prepared on the server after
DATABASE_PREPARE_THRESHOLD runs, so that it is planned once per connection instead of once per
request; `DATABASE_PREPARE_THRESHOLD=0` turns that off (a pgbouncer in transaction mode older
than 1.21), and SQLite is left as it is."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from accounts.models import Organization

READ_OPTIONS = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))"
)


def options_with(**environment) -> dict:
    finished = subprocess.run(
        [sys.executable, "-c", READ_OPTIONS],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **environment},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(finished.stdout.strip().splitlines()[-1])


def test_postgresql_prepares_after_five_runs_and_zero_turns_it_off():
    url = "postgres://postgres@127.0.0.1:5432/zhicheng"

    assert options_with(DATABASE_URL=url) == {"server_side_binding": True, "prepare_threshold": 5}
    assert options_with(DATABASE_URL=url, DATABASE_PREPARE_THRESHOLD="0") == {
        "server_side_binding": False,
        "prepare_threshold": None,
    }
    assert options_with(DATABASE_URL="sqlite:///unused.sqlite3") == {}


@pytest.mark.django_db
def test_a_statement_run_again_and_again_is_planned_once_on_the_server():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")

    def prepared() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                ['%"accounts_organization"."credit_code" = $1%'],
            )
            return cursor.fetchone()[0]

    before = prepared()
    for _ in range(settings.DATABASES["default"]["OPTIONS"]["prepare_threshold"] + 1):
        list(Organization.objects.filter(credit_code="91330000000000000X"))

    assert prepared() == before + 1
