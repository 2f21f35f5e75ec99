"""The demo cycle loaded once for the tests that only need it there.

Most tests start from the demo year and undo their own writes (each runs in a transaction
rolled back at its end). Loading the demo for each of them took about half the suite's time,
so it is loaded once, inside a transaction of the session left open while those tests run
(theirs nest in it as savepoints), and rolled back before the first test that wants an
empty database or commits for real (transactional and browser tests, which load their own
copy). The sharing tests run first (see `pytest_collection_modifyitems` in conftest.py).

Each test gets fresh objects fetched by primary key, so what one test changes in memory never
reaches the next. TESTS_DEMO_PER_TEST=1 loads the demo for each test again, as before, to tell
whether a failure comes from sharing it."""

import os
from contextlib import ExitStack, contextmanager

from django.db import connection, transaction
from django.test import override_settings
from django.utils import translation

from config.celery import app as celery_app


def shares_the_session_demo(item) -> bool:
    """Whether the test wants the demo inside an ordinary, rolled-back test transaction."""
    fixtures = getattr(item, "fixturenames", ())
    if "demo" not in fixtures or os.environ.get("TESTS_DEMO_PER_TEST") == "1":
        return False
    if {"transactional_db", "live_server", "django_db_reset_sequences"} & set(fixtures):
        return False
    marker = item.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    ):
        return False
    return not (marker is not None and marker.args and marker.args[0])


@contextmanager
def as_the_tests_run(media_root):
    """The settings of the tests' own (see `_test_settings` in conftest.py) for data loaded
    outside a test, for a whole session or module: the demo's passwords verify, nothing it
    writes lands in a test's folder, its messages are in English and its tasks run in
    process."""
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        with (
            override_settings(
                MEDIA_ROOT=media_root,
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
                EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            ),
            translation.override("en"),
        ):
            yield
    finally:
        celery_app.conf.task_always_eager = eager


class SessionDemo:
    # Node ids of the tests that share it, and whether the test being set up is one of them.
    sharing: set[str] = set()
    current_item_shares = False
    _loaded: "SessionDemo | None" = None

    def __init__(self, blocker):
        self.blocker = blocker
        self.atomic = None
        self.keys = None

    @property
    def active(self) -> bool:
        return self.atomic is not None and SessionDemo.current_item_shares

    def load(self, *, media_root) -> None:
        from fixtures.demo_cycle import load_demo_cycle

        with ExitStack() as stack:
            stack.enter_context(self.blocker.unblock())
            stack.enter_context(as_the_tests_run(media_root))
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            try:
                loaded = load_demo_cycle()
            except BaseException:
                self._roll_back()
                raise
        self.keys = {
            "users": {name: user.pk for name, user in loaded["users"].items()},
            "plan": loaded["plan"].pk,
            "jury": loaded["jury"].pk,
        }
        SessionDemo._loaded = self

    def fresh(self) -> dict:
        from accounts.models import User
        from juries.models import Jury
        from titles.models import EvaluationPlan

        users = User.objects.in_bulk(self.keys["users"].values())
        assert len(users) == len(self.keys["users"]), (
            "the session's demo is gone: did a test close the database connection?"
        )
        return {
            "users": {name: users[pk] for name, pk in self.keys["users"].items()},
            "plan": EvaluationPlan.objects.get(pk=self.keys["plan"]),
            "jury": Jury.objects.get(pk=self.keys["jury"]),
        }

    def unload(self) -> None:
        if self.atomic is None:
            return
        with self.blocker.unblock():
            self._roll_back()

    def _roll_back(self) -> None:
        atomic, self.atomic = self.atomic, None
        SessionDemo._loaded = None
        if connection.in_atomic_block:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)

    @classmethod
    def unload_the_loaded(cls) -> None:
        if cls._loaded is not None:
            cls._loaded.unload()
