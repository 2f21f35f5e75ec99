import os
import shutil
import uuid
from datetime import date

import pytest
from django.conf import settings as django_settings
from django.db import OperationalError
from django.utils import translation

from config.celery import app as celery_app
from tests.celery_worker import celery_worker
from tests.parallel_workers import name_test_databases_for_worker, record_database
from tests.pdf_reading import PDF_TOOLS
from tests.session_demo import SessionDemo, shares_the_session_demo

IN_CI = os.environ.get("CI", "").lower() == "true"
# Playwright's sync API keeps an event loop running in the main thread from the first browser
# test to the end of the session; every later ORM call there (test code, database flushes) is
# still synchronous, so Django's async-safety guard must stand down for the whole run.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = "/usr/bin/chromium"


def database_description():
    engine = django_settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    host = django_settings.DATABASES["default"].get("HOST") or "embedded file"
    return f"{engine} ({host})"


def pytest_report_header(config):
    redis = django_settings.REDIS_URL or "none: Celery tasks run in-process"
    return [f"database: {database_description()}", f"redis: {redis}"]


def pytest_sessionstart(session):
    if IN_CI and "postgresql" not in django_settings.DATABASES["default"]["ENGINE"]:
        pytest.exit("CI=true but the suite is not on PostgreSQL: DATABASE_URL is not set", 1)
    if IN_CI and not django_settings.REDIS_URL:
        pytest.exit("CI=true but REDIS_URL is not set", 1)


@pytest.fixture(scope="session")
def django_db_modify_db_settings_xdist_suffix(request):
    """pytest-django's naming of each worker's test database, knowing our SQLite engine."""
    worker = getattr(request.config, "workerinput", {}).get("workerid")
    if worker:
        name_test_databases_for_worker(django_settings.DATABASES, worker)


@pytest.fixture(scope="session", autouse=True)
def _record_database(django_db_setup, django_db_blocker):
    from django.db import connection

    version = ""
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock():
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SHOW server_version")
                    version = cursor.fetchone()[0]
            except OperationalError:
                return  # pytest-django sets up no database when no selected test uses one
    record_database(f"{connection.vendor} {version}".strip())


@pytest.fixture(scope="session", autouse=True)
def _celery_queue_of_this_run():
    """Real-worker tests send tasks to a queue of this run alone, so that messages left on the
    shared Redis by another run (or a developer's worker) are never consumed here."""
    if not django_settings.REDIS_URL:
        yield
        return
    from kombu import Queue

    from core import background

    default_queue, queues = celery_app.conf.task_default_queue, celery_app.conf.task_queues
    prefix = django_settings.TASK_QUEUE_PREFIX
    django_settings.TASK_QUEUE_PREFIX = f"zhicheng-tests-{uuid.uuid4().hex}-"
    celery_app.conf.task_default_queue = background.queue_name("celery")
    # A test worker consumes every queue of the run (the kinds of work, and the default).
    celery_app.conf.task_queues = [
        Queue(background.queue_name(kind)) for kind in ("celery", *background.QUEUES)
    ]
    yield
    celery_app.control.purge()
    django_settings.TASK_QUEUE_PREFIX = prefix
    celery_app.conf.task_default_queue, celery_app.conf.task_queues = default_queue, queues


@pytest.fixture(scope="session", autouse=True)
def _coming_year_in_the_holiday_package():
    """Many tests open windows and deadlines from the real date; from mid-December they reach
    next year, which the pinned chinesecalendar release may not cover, and the product then
    refuses them (titles/working_days.py). So that the suite does not depend on the day it
    runs, a year the package lacks, up to next year, stands in as if a release covered it:
    New Year's Day as the only holiday. Test data, not a State Council notice; the tests of
    unknown years hold the package to its shipped years (tests/titles/conftest.py)."""
    from titles import working_days

    shipped_years = working_days._PACKAGE_YEARS
    added = [
        date(year, 1, 1)
        for year in range(shipped_years.stop, date.today().year + 2)
        if date(year, 1, 1) not in working_days._PACKAGE_HOLIDAYS
    ]
    for new_years_day in added:
        working_days._PACKAGE_HOLIDAYS[new_years_day] = "New Year's Day"
    working_days._PACKAGE_YEARS = range(
        shipped_years.start, max(shipped_years.stop, date.today().year + 2)
    )
    yield
    working_days._PACKAGE_YEARS = shipped_years
    for new_years_day in added:
        del working_days._PACKAGE_HOLIDAYS[new_years_day]


