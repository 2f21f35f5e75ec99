"""Dependencies point inward: an app imports only the apps of earlier layers (and the shared
services), never a later stage (tests/architecture/rules.py holds the layers)."""

import textwrap

import pytest

from tests.architecture import rules


def test_apps_import_only_earlier_stages():
    findings = rules.forbidden_imports()
    assert findings == [], "imports against the layers:\n" + "\n".join(map(str, findings))


def test_every_known_exception_is_still_needed():
    stale = set(rules.KNOWN_EXCEPTIONS) - rules.exceptions_in_use()
    assert stale == set(), f"remove from KNOWN_EXCEPTIONS, they are gone: {sorted(stale)}"


def test_every_app_has_its_place_in_the_layers():
    apps = {path.parent.name for path in rules.ROOT.glob("*/apps.py")}
    assert apps - rules.package_names() == set()


def test_titles_knows_nothing_of_juries():
    assert "juries" not in rules.allowed_imports("titles")
    assert "titles" in rules.allowed_imports("juries")


def write(root, path, source):
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(textwrap.dedent(source), encoding="utf-8")


@pytest.fixture
def tree(tmp_path):
    """A small tree of the apps' packages that obeys the layers."""
    for app in rules.package_names():
        write(tmp_path, f"{app}/__init__.py", "")
    write(tmp_path, "juries/services.py", "from titles.models import EvaluationPlan\n")
    write(tmp_path, "accounts/jobs.py", "from jobs.registry import register\n")
    write(tmp_path, "jobs/selectors.py", "from accounts.models import Membership\n")
    # A migration names other apps freely.
    write(tmp_path, "titles/migrations/0001_initial.py", "import juries.models\n")
    return tmp_path


def test_the_check_passes_a_tree_that_obeys_the_layers(tree):
    assert rules.forbidden_imports(tree, exceptions={}) == []


def test_the_check_reports_an_import_of_a_later_stage(tree):
    write(tree, "titles/services.py", "import os\n\nfrom juries.models import Jury\n")
    write(
        tree,
        "accounts/home.py",
        """\
        def home(request):
            import quotas.selectors

            return quotas.selectors
        """,
    )

    assert [str(finding) for finding in rules.forbidden_imports(tree, exceptions={})] == [
        "accounts/home.py:2: accounts imports quotas",
        "titles/services.py:3: titles imports juries",
    ]


def test_the_check_reports_peers_and_shared_services_reaching_out(tree):
    write(tree, "quotas/rule.py", "from continuing_ed.selectors import hours\n")
    write(tree, "jobs/views.py", "from applicants.models import Declaration\n")

    assert [str(finding) for finding in rules.forbidden_imports(tree, exceptions={})] == [
        "jobs/views.py:1: jobs imports applicants",
        "quotas/rule.py:1: quotas imports continuing_ed",
    ]
