"""The catalogue API: readable by anyone signed in, written by provincial bureau staff."""

import pytest


def test_anyone_signed_in_reads_the_catalogue(client, demo):
    client.force_login(demo["users"]["applicant"])

    series = client.get("/api/v1/series/").json()["results"]
    titles = client.get("/api/v1/titles/", {"by_examination": "true"}).json()["results"]

    assert {row["code"] for row in series} == {"GC", "WS", "ZXXJS"}
    assert {row["name_zh"] for row in titles} == {"医士", "医师", "主治医师"}


def test_the_catalogue_needs_a_sign_in(client, demo):
    assert client.get("/api/v1/titles/").status_code in (401, 403)


def test_a_provincial_administrator_adds_a_series(client, demo):
    client.force_login(demo["users"]["admin"])

    response = client.post(
        "/api/v1/series/",
        {"code": "kj", "name_zh": "会计系列", "name_en": "Accounting"},
        content_type="application/json",
    )

    assert response.status_code == 201
    assert response.json()["code"] == "KJ"


@pytest.mark.parametrize("username", ["applicant", "employer", "office"])
def test_others_cannot_write(client, demo, username):
    client.force_login(demo["users"][username])

    response = client.post(
        "/api/v1/series/",
        {"code": "KJ", "name_zh": "会计系列", "name_en": "Accounting"},
        content_type="application/json",
    )

    assert response.status_code == 403
