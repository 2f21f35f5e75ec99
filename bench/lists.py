"""Lists at bureau scale: the declaration lists of an employer, a jury office and the HR
bureau, and the main API lists, over real HTTP (gunicorn with 2 workers on loopback, a small
threaded client), with the queries each request makes.

A list's query count must not grow with the data: each list is also requested, in process,
by the same role in the small control city (fixtures/scale_data.py), who sees a handful of
rows; the big city's viewer, who sees thousands, must need no more queries.

Run by `python -m bench`, which prepares the database and the environment."""

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path

from bench.targets import LIST_P95_MS

ROOT = Path(__file__).resolve().parent.parent
PORT = 8765


@dataclass(frozen=True)
class ListCase:
    key: str
    label: str
    path: str
    role: str  # "employer", "office" or "bureau": whose list it is
    api: bool


CASES = [
    ListCase(
        "api-declarations-employer",
        "API declarations, employer",
        "/api/v1/declarations/",
        "employer",
        True,
    ),
    ListCase(
        "api-declarations-office",
        "API declarations, jury office",
        "/api/v1/declarations/",
        "office",
        True,
    ),
    ListCase(
        "api-declarations-bureau",
        "API declarations, HR bureau",
        "/api/v1/declarations/",
        "bureau",
        True,
    ),
    ListCase(
        "api-certificates-bureau",
        "API certificates, HR bureau",
        "/api/v1/certificates/",
        "bureau",
        True,
    ),
    ListCase(
        "api-meetings-office", "API meetings, jury office", "/api/v1/meetings/", "office", True
    ),
    ListCase(
        "api-hours-employer",
        "API credit hours, employer",
        "/api/v1/continuing-education/hours/",
        "employer",
        True,
    ),
    ListCase(
        "page-declarations-employer",
        "Page /declarations/, employer",
        "/declarations/",
        "employer",
        False,
    ),
    ListCase(
        "page-declarations-office",
        "Page /declarations/, jury office",
        "/declarations/",
        "office",
        False,
    ),
    ListCase(
        "page-declarations-bureau",
        "Page /declarations/, HR bureau",
        "/declarations/",
        "bureau",
        False,
    ),
    ListCase(
        "page-certificates-bureau",
        "Page /certificates/, HR bureau",
        "/certificates/",
        "bureau",
        False,
    ),
    ListCase(
        "page-meetings-office", "Page /juries/ (meetings), jury office", "/juries/", "office", False
    ),
]


def _page_exists(path: str) -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def viewers(city_key: str) -> dict:
    """The employer HR staff of the city's busiest employer, its engineering jury office and
    its HR bureau."""
    from django.db.models import Count

    from accounts.models import Membership, Role, User
    from applicants.models import Declaration

    busiest = (
        Declaration.objects.filter(applicant__username__startswith=f"{city_key}-p")
        .exclude(submitted_at=None)
        .values("employer")
        .annotate(n=Count("pk"))
        .order_by("-n", "employer")
        .first()["employer"]
    )
    employer_hr = (
        Membership.objects.filter(organization_id=busiest, role=Role.EMPLOYER_HR)
        .order_by("pk")
        .first()
        .user
    )
    return {
        "employer": employer_hr,
        "office": User.objects.get(username=f"{city_key}-office-gc"),
        "bureau": User.objects.get(username=f"{city_key}-bureau"),
    }


