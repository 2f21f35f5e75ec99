"""The Excel roster of every declaration in the database (100,000 rows at full size), written
by applicants/roster_export.write_roster exactly as the office's download writes one plan's:
seconds, rows, file size and the memory it took.

`python -m bench` runs this in a fresh process (`python -m bench.roster_excel`), so that the
peak resident memory it reports belongs to the export alone: the process's peak minus what
it held before the export started. Prints one line of JSON."""

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def memory_status(field: str) -> int:
    """VmRSS (resident now) or VmHWM (the peak since this program started: unlike
    getrusage's ru_maxrss, not inherited from the process that forked it)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) * 1024
    return 0


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from applicants.models import Declaration
    from applicants.roster_export import write_roster
    from applicants.selectors import roster_declarations
    from titles.models import EvaluationPlan

    plan = EvaluationPlan.objects.order_by("pk").first()
    roster = roster_declarations(plan)
    # Every declaration, in the order and with the joins of a plan's roster.
    declarations = Declaration.objects.select_related(*roster.query.select_related).order_by(
        *roster.query.order_by
    )
    rows = declarations.count()
    with translation.override("zh-hans"), tempfile.TemporaryFile() as stream:
        before = memory_status("VmRSS")
        started, cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as queries:
            write_roster(declarations, stream, heading="全部申报人员花名册")
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        peak = memory_status("VmHWM")
        size = stream.tell()
    print(
        json.dumps(
            {
                "rows": rows,
                "seconds": seconds,
                "cpu_seconds": cpu,
                "rows_per_second": rows / seconds,
                "bytes": size,
                "rss_before": before,
                "rss_peak": peak,
                "memory": max(peak - before, 0),
                "queries": len(queries),
            }
        )
    )


if __name__ == "__main__":
    main()
