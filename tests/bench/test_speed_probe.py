"""The benchmark's speed probe (bench/__main__.py): a fixed Python loop's CPU time, read at the
start, before each benchmark and at the end, and shown in the line above the table, so that a
slow machine is told from a slow product."""

from bench.__main__ import heading, speed_probe


def test_the_probe_takes_longer_for_more_work():
    small = speed_probe(loop=20_000, runs=3)
    large = speed_probe(loop=2_000_000, runs=3)

    assert 0 < small < large


def test_the_heading_shows_the_probe_at_the_start_and_the_end_beside_the_load():
    report = {
        "machine": {
            "nproc": "2",
            "cpu_model": "AMD EPYC",
            "load_average": (0.5, 0.4, 0.3),
            "speed_probe_ms": 101.4,
        },
        "machine_after": {"load_average": (2.5, 1.0, 0.5), "speed_probe_ms": 148.6},
        "postgresql": "15.20 (Debian)",
        "seconds": 270,
    }

    line = heading("full", 100_019, report)

    assert line.startswith(
        "full data set: 100,019 declarations; 2 cores (AMD EPYC), PostgreSQL 15.20;"
    )
    assert "load average at start 0.50, at end 2.50" in line
    assert "speed probe 101 ms at start, 149 ms at end" in line
    assert line.endswith("4.5 min")
