"""Deadline day: a bounded load of mixed roles against the web process as production runs it
(gunicorn with config/gunicorn.conf.py, on loopback, PostgreSQL with the scale data set).

50 sessions, each a thread that asks its next page as soon as the last one answered (a
closed loop, no think time), for 60 s: applicants on their home page and their declaration,
employer HR staff and the jury office on their lists and home pages (with the to-do counts),
the HR bureau on its certificates, and the public verifying certificates (each visitor from
its own address, as the proxy reports it). Reported per page kind: requests, throughput,
p50/p95/p99 and errors; for the whole run the CPU the web processes spent per request
(PostgreSQL's own CPU is not in it).

Not in the mix yet: requests that write (an applicant saving a draft or uploading a proof
file); every request here reads.

Run by `python -m bench`, which prepares the database and the environment."""

import os
import random
import subprocess
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from bench.lists import credentials, one_request, percentile, start_gunicorn, viewers
from bench.targets import DEADLINE_P95_MS, DEADLINE_REQUESTS_PER_SECOND

ROOT = Path(__file__).resolve().parent.parent
PORT = 8766
SESSIONS = 50
SECONDS = 60


@dataclass(frozen=True)
class Session:
    role: str
    pages: tuple[tuple[str, str], ...]  # (page kind, path), asked in turn
    headers: dict
    visitor: int = 0  # public sessions: each request from another address of this visitor's

    def headers_for(self, turn: int) -> dict:
        if self.role != "public":
            return self.headers
        # Many members of the public, each asking a few times: the per-address allowance
        # (VERIFY_RATE_LIMIT) is not what this measures.
        return {"X-Real-IP": f"10.{self.visitor}.{turn // 250 % 250}.{turn % 250 + 1}"}


def sessions() -> list[Session]:
    """25 applicants, 10 employer HR sessions, 5 of the jury office, 2 of the bureau and 8
    public visitors: about the mix of a declaration deadline."""
    from applicants.models import Declaration
    from certificates.models import Certificate

    staff = viewers("scale")
    signed_in = {role: credentials(user)["page"] for role, user in staff.items()}
    declarations = list(
        Declaration.objects.filter(applicant__username__startswith="scale-p")
        .exclude(submitted_at=None)
        .order_by("-plan__year", "pk")
        .select_related("applicant")[:25]
    )
    numbers = list(
        Certificate.objects.filter(status=Certificate.Status.VALID)
        .order_by("pk")
        .values_list("number", flat=True)[:400]
    )
    made = [
        Session(
            "applicant",
            (("applicant home", "/"), ("applicant declaration", f"/declarations/{d.pk}/")),
            credentials(d.applicant)["page"],
        )
        for d in declarations
    ]
    made += [
        Session(
            "employer",
            (("employer list", "/declarations/"), ("employer home", "/")),
            signed_in["employer"],
        )
    ] * 10
    made += [
        Session(
            "office", (("office list", "/declarations/"), ("office home", "/")), signed_in["office"]
        )
    ] * 5
    made += [
        Session(
            "bureau",
            (("bureau certificates", "/certificates/"), ("bureau home", "/")),
            signed_in["bureau"],
        )
    ] * 2
    for visitor in range(SESSIONS - len(made)):
        chosen = random.Random(visitor).sample(numbers, min(20, len(numbers)))
        made.append(
            Session(
                "public",
                tuple(("public verification", f"/verify/{number}/") for number in chosen),
                {},
                visitor=visitor + 1,
            )
        )
    return made


def start_server() -> subprocess.Popen:
    """gunicorn as production starts it (config/gunicorn.conf.py), on loopback."""
    return start_gunicorn(
        ("-c", "config/gunicorn.conf.py", "--access-logfile", "/dev/null"),
        port=PORT,
        env={**os.environ, "GUNICORN_BIND": f"127.0.0.1:{PORT}", "GUNICORN_LOG_LEVEL": "warning"},
    )


def cpu_seconds(master: int) -> float:
    """CPU time of gunicorn's master and workers, those already replaced included (a worker
    that exits leaves its time in the master's children's counters)."""
    ticks = os.sysconf("SC_CLK_TCK")

    def fields(pid: int) -> list[str]:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()

    master_fields = fields(master)
    total = sum(int(value) for value in master_fields[11:15])  # utime stime cutime cstime
    children = subprocess.run(
        ["pgrep", "-P", str(master)], capture_output=True, text=True
    ).stdout.split()
    for pid in children:
        try:
            total += sum(int(value) for value in fields(int(pid))[11:13])
        except FileNotFoundError:
            continue  # replaced meanwhile: counted with the master's children
    return total / ticks


def run(*, seconds: int = SECONDS) -> dict:
    made = sessions()
    print(
        f"Deadline day: {len(made)} sessions for {seconds} s against gunicorn "
        f"(config/gunicorn.conf.py) …",
        flush=True,
    )
    server = start_server()
    records = defaultdict(list)  # page kind: [(status, seconds)]
    lock = threading.Lock()
    try:
        for session in made:  # warm every worker's connections and PostgreSQL's cache
            one_request(session.pages[0][1], session.headers_for(0), PORT)
        cpu_before = cpu_seconds(server.pid)
        started = time.perf_counter()
        stop_at = started + seconds

        def browse(session: Session):
            turn = 0
            while time.perf_counter() < stop_at:
                kind, path = session.pages[turn % len(session.pages)]
                turn += 1
                try:
                    status, elapsed, _size = one_request(path, session.headers_for(turn), PORT)
                except OSError:
                    status, elapsed = 0, 0.0
                with lock:
                    records[kind].append((status, elapsed))

        threads = [threading.Thread(target=browse, args=(session,)) for session in made]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        cpu = cpu_seconds(server.pid) - cpu_before
    finally:
        server.terminate()
        server.wait(timeout=30)

    kinds = {}
    for kind, seen in sorted(records.items()):
        latencies = sorted(seconds * 1000 for _status, seconds in seen)
        kinds[kind] = {
            "requests": len(seen),
            "per_second": len(seen) / elapsed,
            "p50_ms": percentile(latencies, 50),
            "p95_ms": percentile(latencies, 95),
            "p99_ms": percentile(latencies, 99),
            "errors": sum(1 for status, _seconds in seen if status != 200),
            "statuses": sorted({status for status, _seconds in seen}),
        }
    every = sorted(seconds * 1000 for seen in records.values() for _status, seconds in seen)
    total = len(every)
    errors = sum(kind["errors"] for kind in kinds.values())
    overall = {
        "sessions": len(made),
        "seconds": elapsed,
        "requests": total,
        "per_second": total / elapsed,
        "p50_ms": percentile(every, 50),
        "p95_ms": percentile(every, 95),
        "p99_ms": percentile(every, 99),
        "errors": errors,
        "cpu_ms_per_request": 1000 * cpu / total,
    }
    overall["met"] = (
        DEADLINE_REQUESTS_PER_SECOND.met(overall["per_second"])
        and DEADLINE_P95_MS.met(overall["p95_ms"])
        and errors == 0
    )
    return {"overall": overall, "kinds": kinds}
