"""Certificate batch benchmark: a filing of 1,000 results (2 titles x 5 specialties) approved
and issued through the real path (PostgreSQL, Redis, Celery prefork workers: certify, number,
sign, render, store), and beside it the raw render floor (rendering alone, the same
certificates, 1 and N processes).

    .venv/bin/python bench/certificates.py [--count 1000] [--workers 2] [--chunk 50]

It makes its own PostgreSQL database (dropped afterwards unless --keep) and uses its own
Redis database, so it never touches the demo's or the tests' data. It prints a table and
writes the figures to bench/results/certificates-<time>.json.

Targets: bench/targets.py (>= 60 certificates/s with both cores used, x 1.8 the 1-worker
rate, <= 150 KB per PDF, peak memory < 1 GiB, the filing's approval < 1 s, >= 500
declarations/s filed and numbered, >= 1,000 numbers/s). `python -m bench` runs this batch
too, beside the other benchmarks."""

import argparse
import base64
import json
import multiprocessing
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.targets import (  # noqa: E402
    CERTIFICATE_PDF_BYTES,
    CERTIFICATE_RATE,
    CERTIFICATE_SCALE_OUT_RATIO,
    CERTIFICATE_WORKER_MEMORY,
    FILING_APPROVAL_SECONDS,
    FILING_NUMBERING_RATE,
    NUMBER_ALLOCATION_RATE,
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2, help="Celery worker processes")
    parser.add_argument("--chunk", type=int, default=50, help="certificates per Celery task")
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/zhicheng_bench_certificates",
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument(
        "--numbering-count",
        type=int,
        help="results of the filing numbered without rendering (default: --count), e.g. 50000",
    )
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument(
        "--scale-out",
        action="store_true",
        help="also run the batch on 1 worker first, for the ratio between 1 and --workers",
    )
    return parser.parse_args()


def _on_server(url: str, *statements: str) -> None:
    """Run statements on the server of `url` from its maintenance database (outside a
    transaction, as CREATE/DROP DATABASE need); {name} stands for the database's name."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    connection = psycopg.connect(
        dbname="postgres",
        user=config["USER"] or "postgres",
        password=config["PASSWORD"] or None,
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement.format(name=config["NAME"]))
    connection.close()


def recreate_database(url: str) -> None:
    _on_server(url, 'DROP DATABASE IF EXISTS "{name}"', 'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    _on_server(url, 'DROP DATABASE IF EXISTS "{name}"')


def new_signing_key() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    raw = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return base64.b64encode(raw).decode()


def new_pdf_signing_pair() -> dict:
    """A self-signed key and certificate that sign the PDFs, as production configures them."""
    from certificates.pdf_signature import new_self_signed_pair

    key, certificate = (
        base64.b64encode(pem.encode()).decode() for pem in new_self_signed_pair("Bench")
    )
    return {
        "CERTIFICATE_PDF_SIGNING_KEY": key,
        "CERTIFICATE_PDF_SIGNING_CERTIFICATE": certificate,
    }


def process_tree(pid: int) -> list[int]:
    pids = [pid]
    for current in pids:
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    pids.extend(int(child) for child in children.read().split())
        except OSError:
            continue
    return pids


def rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class MemorySampler(threading.Thread):
    """The peak resident memory of a process and all its children, summed."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.running = True

    def run(self):
        while self.running:
            self.peak = max(self.peak, sum(rss_bytes(pid) for pid in process_tree(self.pid)))
            time.sleep(0.05)

    def stop(self):
        self.running = False
        self.join()


def render_chunk(ids: list[int]) -> tuple[int, int]:
    """In a pool process: render these certificates, keep nothing. (count, bytes)"""
    from certificates import rendering
    from certificates.models import Certificate

    certificates = list(Certificate.objects.filter(pk__in=ids).order_by("sequence"))
    files = rendering.render_pdfs(certificates)
    return len(files), sum(len(content) for content in files)


def setup_django() -> None:
    import django

    django.setup()


