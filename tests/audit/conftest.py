import pytest

from audit.models import AuditRecord
from audit.services import find_chain_break


@pytest.fixture
def users(demo):
    return demo["users"]


@pytest.fixture
def new_records():
    """The records appended after this fixture was set up, oldest first."""
    last = AuditRecord.objects.order_by("-pk").values_list("pk", flat=True).first()

    def read():
        return list(
            AuditRecord.objects.filter(pk__gt=last or 0)
            .select_related("actor", "organization")
            .order_by("pk")
        )

    return read


def assert_chain_verifies():
    assert find_chain_break() is None
