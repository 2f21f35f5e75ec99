"""One id per request, in every log line it causes, in the X-Request-ID response header, and in
the Celery tasks it starts, so that a complaint, a proxy log, the web log and the worker log
can be matched. The proxy's X-Request-ID is kept when it looks like an id; otherwise one is
made here."""

import logging
import re
import uuid
from contextvars import ContextVar

from django.core.signals import request_finished
from django.dispatch import receiver

HEADER = "X-Request-ID"
TASK_HEADER = "request_id"  # the Celery message header carrying it

_current: ContextVar[str | None] = ContextVar("request_id", default=None)
# A proxy's id is copied into logs and headers: only short plain tokens are taken.
_ACCEPTABLE = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def current_request_id() -> str | None:
    return _current.get()


def _new_id() -> str:
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(HEADER, "")
        request_id = given if _ACCEPTABLE.match(given) else _new_id()
        request.request_id = request_id
        # Cleared when the response is finished, not here: Django logs a failed response
        # (django.request) after the middleware has returned.
        _current.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


@receiver(request_finished, dispatch_uid="request_id_cleared")
def _request_finished(**kwargs):
    _current.set(None)


class RequestIdFilter(logging.Filter):
    """Gives every record a `request_id` attribute ("-" outside a request or task)."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = _current.get() or "-"
        return True


# Celery signal receivers, connected in core/apps.py.


def add_request_id_to_task(headers=None, **kwargs):
    """before_task_publish: a task sent during a request carries the request's id."""
    request_id = _current.get()
    if request_id and headers is not None and TASK_HEADER not in headers:
        headers[TASK_HEADER] = request_id


_task_tokens: dict[str, object] = {}


def enter_task(task_id=None, task=None, **kwargs):
    """task_prerun: the worker logs the task under the id of the request that sent it, or
    under the task's own id when nothing did (beat, a command)."""
    request_id = None
    if task is not None:
        # A worker makes the message's headers attributes of the request; apply() keeps them
        # in `headers`.
        request_id = getattr(task.request, TASK_HEADER, None) or (task.request.headers or {}).get(
            TASK_HEADER
        )
    _task_tokens[task_id] = _current.set(request_id or _current.get() or f"task-{task_id}")


def leave_task(task_id=None, **kwargs):
    """task_postrun: the next task on this worker starts without it."""
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        try:
            _current.reset(token)
        except ValueError:  # set in another context (a thread pool): nothing of ours to undo
            _current.set(None)
