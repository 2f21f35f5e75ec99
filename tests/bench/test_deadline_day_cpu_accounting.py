"""Where deadline day's CPU went (bench/deadline_day.py): the web processes and PostgreSQL are
counted as a process and its children, those that already exited included (a recycled worker,
a closed database connection); the machine's busy and stolen share come from /proc/stat; the
table says each per request."""

import os
import subprocess
import sys

import pytest

from bench.__main__ import cpu_shares
from bench.deadline_day import cpu_seconds, machine_ticks

BURN = "import time\nwhile time.process_time() < 0.3:\n    pass\n"
WAIT = "import sys\nprint('ready', flush=True)\nsys.stdin.read()\n"
# The parent burns nothing itself: its child burns 0.3 s, and then exits or stays alive.
CHILD_EXITED = f"import subprocess, sys\nsubprocess.run([sys.executable, '-c', {BURN!r}])\n"
CHILD_ALIVE = (
    "import subprocess, sys\n"
    f"child = subprocess.Popen([sys.executable, '-c', {BURN + WAIT!r}], "
    "stdin=subprocess.PIPE, stdout=subprocess.PIPE)\n"
    "child.stdout.readline()\n"
)


@pytest.mark.parametrize("parent_script", [CHILD_EXITED, CHILD_ALIVE], ids=["exited", "alive"])
def test_a_child_s_cpu_is_counted_with_its_parent(parent_script):
    parent = subprocess.Popen(
        [sys.executable, "-c", parent_script + WAIT],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert parent.stdout.readline().strip() == "ready"
        assert cpu_seconds(parent.pid) >= 0.3
    finally:
        parent.communicate("")


def test_the_machine_s_ticks_grow_with_work_and_busy_is_a_part_of_all():
    busy_before, steal_before, all_before = machine_ticks()
    subprocess.run([sys.executable, "-c", BURN], check=True)
    busy, steal, everything = machine_ticks()

    # 0.3 s of CPU, less a tick at either end.
    assert busy - busy_before >= 0.3 * os.sysconf("SC_CLK_TCK") - 2
    assert 0 <= steal - steal_before <= everything - all_before
    assert busy - busy_before <= everything - all_before


def test_the_table_says_where_the_cpu_went_per_request():
    overall = {
        "cpu_ms_per_request": 21.54,
        "database_cpu_ms_per_request": 5.02,
        "client_cpu_ms_per_request": 3.3,
        "machine_busy_share": 0.974,
        "machine_steal_share": 0.051,
    }

    assert cpu_shares(overall) == (
        "web 21.5 ms, PostgreSQL 5.0 ms, load generator 3.3 ms; "
        "cores 97% busy, 5% taken by the host"
    )
    assert cpu_shares({**overall, "database_cpu_ms_per_request": None}).startswith(
        "web 21.5 ms, load generator 3.3 ms;"
    )
