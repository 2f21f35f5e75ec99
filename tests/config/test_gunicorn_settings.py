"""Gunicorn's workers, threads and timeouts are settings (config/gunicorn.conf.py), read the way
gunicorn reads the file."""

import runpy

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

    assert config["workers"] >= 2 and config["threads"] == 2
    assert config["timeout"] > config["graceful_timeout"] > 0
    assert config["bind"] == "0.0.0.0:8000"
    assert config["accesslog"] == "-"
    assert config["max_requests_jitter"] < config["max_requests"]
