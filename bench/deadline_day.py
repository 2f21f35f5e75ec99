"""Deadline day: a bounded load of mixed roles against the web process as production runs it
(gunicorn with config/gunicorn.conf.py, on loopback, PostgreSQL with the scale data set).

50 sessions, each a thread that asks its next page as soon as the last one answered (a
closed loop, no think time), for 60 s: applicants filing (their draft's form, saving it, their
declaration's page, uploading a proof file) and applicants following a submitted declaration
(home page, the declaration), employer HR staff and the jury office on their lists and home
pages (with the to-do counts), the HR bureau on its certificates, and the public verifying
certificates (each visitor from its own address, as the proxy reports it). A form is sent as a
browser sends it: the fields the page gave it, its CSRF token and cookie; a save or an upload
counts as answered when the product redirects (302), a form shown again with errors is an
error. Reported per page kind: requests, throughput, p50/p95/p99 and errors; for the whole run
where the machine's CPU went, per request: the web processes, PostgreSQL (when it runs on this
machine) and this load generator, and how busy the cores were and how much of their time the
host took (steal), to tell a saturated machine from a slow one. After the load, every session
takes a few more steps in this process, through Django's test client: each page kind's own CPU
and queries per request, to tell which pages the time goes to.

Run by `python -m bench`, which prepares the database and the environment."""

import gc
import os
import random
import re
import resource
import subprocess
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

from bench.lists import credentials, fetch, percentile, start_gunicorn, viewers
from bench.targets import DEADLINE_P95_MS, DEADLINE_REQUESTS_PER_SECOND

ROOT = Path(__file__).resolve().parent.parent
PORT = 8766
SESSIONS = 50
SECONDS = 60
# Turns of every session asked again in process after the load, for each page's own cost.
IN_PROCESS_TURNS = 8
FILING_APPLICANTS = 10  # of the 25 applicant sessions; the others follow a submitted one
# The smallest file the product takes as a PDF (applicants/materials.py judges by content).
PROOF_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@dataclass(frozen=True)
class Step:
    """One request of a session: a page, or a form of the page asked before it sent back."""

    kind: str
    path: str
    form: str | None = None  # POST the form of the previous page with this action ("": itself)
    fill: tuple[tuple[str, str], ...] = ()  # fields set over the page's
    upload: str = ""  # the file field that carries PROOF_PDF

    @property
    def expected(self) -> int:
        return 302 if self.form is not None else 200


