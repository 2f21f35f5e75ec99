"""Run the periodic tasks of `CELERY_BEAT_SCHEDULE` in this process, without a broker or beat:
what `make demo` starts beside the web server so that plans open and close, result
publicities end and overdue corrections lapse while the demo runs.

By default every entry runs once per `--every` seconds, whatever its crontab says: a demo
cannot wait for 00:20, and every scheduled task is idempotent (a step already taken is
skipped), so running one more often than production's beat only takes each step sooner.
`--by-crontab` runs an entry only when its crontab is due since its last run here (the first
round runs them all), as beat would. `--once` runs every entry once and exits."""

import time
from datetime import datetime

from celery.utils.imports import symbol_by_name
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connections
from django.utils import timezone


def _drop_broken_connections() -> None:
    """Between rounds, as after a request: a connection a failed task broke, or one past its
    CONN_MAX_AGE, is closed and opened afresh by the next task. Not inside a caller's
    transaction (a test calling the command), which would lose it."""
    if not any(connection.in_atomic_block for connection in connections.all()):
        close_old_connections()


class Command(BaseCommand):
    help = "Run the periodic tasks of CELERY_BEAT_SCHEDULE in this process, every N seconds."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every", type=float, default=60, help="seconds between rounds (default 60)"
        )
        parser.add_argument("--once", action="store_true", help="run every task once and exit")
        parser.add_argument(
            "--by-crontab",
            action="store_true",
            help="run a task only when its crontab is due, as beat would",
        )

    def handle(self, *args, every, once, by_crontab, **options):
        schedule = settings.CELERY_BEAT_SCHEDULE
        last_run: dict[str, datetime] = {}
        if not once:
            mode = "when their crontab is due" if by_crontab else "every round"
            self.stdout.write(
                f"Running {len(schedule)} scheduled tasks {mode}, a round every {every:g} s."
            )
        try:
            while True:
                for name, entry in schedule.items():
                    if by_crontab and not once and not self._due(entry, last_run.get(name)):
                        continue
                    last_run[name] = timezone.now()
                    self.run_entry(name, entry)
                _drop_broken_connections()
                if once:
                    return
                time.sleep(every)
        except KeyboardInterrupt:
            self.stdout.write("Scheduler stopped.")

    @staticmethod
    def _due(entry, last_run_at) -> bool:
        if last_run_at is None:
            return True
        due, _next_in = entry["schedule"].is_due(last_run_at)
        return due

    def run_entry(self, name: str, entry: dict) -> None:
        """Run one entry's task in this process; a failure is logged and the round goes on."""
        stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M:%S")
        try:
            task = symbol_by_name(entry["task"])
            result = task.apply(
                args=entry.get("args", ()), kwargs=entry.get("kwargs", {}), throw=True
            )
            value = result.get()
        except Exception as error:  # noqa: BLE001 — one failing task must not stop the others
            self.stderr.write(f"{stamp} {name} ({entry['task']}) failed: {error!r}")
            _drop_broken_connections()
            return
        self.stdout.write(f"{stamp} {name} ({entry['task']}): {value!r}")
