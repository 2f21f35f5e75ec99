"""A connection kept between requests is checked before reuse, so that a PostgreSQL restart
costs a reconnect, not a 500."""

from django.conf import settings


def test_kept_connections_are_health_checked():
    database = settings.DATABASES["default"]

    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["ENGINE"].startswith("django_prometheus.db.backends.")