def raw_render(ids: list[int], chunk: int, processes: int) -> dict:
    chunks = [ids[start : start + chunk] for start in range(0, len(ids), chunk)]
    started = time.perf_counter()
    # Fresh processes, like Celery's: nothing inherited from this one's threads or connections.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(processes, mp_context=context, initializer=setup_django) as pool:
        sampler = MemorySampler(os.getpid())
        sampler.start()
        done = list(pool.map(render_chunk, chunks))
        sampler.stop()
    elapsed = time.perf_counter() - started
    count = sum(n for n, _size in done)
    return {
        "processes": processes,
        "count": count,
        "seconds": elapsed,
        "rate": count / elapsed,
        "peak_memory": sampler.peak,
    }


def bench_environment(database_url: str, redis_url: str, chunk: int) -> dict:
    """The environment of the benchmark and of the worker processes it starts: production
    settings (DEBUG off), its own database, Redis database, media folder, signing key and
    personal-data keys."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "MEDIA_ROOT": tempfile.mkdtemp(prefix="zhicheng-bench-media-"),
        "STATIC_ROOT": tempfile.mkdtemp(prefix="zhicheng-bench-static-"),
        "CERTIFICATE_SIGNING_KEY": new_signing_key(),
        **new_pdf_signing_pair(),
        # The workers refuse to start without these (core/checks.py).
        "PUBLIC_BASE_URL": "https://bench.example.gov.cn",
        "SITE_URL": "https://bench.example.gov.cn",
        "CLIENT_IP_HEADER": "HTTP_X_REAL_IP",
        "FIELD_ENCRYPTION_KEYS": f"bench:{base64.b64encode(os.urandom(32)).decode()}",
        "FIELD_LOOKUP_HMAC_KEY": base64.b64encode(os.urandom(32)).decode(),
        "CERTIFICATE_ISSUE_CHUNK_SIZE": str(chunk),
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    env.pop("CELERY_BROKER_URL", None)
    env.pop("CELERY_RESULT_BACKEND", None)
    return env


def enter_bench_environment(database_url: str, redis_url: str, chunk: int, *, flush: bool) -> str:
    """Switch this process to the benchmark's environment with a fresh database (and with
    `flush`, an emptied Redis database); what is missing, or "" when all is there."""
    env = bench_environment(database_url, redis_url, chunk)
    os.environ.clear()
    os.environ.update(env)

    import redis

    try:
        client = redis.Redis.from_url(redis_url, socket_connect_timeout=3)
        if flush:
            client.flushdb()
        else:
            client.ping()
        recreate_database(database_url)
    except Exception as error:  # noqa: BLE001 - tell the person what is missing
        return str(error)
    return ""


def main() -> int:
    args = parse_args()
    missing = enter_bench_environment(args.database_url, args.redis_url, args.chunk, flush=False)
    if missing:
        print(f"The benchmark needs PostgreSQL and Redis: {missing}", file=sys.stderr)
        return 2

    import django

    django.setup()
    from django.core.management import call_command

    from fixtures.demo_cycle import load_demo_cycle

    print(f"Preparing {args.count} publicized results in a fresh database …", flush=True)
    call_command("migrate", verbosity=0)
    demo = load_demo_cycle()
    one_worker = None
    if args.scale_out and args.workers > 1:
        one_worker = run_batch(demo, count=args.count, workers=1, redis_url=args.redis_url)
        if one_worker is None:
            return 1
    figures = run_batch(demo, count=args.count, workers=args.workers, redis_url=args.redis_url)
    if figures is None:
        return 1
    if one_worker is not None:
        figures["one_worker"] = one_worker
        figures["scale_out_ratio"] = figures["celery_rate"] / one_worker["celery_rate"]
    print("Filing and numbering another filing, without rendering …", flush=True)
    figures["numbering"] = number_without_rendering(
        demo, count=args.numbering_count or args.count, processes=args.workers
    )
    print("Taking certificate numbers in blocks from two threads …", flush=True)
    figures["allocation"] = allocate_numbers(count=20 * args.count, block=args.chunk, threads=2)
    print_table(figures)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"certificates-{datetime.now():%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(figures, indent=2))
    print(f"\nFigures written to {path.relative_to(ROOT)}")

    from django.db import connections

    connections.close_all()
    if not args.keep:
        drop_database(args.database_url)
    ok = figures["correct"] and not figures["failures"] and figures["allocation"]["gapless"]
    return 0 if ok else 1


def number_chunk(filing_id: int, ids: list[int]) -> None:
    """In a pool process: what a chunk's task does before it renders."""
    from certificates.models import Filing
    from certificates.services.issuing import file_declarations, issue_certificate_records

    filing = Filing.objects.get(pk=filing_id)
    file_declarations(filing, ids)
    issue_certificate_records(filing, ids)


