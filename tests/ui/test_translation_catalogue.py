"""Every string the product shows must exist in Chinese. This fails, listing each missing
entry, until the catalogue is complete."""

import polib
from django.conf import settings

CATALOGUE = settings.BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def describe(entry):
    where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:2])
    return f"{entry.msgid!r} ({where})"


def test_every_string_has_a_chinese_translation():
    catalogue = polib.pofile(str(CATALOGUE))

    missing = [describe(entry) for entry in catalogue.untranslated_entries()]
    fuzzy = [describe(entry) for entry in catalogue.fuzzy_entries()]

    assert not missing, f"{len(missing)} untranslated:\n" + "\n".join(missing)
    assert not fuzzy, f"{len(fuzzy)} fuzzy (check and unmark):\n" + "\n".join(fuzzy)
