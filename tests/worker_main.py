"""`python -m tests.worker_main <celery worker options>`: tests/worker_process.py's worker."""

import importlib
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

for module in filter(None, os.environ.get("WORKER_IMPORTS", "").split(",")):
    importlib.import_module(module)

from config.celery import app  # noqa: E402

app.worker_main(
    ["worker", "--pool", "prefork", "--concurrency", "1", "--loglevel", "INFO", *sys.argv[1:]]
)