def number_without_rendering(demo: dict, *, count: int, processes: int) -> dict:
    """Another filing of `count` results approved, then its chunks filed and numbered by
    `processes` processes at once, as the workers' chunk tasks do before they render: the pace
    of the moves and of the number counter, which render workers share. (The approval's own
    task, which would queue the chunks, waits in the broker: no worker runs now, and the next
    run empties it.)"""
    from django.conf import settings
    from django.db import connections
    from django.utils import timezone

    from certificates import selectors, services
    from certificates.models import Certificate
    from fixtures.demo_certificates import PublicizedResults

    results = PublicizedResults(demo)
    filing = services.submit_filing(
        actor=results.office, meeting=results.meeting(count, varied=True)
    )
    approving = time.perf_counter()
    filing = services.approve_filing(
        filing,
        actor=results.bureau,
        document_number="示人社发〔2027〕13号",
        document_date=timezone.localdate(),
    )
    approve_seconds = time.perf_counter() - approving
    ids = selectors.pending_declaration_ids(filing)
    chunk = settings.CERTIFICATE_ISSUE_CHUNK_SIZE
    chunks = [ids[start : start + chunk] for start in range(0, len(ids), chunk)]
    connections.close_all()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(processes, mp_context=context, initializer=setup_django) as pool:
        # Every process started before the clock, as a worker pool is.
        list(pool.map(time.sleep, [1] * processes))
        started = time.perf_counter()
        list(pool.map(number_chunk, [filing.pk] * len(chunks), chunks))
        seconds = time.perf_counter() - started
    numbered = Certificate.objects.filter(filing=filing).count()
    return {
        "count": numbered,
        "processes": processes,
        "seconds": seconds,
        "rate": numbered / seconds,
        "approve_seconds": approve_seconds,
    }


def allocate_numbers(*, count: int, block: int, threads: int) -> dict:
    """`count` certificate numbers of an authority and year of their own, taken `block` at a
    time, each block in its own transaction, from `threads` threads at once, as concurrent
    chunks take them: numbers per second, and whether they came out gapless and unique."""
    from django.db import connection, transaction

    from certificates.models import CertificateCounter
    from certificates.numbering import allocate_sequences

    blocks = count // block
    taken: list[list[range]] = [[] for _ in range(threads)]

    def take(index: int) -> None:
        try:
            for _ in range(blocks // threads):
                with transaction.atomic():
                    taken[index].append(allocate_sequences("BENCH", 2099, block))
        finally:
            connection.close()

    started = time.perf_counter()
    workers = [threading.Thread(target=take, args=(index,)) for index in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    seconds = time.perf_counter() - started
    numbers = sorted(number for ranges in taken for part in ranges for number in part)
    last = CertificateCounter.objects.get(authority_code="BENCH", year=2099).last_sequence
    return {
        "count": len(numbers),
        "block": block,
        "threads": threads,
        "seconds": seconds,
        "rate": len(numbers) / seconds,
        "gapless": numbers == list(range(1, last + 1)),
    }


def start_worker(workers: int) -> subprocess.Popen:
    from core.background import QUEUES, queue_name

    # Every queue, as one production worker of each kind would: certificates are routed to
    # their own queue (core/background.py), which a worker of the default queue never reads.
    queues = ",".join(queue_name(kind) for kind in ("celery", *QUEUES))
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            str(workers),
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"bench-{secrets.token_hex(4)}@%h",
            "-Q",
            queues,
        ],
        cwd=ROOT,
        env=dict(os.environ),
    )


