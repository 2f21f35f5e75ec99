"""Every decision the product writes to the audit chain has words of its own, in both
languages, so that the audit-log screen never shows a stored code such as "meeting.apply"."""

import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

from applicants.workflow import TRANSITIONS
from audit.action_labels import action_label, labelled_actions
from juries.meeting_workflow import MOVES as MEETING_MOVES
from privacy.erasure_workflow import MOVES as ERASURE_MOVES

# `action="upload_material"` and the calendar's `_audit(actor, "calendar_day_set", ...)`.
WRITTEN_ACTIONS = re.compile(r'action="([a-z_.]+)"|_audit\(\s*\w+,\s*"([a-z_]+)"')


def _actions_written_in_source() -> set[str]:
    codes = set()
    for path in Path(settings.BASE_DIR).glob("*/**/*.py"):
        if path.parts[len(Path(settings.BASE_DIR).parts)] in {".venv", "tests", "bench"}:
            continue
        for match in WRITTEN_ACTIONS.finditer(path.read_text(encoding="utf-8")):
            codes.add(match.group(1) or match.group(2))
    codes.discard("store_true")  # argparse's, not a decision
    return codes


def _every_recorded_action() -> set[str]:
    return (
        _actions_written_in_source()
        | {transition.name for transition in TRANSITIONS}
        | {f"meeting.{move.name}" for move in MEETING_MOVES if move.recorded}
        | {f"erasure_{name}" for name in ERASURE_MOVES}
    )


def test_the_source_is_scanned():
    written = _actions_written_in_source()
    assert {"upload_material", "certify_hours", "calendar_day_set", "objection.file"} <= written


def test_every_recorded_action_has_a_label():
    assert _every_recorded_action() - labelled_actions() == set()


def test_labels_are_words_in_both_languages():
    codes = _every_recorded_action()
    with translation.override("en"):
        assert {code for code in codes if action_label(code) == code} == set()
    with translation.override("zh-hans"):
        untranslated = {
            code: action_label(code)
            for code in codes
            if not re.search(r"[\u4e00-\u9fff]", action_label(code))
        }
    assert untranslated == {}


def test_an_unknown_code_is_shown_as_recorded():
    assert action_label("no_such_decision") == "no_such_decision"
