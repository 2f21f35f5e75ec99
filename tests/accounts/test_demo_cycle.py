from accounts.models import Membership, Role
from juries.models import Expert


def test_demo_cycle_has_one_user_per_role_and_a_full_jury(demo):
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    assert Expert.objects.filter(jury=demo["jury"]).count() >= 30
    assert demo["plan"].titles.count() == 2
