"""Gunicorn's settings for the web process, each from the environment (README, configuration):
`gunicorn -c config/gunicorn.conf.py config.wsgi:application`."""

import gc
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


# Inside the container; docker-compose.yml publishes it on 127.0.0.1 only, for the proxy.
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")  # noqa: S104
# Sync workers, one per core the process may use (at least two, so that one killed by the
# timeout or being replaced leaves another answering), behind a proxy that buffers requests and
# responses. The pages are CPU-bound (PostgreSQL's part of a request is about a tenth of the
# web process's): on deadline day (bench/deadline_day.py, 2 cores, PostgreSQL on the same
# machine) 2 workers served 1.2 to 1.5 times the requests of 5, each request taking less CPU
# in the web processes and in PostgreSQL. A sync worker takes the next connection only once it
# is free, so a request waits in the one shared queue for the first free worker; threaded
# workers each take up to a thousand and a request can wait behind another worker's queue (on
# deadline day p95 1.5 s instead of 0.8 s at the same throughput). GUNICORN_THREADS above 1
# makes them threaded workers.
workers = _int("GUNICORN_WORKERS", max(2, len(os.sched_getaffinity(0))))
threads = _int("GUNICORN_THREADS", 1)
# Below the proxy's own read timeout, so a stuck request ends here with a logged traceback.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# A worker is replaced after this many requests (jittered so they do not all restart at once),
# which bounds slow memory growth; 0 never replaces them.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)
# The application, every view module, the translation catalogues and the compiled templates
# are loaded once, in the master (when_ready below): a worker forked from it, at start or
# replacing one after max_requests, answers at once instead of spending about 2 s of CPU
# importing them, and more compiling each template at its first use, while its requests wait.
preload_app = True
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


def when_ready(server):
    """Runs in the master once the application is loaded, before the first worker is forked."""
    from django.conf import settings
    from django.db import connections
    from django.urls import get_resolver
    from django.utils import translation

    from core.template_compilation import compile_product_templates

    get_resolver().url_patterns  # noqa: B018 - imports config/urls.py and every view module
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            pass
    compile_product_templates()
    # Each worker opens its own connections: one inherited from the master would be shared.
    connections.close_all()
    # What is loaded now lives as long as the workers: the collector of each then never walks
    # it again (a full collection walked all of it) and leaves the memory pages it shares
    # with the master untouched.
    gc.freeze()
