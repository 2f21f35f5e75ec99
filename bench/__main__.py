"""Every benchmark at bureau scale, in one command:

    .venv/bin/python -m bench            # the quick data set (1/20), a few minutes
    .venv/bin/python -m bench --full     # 100,000 declarations, 5,000 institutions (heavy)

It makes its own PostgreSQL database (zc_bench, dropped afterwards unless --keep) and uses its
own Redis database, so it never touches the demo's or the tests' data; migrates it; loads the
demo cycle and generates the scale data set (fixtures/scale_data.py); then measures:

- certificates: a batch of 1,000 through the real Celery path (2 prefork workers) beside the
  raw render floor (bench/certificates.py);
- lists: the declaration lists of an employer, a jury office and the HR bureau, and the main
  API lists, over HTTP with gunicorn (bench/lists.py), and their queries;
- Excel: the roster of every declaration (bench/roster_excel.py);
- quotas: the nightly recompute for every institution;
- continuing education: an import of 10,000 rows;
- ballots: the tally of 500 candidates x 25 experts (bench/ballot_tally.py);
- deadline: 50 sessions of mixed roles for 60 s against gunicorn (bench/deadline_day.py).

It prints a table (figure, measured, target, met?) and writes bench/results/<time>.json and
.md. The targets are in bench/targets.py. Needs PostgreSQL and Redis on 127.0.0.1."""

import argparse
import json
import os
import platform
import subprocess
import sys
import time
import traceback
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import targets  # noqa: E402
from bench.certificates import drop_database, enter_bench_environment  # noqa: E402

BENCHMARKS = ("lists", "excel", "quotas", "import", "tally", "deadline", "certificates")


def parse_args():
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="the full data set (heavy)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--only", default=",".join(BENCHMARKS), help=f"comma-separated, of {','.join(BENCHMARKS)}"
    )
    parser.add_argument("--requests", type=int, help="HTTP requests per list (30, full 100)")
    parser.add_argument("--count", type=int, default=1000, help="certificates in the batch")
    parser.add_argument("--workers", type=int, default=2, help="Celery worker processes")
    parser.add_argument("--chunk", type=int, default=50, help="certificates per Celery task")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/zc_bench")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    return parser.parse_args()


def machine() -> dict:
    model = ""
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            model = next(
                (
                    line.split(":", 1)[1].strip()
                    for line in cpuinfo
                    if line.startswith("model name")
                ),
                "",
            )
    except OSError:
        pass
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    memory = ""
    try:
        with open("/proc/meminfo") as meminfo:
            memory = meminfo.readline().split(":", 1)[1].strip()
    except OSError:
        pass
    return {
        "nproc": nproc,
        "cpu_model": model,
        "memory": memory,
        "python": platform.python_version(),
        "uptime": uptime,
        "load_average": os.getloadavg(),
        "speed_probe_ms": speed_probe(),
    }


# A fixed piece of pure-Python work: its CPU time says how fast this machine runs Python at
# that moment. On this shared host it took from 80 to 156 ms on one day at a load average
# below 1 (another guest on the same physical cores shows neither in the load average nor
# always as steal time), so the figures of a run are read beside it.
SPEED_PROBE_LOOP = 2_000_000
SPEED_PROBE_RUNS = 5


