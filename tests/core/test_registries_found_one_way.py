"""Every app contributes to the shared registries the same way: a module of a known name
(todo.py, menu.py, jobs.py, eligibility_checks.py) that core finds at start-up."""

import sys
from pathlib import Path

from django.apps import apps

from core.apps import REGISTRY_MODULES
from core.menu import menu_for


def test_every_registry_module_of_every_app_is_loaded():
    found = []
    for config in apps.get_app_configs():
        for name in REGISTRY_MODULES:
            if (Path(config.path) / f"{name}.py").exists():
                found.append(f"{config.name}.{name}")
    assert len(found) >= 15, found
    assert [module for module in found if module not in sys.modules] == []


class Acting:
    def __init__(self, role):
        self.role = role


def test_each_role_sees_its_menu_in_the_declared_order():
    """Group by group (core/menu.py), then by position inside the group."""
    assert [url for _label, url in menu_for(Acting("applicant"))] == [
        "home",
        "applicants:list",
        "continuing_ed:mine",
        "juries:my_results",
        "certificates:list",
        "titles:plan_list",
        "titles:catalogue",
        "notifications:list",
        "privacy:my_data",
    ]
    assert [url for _label, url in menu_for(Acting("expert"))] == [
        "home",
        "juries:expert_home",
        "titles:plan_list",
        "titles:catalogue",
        "notifications:list",
        "privacy:my_data",
    ]
    assert menu_for(None) == []