@pytest.fixture
def package_up_to_2026(monkeypatch):
    """The holiday package as chinesecalendar 1.11.0 ships it, covering the years up to 2026,
    so that 2027 stays a year nobody knows after the package is upgraded."""
    monkeypatch.setattr("titles.working_days._PACKAGE_YEARS", range(2004, 2027))


@pytest.fixture(autouse=True)
def _english_unless_chosen():
    """Services called directly speak the active language, Chinese by default; tests read
    their messages in English unless they activate Chinese themselves. Pages choose their
    language per request (Chinese first), whatever is active here."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Tasks run in-process unless a test asks for a real worker (see `celery_worker_on_redis`).
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = eager
    if django_settings.REDIS_URL:
        # A test that sent tasks without a worker to run them leaves nothing for the next one.
        celery_app.control.purge()


@pytest.fixture
def requires_postgres():
    from django.db import connection

    if connection.vendor != "postgresql":
        if IN_CI:
            pytest.fail("This test needs PostgreSQL, and CI must provide it.")
        pytest.skip("needs PostgreSQL (running on SQLite)")


@pytest.fixture
def requires_redis():
    if not django_settings.REDIS_URL:
        if IN_CI:
            pytest.fail("This test needs Redis, and CI must provide it.")
        pytest.skip("needs Redis (unreachable, tasks run in-process)")


@pytest.fixture
def tasks_on_redis(requires_redis):
    """Tasks go to this run's queue on Redis instead of running in-process; a test starts
    a worker with `tests.celery_worker.celery_worker()` when it wants them run."""
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = True


@pytest.fixture
def real_celery_worker(tasks_on_redis):
    """A real Celery worker on Redis for the whole test."""
    with celery_worker():
        yield


@pytest.fixture
def pdf_tools():
    missing = [tool for tool in PDF_TOOLS if not shutil.which(tool)]
    if missing:
        message = f"missing {', '.join(missing)}: run scripts/install_system_packages.sh --test"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def demo(_session_demo, db):
    """The demo annual cycle, as `make demo` loads it: the copy shared by the session, fetched
    afresh for each test, or a copy of the test's own where the session's cannot serve."""
    if _session_demo.active:
        return _session_demo.fresh()
    from fixtures.demo_cycle import load_demo_cycle

    return load_demo_cycle()


@pytest.fixture(scope="session")
def _session_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    shared = SessionDemo(django_db_blocker)
    if SessionDemo.current_item_shares:
        shared.load(media_root=tmp_path_factory.mktemp("session-demo-media"))
    yield shared
    shared.unload()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Tests that may share the session's demo run first, so that it is loaded once and
    gone before any test that wants an empty database. Browser tests run last: from the
    first of them on, Playwright keeps an event loop running in the main thread, which
    async views (the readiness endpoint) called through the test client refuse."""
    sharing = [item for item in items if shares_the_session_demo(item)]
    SessionDemo.sharing = {item.nodeid for item in sharing}
    rest = [item for item in items if item.nodeid not in SessionDemo.sharing]
    browser = [item for item in rest if item.get_closest_marker("browser")]
    items[:] = sharing + [item for item in rest if item not in browser] + browser


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    SessionDemo.current_item_shares = item.nodeid in SessionDemo.sharing
    if not SessionDemo.current_item_shares:
        SessionDemo.unload_the_loaded()


# Browser tests: Playwright drives Debian's Chromium; the test command installs it.
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        if IN_CI:
            pytest.fail(f"{CHROMIUM} is missing; `make test` installs Debian's chromium.")
        pytest.skip(f"{CHROMIUM} is missing")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def screenshot_dir():
    """Screenshots of browser tests go to test-artifacts/screenshots (git-ignored)."""
    path = django_settings.BASE_DIR / "test-artifacts" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def browser_server(live_server):
    return live_server