def speed_probe(loop: int = SPEED_PROBE_LOOP, runs: int = SPEED_PROBE_RUNS) -> float:
    """Milliseconds of CPU the fixed work takes, the median of `runs`: lower is faster."""
    times = []
    for _ in range(runs):
        started = time.process_time()
        sum(i * i for i in range(loop))
        times.append(1000 * (time.process_time() - started))
    return sorted(times)[len(times) // 2]


def heading(size: str, declarations: int, report: dict) -> str:
    """The line above the table: the data set, the machine, how busy and how fast it was."""
    box, after = report["machine"], report["machine_after"]
    return (
        f"{size} data set: {declarations:,} declarations; "
        f"{box['nproc']} cores ({box['cpu_model']}), "
        f"PostgreSQL {report['postgresql'].split()[0]}; load average at start "
        f"{box['load_average'][0]:.2f}, at end {after['load_average'][0]:.2f}; speed probe "
        f"{box['speed_probe_ms']:.0f} ms at start, {after['speed_probe_ms']:.0f} ms at end "
        f"(a fixed Python loop's CPU time, bench/README.md); {report['seconds'] / 60:.1f} min"
    )


def postgres_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


# --- the benchmarks: each returns its raw figures ------------------------------------------


def bench_lists(args) -> list[dict]:
    from bench import lists

    return lists.run(requests=args.requests or (100 if args.full else 30))


def bench_excel(args) -> dict:
    print("Excel: the roster of every declaration, in a process of its own …", flush=True)
    finished = subprocess.run(
        [sys.executable, "-m", "bench.roster_excel"],
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(finished.stdout.strip().splitlines()[-1])


def bench_quotas(args) -> dict:
    from bench.quota_recompute import timed_run
    from fixtures.scale_data import CURRENT_YEAR
    from quotas.models import PostData

    institutions = (
        PostData.objects.filter(year=CURRENT_YEAR).values("institution").distinct().count()
    )
    print(f"Quotas: the nightly check of {institutions:,} institutions, twice …", flush=True)
    runs = []
    for label in ("first", "nightly"):
        cpu = time.process_time()
        summary, seconds, queries = timed_run()
        runs.append(
            {
                "run": label,
                "seconds": seconds,
                "cpu_seconds": time.process_time() - cpu,
                "queries": queries,
                "quotas": summary.quotas,
                "flags_raised": summary.flags_raised,
            }
        )
    return {"institutions": institutions, "runs": runs}


def bench_import(args) -> dict:
    from accounts.models import User
    from bench.continuing_ed_import import workbook
    from continuing_ed.hours_import import import_credit_hours
    from continuing_ed.models import CreditHourRecord

    rows = targets.IMPORT_ROWS
    print(f"Continuing education: importing {rows:,} rows …", flush=True)
    people = list(User.objects.filter(username__startswith="scale-p").order_by("username"))
    upload = workbook(people, rows)
    actor = User.objects.get(username="scale-bureau")
    started, cpu = time.perf_counter(), time.process_time()
    batch = import_credit_hours(actor=actor, upload=upload, file_name="bench.xlsx")
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    saved = CreditHourRecord.objects.filter(import_batch=batch).count()
    return {
        "rows": rows,
        "saved": saved,
        "people": len(people),
        "seconds": seconds,
        "cpu_seconds": cpu,
    }


def bench_tally(args) -> dict:
    from bench import ballot_tally

    print(
        f"Ballots: {targets.TALLY_CANDIDATES} candidates x {targets.TALLY_EXPERTS} experts …",
        flush=True,
    )
    return ballot_tally.run()


def bench_deadline(args) -> dict:
    from bench import deadline_day

    return deadline_day.run()


def bench_certificates(args, demo) -> dict:
    from bench.certificates import run_batch

    print(f"Certificates: a batch of {args.count:,} …", flush=True)
    # The floor in as many processes as workers: the one the Celery path is compared with.
    figures = run_batch(
        demo,
        count=args.count,
        workers=args.workers,
        redis_url=args.redis_url,
        floors=(args.workers,),
    )
    if figures is None:
        raise RuntimeError("The Celery worker did not start.")
    return figures


# --- the table -----------------------------------------------------------------------------


def verdict(ok) -> str:
    return "" if ok is None else ("yes" if ok else "**NO**")


def unjudged(target, amount) -> str:
    return "" if target.judges(amount) else f" (judged from {target.judged_from:,})"


def table_rows(results: dict) -> list[tuple[str, str, str, str]]:
    rows = []
    mib = 1024 * 1024
    if "lists" in results:
        for item in results["lists"]:
            if item.get("missing"):
                rows.append((item["label"], "not built yet", targets.LIST_P95_MS.text, ""))
                continue
            grows = "" if item["flat"] else ", GROWS"
            rows.append(
                (
                    f"{item['label']} ({item['viewer']})",
                    f"p50 {item['p50_ms']:.0f} ms, p95 {item['p95_ms']:.0f} ms; "
                    f"{item['queries']} queries (control {item['control_queries']}){grows}",
                    f"{targets.LIST_P95_MS.text}, queries flat",
                    verdict(item["met"]),
                )
            )
    if "excel" in results:
        excel, speed = results["excel"], targets.EXCEL_ROWS_PER_SECOND
        memory = excel["memory"] / mib
        rows.append(
            (
                f"Excel roster, {excel['rows']:,} rows",
                f"{excel['seconds']:.1f} s ({excel['rows_per_second']:,.0f} rows/s; CPU "
                f"{excel['cpu_seconds']:.1f} s), {memory:.0f} MiB, "
                f"{excel['bytes'] / mib:.1f} MiB file",
                f"{targets.EXCEL_ROWS_PER_SECOND.text}{unjudged(speed, excel['rows'])}, "
                f"{targets.EXCEL_MEMORY_MIB.text}",
                verdict(
                    (speed.met(excel["rows_per_second"]) or not speed.judges(excel["rows"]))
                    and targets.EXCEL_MEMORY_MIB.met(memory)
                ),
            )
        )
    if "quotas" in results:
        quotas, rule = results["quotas"], targets.QUOTA_INSTITUTIONS_PER_SECOND
        for run in quotas["runs"]:
            rate = quotas["institutions"] / run["seconds"]
            rows.append(
                (
                    f"Quota recompute, {quotas['institutions']:,} institutions ({run['run']} run)",
                    f"{run['seconds']:.2f} s ({rate:,.0f}/s; CPU {run['cpu_seconds']:.2f} s), "
                    f"{run['queries']} queries, "
                    f"{run['flags_raised']} flags raised",
                    rule.text + unjudged(rule, quotas["institutions"]),
                    verdict(rule.met(rate) if rule.judges(quotas["institutions"]) else None),
                )
            )
    if "import" in results:
        imported = results["import"]
        rows.append(
            (
                f"Continuing-education import, {imported['rows']:,} rows",
                f"{imported['seconds']:.1f} s (CPU {imported['cpu_seconds']:.1f} s; "
                f"{imported['saved']:,} saved)",
                targets.IMPORT_SECONDS.text,
                verdict(
                    targets.IMPORT_SECONDS.met(imported["seconds"])
                    and imported["saved"] == imported["rows"]
                ),
            )
        )
    if "tally" in results:
        tally = results["tally"]
        size = f"{tally['candidates']} candidates x {tally['experts']} experts"
        rows += [
            (
                f"Ballot tally (close_ballot), {size}",
                f"{tally['tally_seconds']:.2f} s (CPU {tally['tally_cpu_seconds']:.2f} s), "
                f"{tally['tally_queries']} queries",
                targets.TALLY_SECONDS.text,
                verdict(targets.TALLY_SECONDS.met(tally["tally_seconds"])),
            ),
            (
                f"  casting the {tally['experts']} ballot papers",
                f"{tally['cast_seconds']:.2f} s",
                "",
                "",
            ),
            (
                f"  the chair confirming the {tally['candidates']} results",
                f"{tally['confirm_seconds']:.2f} s, {tally['confirm_queries']} queries",
                targets.CONFIRM_SECONDS.text,
                verdict(targets.CONFIRM_SECONDS.met(tally["confirm_seconds"])),
            ),
        ]
    if "deadline" in results:
        overall, kinds = results["deadline"]["overall"], results["deadline"]["kinds"]
        rows.append(
            (
                f"Deadline day, {overall['sessions']} sessions for {overall['seconds']:.0f} s "
                "(gunicorn as configured)",
                f"{overall['per_second']:.0f} requests/s; p50 {overall['p50_ms']:.0f} ms, "
                f"p95 {overall['p95_ms']:.0f} ms, p99 {overall['p99_ms']:.0f} ms; "
                f"{overall['errors']} errors; CPU per request: {cpu_shares(overall)}",
                f"{targets.DEADLINE_REQUESTS_PER_SECOND.text}, {targets.DEADLINE_P95_MS.text}, "
                "no error",
                verdict(overall["met"]),
            )
        )
        for kind, figures in kinds.items():
            rows.append(
                (
                    f"  {kind}",
                    f"{figures['requests']} ({figures['per_second']:.1f}/s); "
                    f"p50 {figures['p50_ms']:.0f} ms, p95 {figures['p95_ms']:.0f} ms, "
                    f"p99 {figures['p99_ms']:.0f} ms; {figures['errors']} errors "
                    f"(status {', '.join(map(str, figures['statuses']))})"
                    + page_cost(figures["in_process"]),
                    "",
                    "",
                )
            )
    if "certificates" in results:
        c = results["certificates"]
        floor = c["raw_render"][-1]
        rows += [
            (
                f"Certificates via Celery, {c['count']:,} ({c['workers']} workers)",
                f"{c['celery_rate']:.1f}/s ({c['celery_seconds']:.1f} s)",
                targets.CERTIFICATE_RATE.text,
                verdict(
                    targets.CERTIFICATE_RATE.met(c["celery_rate"])
                    and c["correct"]
                    and not c["failures"]
                ),
            ),
            (
                f"  raw render floor, {floor['processes']} processes",
                f"{floor['rate']:.1f}/s; Celery path at {100 * c['floor_ratio']:.0f}% of it",
                "",
                "",
            ),
            (
                "  PDF size",
                f"{c['pdf_mean_bytes'] / 1024:.0f} KB mean, {c['pdf_max_bytes'] / 1024:.0f} KB max",
                targets.CERTIFICATE_PDF_BYTES.text,
                verdict(targets.CERTIFICATE_PDF_BYTES.met(c["pdf_max_bytes"])),
            ),
            (
                "  peak memory of the workers",
                f"{c['worker_peak_memory'] / mib:.0f} MiB",
                targets.CERTIFICATE_WORKER_MEMORY.text,
                verdict(targets.CERTIFICATE_WORKER_MEMORY.met(c["worker_peak_memory"])),
            ),
        ]
    for name, error in results.get("errors", {}).items():
        rows.append((f"{name}: FAILED TO RUN", error.splitlines()[-1][:80], "", "**NO**"))
    return rows


def cpu_shares(overall: dict) -> str:
    """Where the deadline-day run's CPU went, per request, and how busy the machine was."""
    database = overall["database_cpu_ms_per_request"]
    return (
        f"web {overall['cpu_ms_per_request']:.1f} ms, "
        + (f"PostgreSQL {database:.1f} ms, " if database is not None else "")
        + f"load generator {overall['client_cpu_ms_per_request']:.1f} ms; "
        f"cores {100 * overall['machine_busy_share']:.0f}% busy, "
        f"{100 * overall['machine_steal_share']:.0f}% taken by the host"
    )


def page_cost(cost: dict | None) -> str:
    """A page kind's own cost, asked in process after the load (bench/deadline_day.py)."""
    if cost is None:
        return ""
    failed = f", {cost['errors']} errors" if cost["errors"] else ""
    return f"; alone in process {cost['cpu_ms']:.1f} ms CPU, {cost['queries']:.0f} queries{failed}"


def markdown(rows) -> str:
    lines = ["| figure | measured | target | met? |", "|---|---|---|---|"]
    lines += ["| " + " | ".join(cell.replace("|", "/") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def main() -> int:
    args = parse_args()
    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(chosen) - set(BENCHMARKS)
    if unknown:
        print(f"Unknown benchmark: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    size = "full" if args.full else "quick"
    missing = enter_bench_environment(args.database_url, args.redis_url, args.chunk, flush=True)
    if missing:
        print(f"The benchmarks need PostgreSQL and Redis on 127.0.0.1: {missing}", file=sys.stderr)
        return 2

    started = time.perf_counter()
    report = {
        "size": size,
        "seed": args.seed,
        "started": datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
    }
    box = report["machine"]
    print(
        f"Machine: {box['nproc']} cores, {box['cpu_model']}; {box['uptime']}; "
        f"speed probe {box['speed_probe_ms']:.0f} ms",
        flush=True,
    )

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from fixtures.demo_cycle import load_demo_cycle
    from fixtures.scale_data import generate_scale_data

    report["postgresql"] = postgres_version()
    print(f"Migrating a fresh database ({args.database_url.rsplit('/', 1)[-1]}) …", flush=True)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    demo = load_demo_cycle()
    print(f"Generating the {size} data set (seed {args.seed}) …", flush=True)
    generation_started = time.perf_counter()
    summary = generate_scale_data(size, seed=args.seed, log=lambda m: print(f"  {m}", flush=True))
    report["data"] = {
        **summary.counts,
        "seconds": time.perf_counter() - generation_started,
    }
    print(
        f"  … in {report['data']['seconds']:.0f} s: "
        + ", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in summary.counts.items()),
        flush=True,
    )
    # After the bulk load, what autovacuum would do soon after: fresh statistics, and the
    # visibility map that lets PostgreSQL count from an index without reading the rows.
    with connections["default"].cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")

    results, errors = {}, {}
    runners = {
        "lists": lambda: bench_lists(args),
        "excel": lambda: bench_excel(args),
        "quotas": lambda: bench_quotas(args),
        "import": lambda: bench_import(args),
        "tally": lambda: bench_tally(args),
        "deadline": lambda: bench_deadline(args),
        "certificates": lambda: bench_certificates(args, demo),
    }
    phases = report["phases"] = {"setup_seconds": time.perf_counter() - started}
    for name in BENCHMARKS:
        if name not in chosen:
            continue
        phase_started = time.perf_counter()
        phases[name] = {
            "load_average_before": os.getloadavg()[0],
            "speed_probe_ms_before": speed_probe(),
        }
        print(f"[{name}: speed probe {phases[name]['speed_probe_ms_before']:.0f} ms]", flush=True)
        try:
            results[name] = runners[name]()
        except Exception:  # noqa: BLE001 - one broken benchmark must not hide the others
            errors[name] = traceback.format_exc()
            print(errors[name], file=sys.stderr, flush=True)
        phases[name]["seconds"] = time.perf_counter() - phase_started
    if errors:
        results["errors"] = errors
    report["results"] = results
    report["machine_after"] = {
        "uptime": machine()["uptime"],
        "load_average": os.getloadavg(),
        "speed_probe_ms": speed_probe(),
    }
    report["seconds"] = time.perf_counter() - started

    rows = table_rows(results)
    table = markdown(rows)
    heading_line = heading(size, summary.counts["declarations"], report)
    print(f"\n{heading_line}\n\n{table}\n")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    stamp = f"{datetime.now():%Y%m%d-%H%M%S}-{size}"
    (out / f"{stamp}.json").write_text(json.dumps(report, indent=2, default=str))
    (out / f"{stamp}.md").write_text(f"{heading_line}\n\n{table}\n")
    print(f"Figures written to bench/results/{stamp}.json and .md")

    connections.close_all()
    if not args.keep:
        drop_database(args.database_url)
    missed = any(row[3] == "**NO**" for row in rows)
    return 1 if missed or errors else 0


if __name__ == "__main__":
    sys.exit(main())
