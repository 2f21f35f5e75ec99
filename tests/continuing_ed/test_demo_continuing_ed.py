from decimal import Decimal

from accounts.models import User
from continuing_ed.models import CreditHourRecord
from continuing_ed.requirement import requirement_status
from fixtures.demo_continuing_ed import load_demo_continuing_ed


def test_the_demo_gives_every_applicant_hours_and_leaves_work_for_the_employer(demo):
    load_demo_continuing_ed(demo)
    zhang = demo["users"]["applicant"]
    wang = User.objects.get(username="applicant2")

    assert all(year.meets for year in requirement_status(zhang, range(2016, 2027)))
    short = [year for year in requirement_status(wang, range(2016, 2026)) if not year.meets]
    assert [(year.year, year.missing_total) for year in short] == [(2024, Decimal("10"))]
    assert CreditHourRecord.objects.filter(status="claimed", person=zhang).count() == 1
    assert zhang.exam_results.filter(passed=True).count() == 2
