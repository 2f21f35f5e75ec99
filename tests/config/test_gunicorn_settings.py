"""Gunicorn's workers, threads and timeouts are settings (config/gunicorn.conf.py), read the way
gunicorn reads the file."""

import json
import os
import runpy
import subprocess
import sys

import pytest
from django.conf import settings

CONFIG_FILE = str(settings.BASE_DIR / "config" / "gunicorn.conf.py")


def test_gunicorn_takes_its_figures_from_the_environment(monkeypatch):
    monkeypatch.setenv("GUNICORN_WORKERS", "7")
    monkeypatch.setenv("GUNICORN_THREADS", "4")
    monkeypatch.setenv("GUNICORN_TIMEOUT", "90")
    monkeypatch.setenv("GUNICORN_GRACEFUL_TIMEOUT", "45")
    monkeypatch.setenv("GUNICORN_MAX_REQUESTS", "0")
    monkeypatch.setenv("GUNICORN_BIND", "127.0.0.1:9000")

    config = runpy.run_path(CONFIG_FILE)

    assert (config["workers"], config["threads"]) == (7, 4)
    assert (config["timeout"], config["graceful_timeout"]) == (90, 45)
    assert config["max_requests"] == 0
    assert config["bind"] == "127.0.0.1:9000"


def test_without_environment_gunicorn_has_working_defaults(monkeypatch):
    for name in ("GUNICORN_WORKERS", "GUNICORN_TIMEOUT", "GUNICORN_BIND"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GUNICORN_THREADS", "")

    config = runpy.run_path(CONFIG_FILE)

    # Sync workers, each taking a request only when free.
    assert config["threads"] == 1
    assert config["timeout"] > config["graceful_timeout"] > 0
    assert config["bind"] == "0.0.0.0:8000"
    assert config["accesslog"] == "-"
    assert config["max_requests_jitter"] < config["max_requests"]


@pytest.mark.parametrize(("cores", "workers"), [(4, 4), (2, 2), (1, 2)])
def test_without_a_worker_count_there_is_one_worker_per_core_and_never_fewer_than_two(
    monkeypatch, cores, workers
):
    """The pages are CPU-bound: a worker more than the cores the process may use only shares
    them; a second worker keeps a one-core host answering while one is replaced."""
    monkeypatch.setenv("GUNICORN_WORKERS", "")
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(cores)))

    config = runpy.run_path(CONFIG_FILE)

    assert config["workers"] == workers


MASTER = """
import gc, json, runpy, sys
config = runpy.run_path("config/gunicorn.conf.py")
from config.wsgi import application  # what gunicorn's preload_app does in the master
from django.db import connection
from django.template import engines
from django.utils.translation import trans_real
connection.ensure_connection()
compiled = engines["django"].engine.template_loaders[0].get_template_cache
before = (
    "certificates.views" in sys.modules,
    sorted(trans_real._translations),
    gc.get_freeze_count(),
    len(compiled),
)
config["when_ready"](None)
print(json.dumps({
    "templates": sorted(compiled),
    "preload": config["preload_app"],
    "before": before,
    "views": "certificates.views" in sys.modules and "juries.views" in sys.modules,
    "catalogues": sorted(trans_real._translations),
    "connection_closed": connection.connection is None,
    "frozen": gc.get_freeze_count(),
}))
"""


def test_the_master_loads_the_views_and_catalogues_once_and_forks_no_connection(tmp_path):
    """A worker forked from the master (at start, or replacing one after max_requests) finds the
    views, translations and every template of the product loaded and compiled, outside its
    garbage collector's walks, and opens its own database connection."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'master.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    finished = subprocess.run(
        [sys.executable, "-c", MASTER],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    seen = json.loads(finished.stdout.strip().splitlines()[-1])

    assert seen["preload"] is True
    assert seen["before"][0] is False  # the application alone does not import the views
    assert seen["views"] is True
    assert set(seen["catalogues"]) >= {code for code, _name in settings.LANGUAGES}
    assert seen["connection_closed"] is True
    assert seen["before"][2] == 0
    assert seen["frozen"] > 100_000  # the application's objects, views and catalogues
    folder = settings.BASE_DIR / "templates"
    product_templates = {path.relative_to(folder).as_posix() for path in folder.rglob("*.html")}
    assert seen["before"][3] == 0
    assert {"base.html", "applicants/declaration_detail.html"} <= product_templates
    assert set(seen["templates"]) >= product_templates
