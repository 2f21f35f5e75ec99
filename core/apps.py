from django.apps import AppConfig
from django.core import checks
from django.utils.module_loading import autodiscover_modules

from core.checks import TAG, check_production_configuration

# What an app contributes to the shared registries, each in a module of this name:
# to-do providers (core/todo.py), menu entries (core/menu.py), home page panels
# (core/home.py), kinds of background job (jobs/registry.py), eligibility checks
# (applicants/eligibility.py), /metrics figures (core/metrics.py) and the words for the
# decisions of the audit chain (audit/action_labels.py).
REGISTRY_MODULES = (
    "todo",
    "menu",
    "home",
    "jobs",
    "eligibility_checks",
    "metrics",
    "audit_actions",
)


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Shared plumbing"

    def ready(self):
        # One way for every app: its registry modules are imported here, once all apps load.
        autodiscover_modules(*REGISTRY_MODULES)
        _carry_request_ids_into_tasks()
        _read_timestamps_with_the_compiled_loader()
        # Deploy-only: the Dockerfile's build-time commands run with DEBUG off and no services.
        checks.register(check_production_configuration, TAG, deploy=True)


def _carry_request_ids_into_tasks():
    from celery.signals import before_task_publish, task_postrun, task_prerun

    from core import request_id

    before_task_publish.connect(request_id.add_request_id_to_task, dispatch_uid="request_id_pub")
    task_prerun.connect(request_id.enter_task, dispatch_uid="request_id_prerun")
    task_postrun.connect(request_id.leave_task, dispatch_uid="request_id_postrun")


def _read_timestamps_with_the_compiled_loader():
    from django.db.backends.signals import connection_created

    from core.postgres_timestamps import use_compiled_timestamps

    connection_created.connect(use_compiled_timestamps, dispatch_uid="compiled_timestamps")
