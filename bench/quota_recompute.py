"""Benchmark: the nightly quota check for 5,000 institutions.

    .venv/bin/python bench/quota_recompute.py [institutions]

Builds a throwaway test database on whatever DATABASE_URL points at (SQLite by default),
creates the institutions under one city bureau, each with an HR staff member, post data at
all four post levels (a share of them suspended or over quota) and 2,000 recommended
declarations holding places, then times two runs of the check: the first raises the flags
and writes the messages, the second is the steady nightly run with nothing new. Prints the
seconds and the number of queries of each."""

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from bench.throwaway import organization, staff_member, throwaway_database  # noqa: E402

RESERVATIONS = 2000
YEAR = 2026
UNUSABLE_PASSWORD = "!"  # noqa: S105 - Django's marker for "no password"


def build(institutions: int) -> None:
    from datetime import date

    from accounts.models import Membership, Organization, Role, User
    from applicants.models import Declaration
    from fixtures.demo_cycle import _load_catalogue, credit_code
    from fixtures.scale_data import random_post_data
    from quotas.models import PostData, PostLevel, Quota, Reservation
    from quotas.services import refresh_quotas
    from titles.models import EvaluationPlan, Level

    rng = random.Random(5000)  # noqa: S311 - deterministic benchmark data
    province = organization("基准省人社厅", Organization.Kind.PROVINCE_BUREAU, 1)
    city = organization("基准市人社局", Organization.Kind.CITY_BUREAU, 3, parent=province)
    staff_member(city, Role.HR_BUREAU, username="bench-bureau", real_name="局长", email="b@x.cn")

    units = Organization.objects.bulk_create(
        Organization(
            name=f"基准事业单位{n}",
            kind=Organization.Kind.PUBLIC_INSTITUTION,
            credit_code=credit_code(10 + n),
            parent=city,
            path="/",
        )
        for n in range(institutions)
    )
    for unit in units:
        unit.path = f"{city.path}{unit.pk}/"
    Organization.objects.bulk_update(units, ["path"], batch_size=2000)
    staff = User.objects.bulk_create(
        User(
            username=f"bench-hr{n}",
            real_name=f"人事{n}",
            email=f"hr{n}@x.cn",
            password=UNUSABLE_PASSWORD,
        )
        for n in range(institutions)
    )
    Membership.objects.bulk_create(
        Membership(user=user, organization=unit, role=Role.EMPLOYER_HR)
        for user, unit in zip(staff, units, strict=True)
    )

    rows = [
        random_post_data(rng, unit, YEAR, level) for unit in units for level in PostLevel.values
    ]
    PostData.objects.bulk_create(rows, batch_size=2000)

    catalogue = _load_catalogue()["GC"]
    plan = EvaluationPlan.objects.create(
        year=YEAR,
        name="基准计划",
        organizer=city,
        series=catalogue["series"],
        status=EvaluationPlan.Status.OPEN,
        declaration_opens=date(YEAR, 11, 2),
        declaration_closes=date(YEAR, 12, 18),
        unit_recommendation_deadline=date(YEAR, 12, 31),
        qualification_check_deadline=date(YEAR + 1, 1, 29),
        achievement_cutoff=date(YEAR, 12, 31),
        unit_publicity_working_days=5,
        result_publicity_working_days=5,
    )
    people = User.objects.bulk_create(
        User(username=f"bench-person{n}", real_name=f"申报人{n}", password=UNUSABLE_PASSWORD)
        for n in range(RESERVATIONS)
    )
    holders = [units[n % len(units)] for n in range(RESERVATIONS)]
    declarations = Declaration.objects.bulk_create(
        Declaration(
            applicant=person,
            employer=unit,
            plan=plan,
            title=catalogue["titles"][Level.DEPUTY_SENIOR],
            specialty=catalogue["specialties"][0],
            status=Declaration.Status.RECOMMENDED,
        )
        for person, unit in zip(people, holders, strict=True)
    )
    for unit in {unit.pk for unit in holders}:
        refresh_quotas(institution_id=unit, year=YEAR)
    quotas = {
        quota.institution_id: quota
        for quota in Quota.objects.filter(post_level=PostLevel.DEPUTY_SENIOR, year=YEAR)
    }
    Reservation.objects.bulk_create(
        Reservation(quota=quotas[declaration.employer_id], declaration=declaration)
        for declaration in declarations
    )


def timed_run():
    from quotas.services import recompute_quotas

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        summary = recompute_quotas(years=[YEAR])
        seconds = time.perf_counter() - started
    return summary, seconds, len(queries)


def main() -> None:
    from config.celery import app as celery_app

    institutions = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    # Messages are queued for the workers as in production, not e-mailed inside the timing.
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = "memory://"
    with throwaway_database():
        build(institutions)
        for label in ("first run (raises flags, writes messages)", "nightly run (no change)"):
            summary, seconds, queries = timed_run()
            print(
                f"{connection.vendor}: {label}: {summary.quotas} quotas of {institutions} "
                f"institutions in {seconds:.2f} s, {queries} queries, "
                f"{summary.flags_raised} flags raised"
            )


if __name__ == "__main__":
    main()
