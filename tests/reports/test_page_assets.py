"""The statistics page draws its charts with the Chart.js copy served from our own static
files (no CDN, no external address at all), passes the figures with json_script, and puts
each chart's data table beneath it so that the figures read without JavaScript."""

import json
import re

from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.reports.conftest import S

LOCAL_CHART_JS = "/static/vendor/chartjs/chart.umd.min.js"


def test_the_page_loads_the_local_chart_script_and_nothing_from_elsewhere(world, client):
    world.declaration(world.plan_a, world.hospital, S.PASSED)
    client.force_login(world.bureau_a)

    page = client.get(reverse("reports:overview")).content.decode()

    assert f'<script src="{LOCAL_CHART_JS}" defer></script>' in page
    assert '<script src="/static/js/statistics.js" defer></script>' in page
    addresses = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert addresses
    assert [a for a in addresses if a.startswith(("http:", "https:", "//"))] == []


def test_the_vendored_library_and_its_licence_are_in_the_static_files():
    script = finders.find("vendor/chartjs/chart.umd.min.js")
    assert script
    with open(script, encoding="utf-8") as source:
        assert source.read(200).startswith("/*!\n * Chart.js v4.")
    licence = finders.find("vendor/chartjs/LICENSE.md")
    with open(licence, encoding="utf-8") as text:
        assert "The MIT License" in text.read()
    assert finders.find("vendor/chartjs/chart.umd.min.js.map")  # named by the script


def test_each_chart_has_its_data_as_json_and_a_table_beneath(world, client):
    world.declaration(world.plan_a, world.hospital, S.PASSED)
    world.declaration(world.plan_a, world.hospital, S.FAILED)
    client.force_login(world.bureau_a)

    page = client.get(reverse("reports:overview")).content.decode()

    data = re.search(
        r'<script id="chart-data-pass-series" type="application/json">(.*?)</script>', page
    )
    chart = json.loads(data.group(1))
    assert chart["labels"] == ["Engineering"]
    assert [(d["label"], d["data"]) for d in chart["datasets"]] == [
        ("Passed", [1]),
        ("Failed", [1]),
    ]
    assert '<canvas id="chart-pass-series" data-chart="chart-data-pass-series" role="img"' in page
    assert 'aria-label="Pass rate by series: 2 reviewed, 1 passed (50.0%)."' in page
    section = page[page.index('id="chart-pass-series"') :]
    section = section[: section.index("</section>")]
    assert "<summary>Data table</summary>" in section
    assert '<th scope="row">Engineering</th><td class="number">2</td>' in section
    assert "50.0%" in section


def test_a_figure_without_data_says_so_instead_of_drawing(world, client):
    client.force_login(world.bureau_a)

    page = client.get(reverse("reports:overview")).content.decode()

    assert 'id="chart-pass-series"' not in page
    assert "Nothing to show for this choice yet." in page
    assert 'id="chart-stages"' in page  # every stage, with zeros
