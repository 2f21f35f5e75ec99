from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules

# What an app contributes to the shared registries, each in a module of this name:
# to-do providers (core/todo.py), menu entries (core/menu.py), home page panels
# (core/home.py), kinds of background job (jobs/registry.py) and eligibility checks
# (applicants/eligibility.py).
REGISTRY_MODULES = ("todo", "menu", "home", "jobs", "eligibility_checks")


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Shared plumbing"

    def ready(self):
        # One way for every app: its registry modules are imported here, once all apps load.
        autodiscover_modules(*REGISTRY_MODULES)