class PageForms(HTMLParser):
    """What a browser would send with each form of a page, by the form's action: its inputs
    (boxes and radios only when checked, no buttons, no file inputs), its selects (the chosen
    options, else the first) and its textareas."""

    def __init__(self):
        super().__init__()
        self.forms: dict[str, list[tuple[str, str]]] = {}
        self._fields = None
        self._select = None  # [name, first option, chosen options]
        self._textarea = None  # [name, text]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._fields = self.forms.setdefault(attrs.get("action") or "", [])
        elif self._fields is None or "disabled" in attrs:
            return
        elif tag == "input" and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._fields.append(
                (
                    attrs["name"],
                    attrs.get("value") or ("on" if kind in ("checkbox", "radio") else ""),
                )
            )
        elif tag == "select" and attrs.get("name"):
            self._select = [attrs["name"], None, []]
        elif tag == "option" and self._select is not None:
            value = attrs.get("value") or ""
            if self._select[1] is None:
                self._select[1] = value
            if "selected" in attrs:
                self._select[2].append(value)
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None
        elif tag == "select" and self._select is not None:
            name, first, chosen = self._select
            for value in chosen or ([first] if first is not None else []):
                self._fields.append((name, value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea[1]
            self._fields.append((self._textarea[0], text[1:] if text.startswith("\n") else text))
            self._textarea = None


def page_forms(html: str, action: str | None = None) -> dict[str, list[tuple[str, str]]]:
    """The forms of a page by their action; with `action`, only that form is read (a page of a
    declaration with its materials is over 100 KB: reading all of it costs the client more than
    the server spends on some pages)."""
    if action is not None:
        found = re.search(
            rf"<form\b[^>]*\baction=\"{re.escape(action)}\"[^>]*>.*?</form>"
            if action
            else r"<form\b(?![^>]*\baction=)[^>]*>.*?</form>",
            html,
            re.DOTALL,
        )
        html = found.group(0) if found else ""
    reader = PageForms()
    reader.feed(html)
    reader.close()
    return reader.forms


def form_body(fields: list[tuple[str, str]], upload: str = "") -> tuple[bytes, str]:
    """(body, content type) of a form sent with `fields`; with `upload`, as multipart with
    PROOF_PDF in that field."""
    if not upload:
        return urlencode(fields).encode(), "application/x-www-form-urlencoded"
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields:
        disposition = f'Content-Disposition: form-data; name="{name}"'
        parts.append(f"--{boundary}\r\n{disposition}\r\n\r\n{value}\r\n".encode())
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{upload}"; filename="proof.pdf"\r\n'
        f"Content-Type: application/pdf\r\n\r\n".encode()
        + PROOF_PDF
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@dataclass
class Browser:
    """A session's cookies beside its sign-in, and the last page it was shown (read for its
    forms only when a form of it is sent). It asks over HTTP, or through `transport` (a
    function with `fetch`'s signature, such as `InProcess`)."""

    headers: dict
    cookies: dict = field(default_factory=dict)
    page: str = ""
    transport: Callable = fetch

    def ask(self, step: Step, extra: dict, port: int = PORT) -> tuple[int, float]:
        headers = {**self.headers, **extra}
        cookies = [headers.pop("Cookie")] if "Cookie" in headers else []
        cookies += [f"{name}={value}" for name, value in self.cookies.items()]
        if cookies:
            headers["Cookie"] = "; ".join(cookies)
        if step.form is None:
            status, seconds, page, cookies = self.transport("GET", step.path, headers, port=port)
            self.page = page.decode(errors="replace") if status == 200 else ""
        else:
            filled = dict(step.fill)
            fields = [
                (name, value)
                for name, value in page_forms(self.page, step.form).get(step.form, [])
                if name not in filled
            ]
            body, content_type = form_body([*fields, *step.fill], step.upload)
            headers["Content-Type"] = content_type
            status, seconds, _page, cookies = self.transport(
                "POST", step.path, headers, body=body, port=port
            )
            self.page = ""
        for name, value in cookies.items():
            if value is None:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return status, seconds


@dataclass(frozen=True)
class Session:
    role: str
    pages: tuple[Step, ...]  # asked in turn
    headers: dict
    visitor: int = 0  # public sessions: each request from another address of this visitor's

    def headers_for(self, turn: int) -> dict:
        if self.role != "public":
            return self.headers
        # Many members of the public, each asking a few times: the per-address allowance
        # (VERIFY_RATE_LIMIT) is not what this measures.
        return {"X-Real-IP": f"10.{self.visitor}.{turn // 250 % 250}.{turn % 250 + 1}"}


def filing_steps(declaration_pk: int) -> tuple[Step, ...]:
    """An applicant filing: the draft's form, saving it, the declaration's page, uploading a
    proof file of the first material type there."""
    from django.urls import reverse

    from titles.models import MaterialType

    edit = reverse("applicants:edit", args=[declaration_pk])
    upload = reverse("applicants:material-upload", args=[declaration_pk])
    return (
        Step("applicant draft form", edit),
        Step("applicant saving a draft", edit, form=""),
        Step("applicant declaration", reverse("applicants:detail", args=[declaration_pk])),
        Step(
            "applicant uploading a proof",
            upload,
            form=upload,
            fill=(("material_type", MaterialType.values[0]),),
            upload="file",
        ),
    )


def sessions() -> list[Session]:
    """25 applicants (10 filing a draft, 15 following a submitted declaration), 10 employer HR
    sessions, 5 of the jury office, 2 of the bureau and 8 public visitors: about the mix of a
    declaration deadline."""
    from applicants.models import Declaration
    from certificates.models import Certificate

    staff = viewers("scale")
    signed_in = {role: credentials(user)["page"] for role, user in staff.items()}
    applicants = Declaration.objects.filter(applicant__username__startswith="scale-p")
    drafts = list(
        applicants.filter(status=Declaration.Status.DRAFT, plan__status="open")
        .order_by("pk")
        .select_related("applicant")[:FILING_APPLICANTS]
    )
    submitted = list(
        applicants.exclude(submitted_at=None)
        .exclude(applicant__in=[draft.applicant_id for draft in drafts])
        .order_by("-plan__year", "pk")
        .select_related("applicant")[: 25 - len(drafts)]
    )
    numbers = list(
        Certificate.objects.filter(status=Certificate.Status.VALID)
        .order_by("pk")
        .values_list("number", flat=True)[:400]
    )
    made = [
        Session("applicant", filing_steps(d.pk), credentials(d.applicant)["page"]) for d in drafts
    ]
    made += [
        Session(
            "applicant",
            (
                Step("applicant home", "/"),
                Step("applicant declaration", f"/declarations/{d.pk}/"),
            ),
            credentials(d.applicant)["page"],
        )
        for d in submitted
    ]
    made += [
        Session(
            "employer",
            (Step("employer list", "/declarations/"), Step("employer home", "/")),
            signed_in["employer"],
        )
    ] * 10
    made += [
        Session(
            "office",
            (Step("office list", "/declarations/"), Step("office home", "/")),
            signed_in["office"],
        )
    ] * 5
    made += [
        Session(
            "bureau",
            (Step("bureau certificates", "/certificates/"), Step("bureau home", "/")),
            signed_in["bureau"],
        )
    ] * 2
    for visitor in range(SESSIONS - len(made)):
        chosen = random.Random(visitor).sample(numbers, min(20, len(numbers)))
        made.append(
            Session(
                "public",
                tuple(Step("public verification", f"/verify/{number}/") for number in chosen),
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


def cpu_seconds(root: int) -> float:
    """CPU time of a process and its children, those already gone included (a child that exits
    leaves its time in its parent's children's counters): gunicorn's master and workers, or
    PostgreSQL's postmaster and backends."""
    ticks = os.sysconf("SC_CLK_TCK")

    def fields(pid: int) -> list[str]:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()

    total = sum(int(value) for value in fields(root)[11:15])  # utime stime cutime cstime
    children = subprocess.run(
        ["pgrep", "-P", str(root)], capture_output=True, text=True
    ).stdout.split()
    for pid in children:
        try:
            total += sum(int(value) for value in fields(int(pid))[11:13])
        except FileNotFoundError:
            continue  # gone meanwhile: counted with the parent's children
    return total / ticks


def postmaster() -> int | None:
    """PostgreSQL's postmaster on this machine (the oldest process named postgres), or None
    when the database runs elsewhere."""
    found = subprocess.run(["pgrep", "-o", "-x", "postgres"], capture_output=True, text=True)
    return int(found.stdout) if found.stdout.strip() else None


def machine_ticks() -> tuple[int, int, int]:
    """(busy, steal, all) clock ticks of every core since boot, from /proc/stat: steal is the
    time a virtual machine's cores waited for the host."""
    with open("/proc/stat") as stat:
        values = [int(value) for value in stat.readline().split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    steal = values[7] if len(values) > 7 else 0
    everything = sum(values[:8])
    return everything - idle - steal, steal, everything


def client_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class InProcess:
    """`fetch` without HTTP: the product asked in this process through Django's test client,
    its CSRF checks on as over HTTP. The CPU time and the queries of the last request are
    kept: what the page costs a web process alone, without the socket, the other sessions
    or the client's own work."""

    def __init__(self):
        from django.test import Client

        self.client = Client(enforce_csrf_checks=True)
        self.cpu_seconds = 0.0
        self.queries = 0

    def _count(self, execute, sql, params, many, context):
        self.queries += 1
        return execute(sql, params, many, context)

    def __call__(self, method: str, path: str, headers: dict, *, body: bytes = b"", port=None):
        from django.db import connection

        self.client.cookies.clear()  # the browser sends its own
        meta = {}
        for name, value in headers.items():
            key = name.upper().replace("-", "_")
            meta[key if key == "CONTENT_TYPE" else f"HTTP_{key}"] = value
        content_type = meta.pop("CONTENT_TYPE", "application/octet-stream")
        self.queries = 0
        started, cpu_started = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(self._count):
            response = self.client.generic(method, path, body, content_type, **meta)
            content = b"".join(response) if response.streaming else response.content
        self.cpu_seconds = time.process_time() - cpu_started
        seconds = time.perf_counter() - started
        cookies = {
            name: None if str(morsel["max-age"]) == "0" else morsel.value
            for name, morsel in response.cookies.items()
        }
        return response.status_code, seconds, content, cookies


def page_costs(made: list[Session], *, turns: int = IN_PROCESS_TURNS) -> dict:
    """Each page kind's CPU and queries per request, asked in this process (`InProcess`):
    every session takes `turns` more steps, after one round of every kind of step it takes,
    which warms this process (a template is compiled at its first use)."""
    transport = InProcess()
    browsers = [Browser(session.headers, transport=transport) for session in made]
    cpu, queries, asked, errors = (defaultdict(int) for _ in range(4))
    warming = max(len({step.kind for step in session.pages}) for session in made)
    # As gunicorn's master does before it forks: what this process holds already (the data
    # set it generated, the load's records) is left out of the collector's walks.
    gc.freeze()
    try:
        for turn in range(warming + turns):
            for session, browser in zip(made, browsers, strict=True):
                step = session.pages[turn % len(session.pages)]
                status, _seconds = browser.ask(step, session.headers_for(turn))
                if turn < warming:
                    continue
                cpu[step.kind] += transport.cpu_seconds
                queries[step.kind] += transport.queries
                asked[step.kind] += 1
                errors[step.kind] += status != step.expected
    finally:
        gc.unfreeze()
    return {
        kind: {
            "requests": asked[kind],
            "cpu_ms": 1000 * cpu[kind] / asked[kind],
            "queries": queries[kind] / asked[kind],
            "errors": errors[kind],
        }
        for kind in asked
    }


def run(*, seconds: int = SECONDS) -> dict:
    made = sessions()
    print(
        f"Deadline day: {len(made)} sessions for {seconds} s against gunicorn "
        f"(config/gunicorn.conf.py) …",
        flush=True,
    )
    server = start_server()
    records = defaultdict(list)  # page kind: [(status, seconds, as expected)]
    lock = threading.Lock()
    try:
        for session in made:  # warm every worker's connections and PostgreSQL's cache
            Browser(session.headers).ask(session.pages[0], session.headers_for(0))
        database = postmaster()
        cpu_before = cpu_seconds(server.pid)
        database_before = cpu_seconds(database) if database else None
        client_before = client_cpu_seconds()
        machine_before = machine_ticks()
        started = time.perf_counter()
        stop_at = started + seconds

        def browse(session: Session):
            browser = Browser(session.headers)
            turn = 0
            while time.perf_counter() < stop_at:
                step = session.pages[turn % len(session.pages)]
                turn += 1
                try:
                    status, elapsed = browser.ask(step, session.headers_for(turn))
                except OSError:
                    status, elapsed = 0, 0.0
                with lock:
                    records[step.kind].append((status, elapsed, status == step.expected))

        threads = [threading.Thread(target=browse, args=(session,)) for session in made]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        cpu = cpu_seconds(server.pid) - cpu_before
        database_cpu = cpu_seconds(database) - database_before if database else None
        client_cpu = client_cpu_seconds() - client_before
        busy, steal, everything = (
            after - before for after, before in zip(machine_ticks(), machine_before, strict=True)
        )
    finally:
        server.terminate()
        server.wait(timeout=30)

    print("Each page asked again in this process, for its own CPU and queries …", flush=True)
    costs = page_costs(made)
    kinds = {}
    for kind, seen in sorted(records.items()):
        latencies = sorted(seconds * 1000 for _status, seconds, _ok in seen)
        kinds[kind] = {
            "requests": len(seen),
            "per_second": len(seen) / elapsed,
            "p50_ms": percentile(latencies, 50),
            "p95_ms": percentile(latencies, 95),
            "p99_ms": percentile(latencies, 99),
            "errors": sum(1 for _status, _seconds, ok in seen if not ok),
            "statuses": sorted({status for status, _seconds, _ok in seen}),
            "in_process": costs.get(kind),
        }
    every = sorted(seconds * 1000 for seen in records.values() for _status, seconds, _ok in seen)
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
        "database_cpu_ms_per_request": 1000 * database_cpu / total if database else None,
        "client_cpu_ms_per_request": 1000 * client_cpu / total,
        "machine_busy_share": busy / everything,
        "machine_steal_share": steal / everything,
    }
    overall["met"] = (
        DEADLINE_REQUESTS_PER_SECOND.met(overall["per_second"])
        and DEADLINE_P95_MS.met(overall["p95_ms"])
        and errors == 0
    )
    return {"overall": overall, "kinds": kinds}