def credentials(user) -> dict:
    """HTTP headers that sign `user` in: a token for the API, a session cookie for pages."""
    from django.conf import settings
    from django.test import Client
    from knox.models import AuthToken

    from accounts.second_factor import PENDING_SESSION_KEY

    _instance, token = AuthToken.objects.create(user=user)
    client = Client()
    client.force_login(user)
    # Staff roles need their second factor (SECOND_FACTOR_REQUIRED): this session has passed it.
    verified = client.session
    verified.pop(PENDING_SESSION_KEY, None)
    verified.save()
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {
        "api": {"Authorization": f"Token {token}"},
        "page": {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"},
    }


def count_queries(case: ListCase, headers: dict) -> tuple[int, int, int]:
    """(status, queries, rows shown) of one in-process request."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    extra = {}
    for name, value in headers["api" if case.api else "page"].items():
        extra["HTTP_" + name.upper().replace("-", "_")] = value
    with CaptureQueriesContext(connection) as captured:
        response = client.get(case.path, **extra)
    rows = 0
    if case.api and response.status_code == 200:
        body = response.json()
        rows = len(body["results"]) if isinstance(body, dict) else len(body)
    return response.status_code, len(captured), rows


def start_gunicorn(
    options=("--workers", "2", "--bind", f"127.0.0.1:{PORT}", "--log-level", "warning"),
    *,
    port: int = PORT,
    env: dict | None = None,
) -> subprocess.Popen:
    """gunicorn serving the product with these options, once it answers on `port`."""
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *options, "config.wsgi:application"],
        cwd=ROOT,
        env=env or dict(os.environ),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn did not start")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within 60 s")


def fetch(method: str, path: str, headers: dict, *, body: bytes = b"", port: int = PORT):
    """(status, seconds, body, cookies set) of one request on a connection of its own; a
    cookie the server deletes is None."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(
            method, path, body=body or None, headers={"Host": "127.0.0.1", **headers}
        )
        response = connection.getresponse()
        content = response.read()
    finally:
        connection.close()
    cookies = {}
    for header in response.headers.get_all("Set-Cookie") or ():
        for name, morsel in SimpleCookie(header).items():
            cookies[name] = None if morsel["max-age"] == "0" else morsel.value
    return response.status, time.perf_counter() - started, content, cookies


def one_request(path: str, headers: dict, port: int = PORT) -> tuple[int, float, int]:
    status, seconds, body, _cookies = fetch("GET", path, headers, port=port)
    return status, seconds, len(body)


def load(path: str, headers: dict, *, requests: int, concurrency: int) -> dict:
    """`requests` GETs from `concurrency` threads, each waiting for its answer before the next
    (a closed loop): latencies in ms, throughput, and every status seen."""
    for _ in range(3):  # warm the workers, their connections and PostgreSQL's cache
        one_request(path, headers)
    latencies, statuses, sizes = [], [], []
    lock = threading.Lock()
    remaining = [requests]

    def worker():
        while True:
            with lock:
                if remaining[0] == 0:
                    return
                remaining[0] -= 1
            status, seconds, size = one_request(path, headers)
            with lock:
                latencies.append(seconds * 1000)
                statuses.append(status)
                sizes.append(size)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": requests,
        "concurrency": concurrency,
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
        "max_ms": latencies[-1],
        "per_second": requests / elapsed,
        "statuses": sorted(set(statuses)),
        "bytes": sum(sizes) // len(sizes),
    }


def percentile(ordered: list[float], p: int) -> float:
    """Nearest rank."""
    rank = max(1, -(-p * len(ordered) // 100))
    return ordered[rank - 1]


def run(*, requests: int, concurrency: int = 2) -> list[dict]:
    big, small = viewers("scale"), viewers("ctrl")
    signed_in = {role: credentials(user) for role, user in big.items()}
    control = {role: credentials(user) for role, user in small.items()}
    cases = [case for case in CASES if _page_exists(case.path)]
    missing = sorted({case.path for case in CASES} - {case.path for case in cases})
    results = []
    print(
        f"Lists: counting queries in process for {len(cases)} lists"
        + (f" ({', '.join(missing)} not built yet)" if missing else "")
        + " …",
        flush=True,
    )
    for case in cases:
        status, queries, rows = count_queries(case, signed_in[case.role])
        control_status, control_queries, control_rows = count_queries(case, control[case.role])
        results.append(
            {
                "key": case.key,
                "label": case.label,
                "path": case.path,
                "viewer": big[case.role].username,
                "status": status,
                "queries": queries,
                "rows": rows,
                "control_viewer": small[case.role].username,
                "control_status": control_status,
                "control_queries": control_queries,
                "control_rows": control_rows,
                "flat": status == control_status == 200 and queries <= control_queries,
            }
        )
    print(f"Lists: {requests} requests each over HTTP, gunicorn with 2 workers …", flush=True)
    server = start_gunicorn()
    try:
        for case, result in zip(cases, results, strict=True):
            headers = signed_in[case.role]["api" if case.api else "page"]
            result.update(load(case.path, headers, requests=requests, concurrency=concurrency))
            result["met"] = (
                LIST_P95_MS.met(result["p95_ms"]) and result["flat"] and result["statuses"] == [200]
            )
            print(
                f"  {case.label}: p50 {result['p50_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms, "
                f"{result['queries']} queries (control {result['control_queries']})",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    for path in missing:
        results.append({"key": path, "label": f"Page {path}", "missing": True})
    return results
