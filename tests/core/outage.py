"""Settings pointing a service at a closed port on this machine, as if it were down."""

from contextlib import contextmanager

CLOSED_REDIS = "redis://127.0.0.1:6390/0"


def unreachable_cache() -> dict:
    return {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": CLOSED_REDIS,
            "KEY_PREFIX": "zhicheng",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


class CapturedLog:
    """Records of one logger, without pytest's logging plugin (the suite runs without it)."""

    def __init__(self, logger):
        import logging

        self.logger = logging.getLogger(logger)
        self.records = []
        self.handler = logging.Handler()
        self.handler.emit = self.records.append

    def __enter__(self):
        self.logger.addHandler(self.handler)
        return self

    def __exit__(self, *exc):
        self.logger.removeHandler(self.handler)

    def messages(self) -> list[str]:
        return [record.getMessage() for record in self.records]


@contextmanager
def broker_down():
    """Celery's broker at a closed port while inside: publishing a task fails at once."""
    from config.celery import app as celery_app

    working = celery_app.conf.broker_url
    celery_app.conf.broker_url = CLOSED_REDIS
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    try:
        yield
    finally:
        celery_app.conf.broker_url = working
        celery_app._pool = None
        celery_app.amqp._producer_pool = None