def run_batch(
    demo: dict, *, count: int, workers: int, redis_url: str, floors: tuple[int, ...] = ()
) -> dict | None:
    """Approve a filing of `count` publicized results of the demo plan and wait until the
    Celery workers have issued and rendered every certificate; then render the same
    certificates alone, in each number of processes of `floors` (default: 1 and `workers`).
    Needs Django set up on the benchmark's database (os.environ as bench_environment makes
    it) with the demo cycle."""
    import redis
    from django.conf import settings
    from django.utils import timezone

    from certificates import selectors, services
    from certificates.models import Certificate, IssueFailure
    from config.celery import app as celery_app
    from fixtures.demo_certificates import PublicizedResults

    chunk = settings.CERTIFICATE_ISSUE_CHUNK_SIZE
    results = PublicizedResults(demo)
    meeting = results.meeting(count, varied=True)
    filing = services.submit_filing(actor=results.office, meeting=meeting)
    # Only this batch's tasks: nothing queued earlier (messages of other benchmarks) waits.
    redis.Redis.from_url(redis_url, socket_connect_timeout=3).flushdb()

    worker = start_worker(workers)
    try:
        deadline = time.monotonic() + 60
        while not celery_app.control.ping(timeout=1):
            if time.monotonic() > deadline or worker.poll() is not None:
                print("The Celery worker did not start.", file=sys.stderr)
                return None
        sampler = MemorySampler(worker.pid)
        sampler.start()
        print(f"Approving the filing and issuing through {workers} Celery workers …", flush=True)
        started = time.perf_counter()
        filing = services.approve_filing(
            filing,
            actor=results.bureau,
            document_number="示人社发〔2027〕12号",
            document_date=timezone.localdate(),
        )
        approved = time.perf_counter()
        while not selectors.filing_progress(filing).finished:
            time.sleep(0.1)
        finished = time.perf_counter()
        sampler.stop()
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)

    certificates = Certificate.objects.filter(filing=filing)
    sizes = list(certificates.values_list("pdf_size", flat=True))
    sequences = sorted(certificates.values_list("sequence", flat=True))
    first = sequences[0] if sequences else 1
    correct = sequences == list(range(first, first + count)) and all(sizes)
    failures = IssueFailure.objects.filter(filing=filing).count()
    ids = list(certificates.order_by("sequence").values_list("pk", flat=True))

    print(
        f"Celery batch done: {count / (finished - approved):.1f} certificates/s "
        f"({finished - approved:.1f} s after an approval of {approved - started:.1f} s); "
        f"workers' peak memory {sampler.peak / 1024 / 1024:.0f} MiB.",
        flush=True,
    )
    print("Rendering the same certificates alone (the raw render floor) …", flush=True)
    floor = [raw_render(ids, chunk, processes) for processes in floors or (1, workers)]

    celery_seconds = finished - approved
    return {
        "count": count,
        "workers": workers,
        "chunk": chunk,
        "approve_seconds": approved - started,
        "celery_seconds": celery_seconds,
        "celery_rate": count / celery_seconds,
        "end_to_end_rate": count / (finished - started),
        "pdf_mean_bytes": sum(sizes) / len(sizes),
        "pdf_max_bytes": max(sizes),
        "worker_peak_memory": sampler.peak,
        "raw_render": floor,
        "floor_ratio": (count / celery_seconds) / floor[-1]["rate"],
        "correct": correct,
        "failures": failures,
        "cpu_count": os.cpu_count(),
        "load_average": os.getloadavg(),
    }


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def print_table(f: dict) -> None:
    mib = 1024 * 1024
    rows = [
        (
            f"Celery batch: certify, number, sign, render, store ({f['workers']} workers)",
            f"{f['celery_rate']:.1f}/s",
            f"{1000 * f['celery_seconds'] / f['count']:.1f} ms",
            f"{CERTIFICATE_RATE.text} {verdict(CERTIFICATE_RATE.met(f['celery_rate']))}",
        ),
        (
            "  the same, from the approval click (files every declaration first)",
            f"{f['end_to_end_rate']:.1f}/s",
            f"{f['approve_seconds']:.1f} s approval",
            "",
        ),
    ]
    if "one_worker" in f:
        rows.append(
            (
                "  the same on 1 worker; the ratio",
                f"{f['one_worker']['celery_rate']:.1f}/s",
                f"x {f['scale_out_ratio']:.2f}",
                f"{CERTIFICATE_SCALE_OUT_RATIO.text} "
                f"{verdict(CERTIFICATE_SCALE_OUT_RATIO.met(f['scale_out_ratio']))}",
            )
        )
    if "numbering" in f:
        numbering = f["numbering"]
        rows.append(
            (
                "Filing approved (chunks queued), answered in",
                f"{numbering['approve_seconds']:.2f} s",
                f"{numbering['count']} results",
                f"{FILING_APPROVAL_SECONDS.text} "
                f"{verdict(FILING_APPROVAL_SECONDS.met(numbering['approve_seconds']))}",
            )
        )
        rows.append(
            (
                f"  then filed and numbered, {numbering['processes']} processes, no rendering",
                f"{numbering['rate']:.0f}/s",
                f"{numbering['count']} in {numbering['seconds']:.1f} s",
                f"{FILING_NUMBERING_RATE.text} "
                f"{verdict(FILING_NUMBERING_RATE.met(numbering['rate']))}",
            )
        )
    if "allocation" in f:
        allocation = f["allocation"]
        rows.append(
            (
                f"Numbers taken, blocks of {allocation['block']}, {allocation['threads']} threads",
                f"{allocation['rate']:.0f}/s",
                f"{allocation['count']} in {allocation['seconds']:.1f} s, "
                f"{'gapless' if allocation['gapless'] else 'GAPS'}",
                f"{NUMBER_ALLOCATION_RATE.text} "
                f"{verdict(NUMBER_ALLOCATION_RATE.met(allocation['rate']))}",
            )
        )
    for floor in f["raw_render"]:
        rows.append(
            (
                f"Raw render floor, {floor['processes']} process(es)",
                f"{floor['rate']:.1f}/s",
                f"{1000 * floor['seconds'] / floor['count']:.1f} ms",
                f"peak {floor['peak_memory'] / mib:.0f} MiB",
            )
        )
    rows += [
        (
            "PDF size",
            f"{f['pdf_mean_bytes'] / 1024:.1f} KB mean",
            f"{f['pdf_max_bytes'] / 1024:.1f} KB max",
            f"{CERTIFICATE_PDF_BYTES.text} "
            f"{verdict(CERTIFICATE_PDF_BYTES.met(f['pdf_max_bytes']))}",
        ),
        (
            "Peak memory, all Celery worker processes",
            f"{f['worker_peak_memory'] / mib:.0f} MiB",
            "",
            f"{CERTIFICATE_WORKER_MEMORY.text} "
            f"{verdict(CERTIFICATE_WORKER_MEMORY.met(f['worker_peak_memory']))}",
        ),
        (
            "One certificate per declaration, numbers 1..N, every PDF",
            "yes" if f["correct"] else "NO",
            f"{f['failures']} failures",
            "",
        ),
    ]
    print(
        f"\nCertificate batch of {f['count']}, chunks of {f['chunk']}, "
        f"{f['cpu_count']} cores, load average {f['load_average'][0]:.2f}\n"
    )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    header = ("measure", "value", "detail", "target")
    widths = [max(w, len(h)) for w, h in zip(widths, header, strict=True)]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    sys.exit(main())
