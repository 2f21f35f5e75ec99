"""The deadline-day benchmark's applicants file as a browser does (bench/deadline_day.py):
the fields each form of a page would send are read from the page, and the draft's form and a
proof upload sent back that way, CSRF token included, are taken by the product."""

import pytest
from django.test import Client

from applicants.models import Declaration
from bench.deadline_day import PROOF_PDF, filing_steps, form_body, page_forms
from tests.applicants.conftest import World


@pytest.fixture(autouse=True)
def _product_in_english(settings):
    settings.LANGUAGE_CODE = "en"


def test_a_page_s_forms_hold_what_a_browser_would_send():
    forms = page_forms(
        """<form method="post" action="/a/">
          <input type="hidden" name="csrfmiddlewaretoken" value="t0k">
          <input name="name" value="王 &amp; 李"><input name="empty">
          <input type="checkbox" name="ticked" value="1" checked><input type="checkbox" name="not">
          <input type="radio" name="pick" value="a">
          <input type="radio" name="pick" value="b" checked>
          <input type="file" name="file"><input type="submit" name="go" value="Go">
          <input name="off" value="x" disabled>
          <select name="first"><option value="">---</option><option value="2">2</option></select>
          <select name="chosen">
            <option value="1">1</option><option value="2" selected>2</option>
          </select>
          <select name="many" multiple>
            <option value="1" selected>1</option><option value="2" selected>2</option>
          </select>
          <textarea name="note">
line</textarea>
        </form>
        <form method="post"><input name="own" value="1"></form>"""
    )
    assert forms["/a/"] == [
        ("csrfmiddlewaretoken", "t0k"),
        ("name", "王 & 李"),
        ("empty", ""),
        ("ticked", "1"),
        ("pick", "b"),
        ("first", ""),
        ("chosen", "2"),
        ("many", "1"),
        ("many", "2"),
        ("note", "line"),
    ]
    assert forms[""] == [("own", "1")]
    html = '<form action="/a/"><input name="a" value="1"></form><form><input name="b"></form>'
    assert page_forms(html, "/a/") == {"/a/": [("a", "1")]}
    assert page_forms(html, "") == {"": [("b", "")]}
    assert page_forms(html, "/elsewhere/") == {}


def test_a_multipart_body_carries_the_fields_and_the_proof_file():
    body, content_type = form_body([("material_type", "paper")], "file")
    boundary = content_type.split("boundary=")[1]
    assert content_type.startswith("multipart/form-data")
    assert f"--{boundary}--".encode() in body
    assert b'name="material_type"\r\n\r\npaper\r\n' in body
    assert b'name="file"; filename="proof.pdf"' in body and PROOF_PDF in body


def test_the_product_takes_the_draft_saved_and_the_proof_uploaded_as_the_bench_sends_them(demo):
    world = World(demo)
    declaration = world.create(materials=False)
    materials_before = declaration.materials.count()
    edit_form, save, page, upload = filing_steps(declaration.pk)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.applicant)

    shown = client.get(edit_form.path)
    assert shown.status_code == edit_form.expected == 200
    fields = page_forms(shown.content.decode(), save.form)[save.form]
    assert "csrfmiddlewaretoken" in dict(fields)
    body, content_type = form_body(fields)
    saved = client.post(save.path, body, content_type=content_type)
    assert saved.status_code == save.expected == 302
    assert saved.url == page.path

    shown = client.get(page.path)
    assert shown.status_code == page.expected
    filled = dict(upload.fill)
    fields = [
        (name, value)
        for name, value in page_forms(shown.content.decode(), upload.form)[upload.form]
        if name not in filled
    ]
    body, content_type = form_body([*fields, *upload.fill], upload.upload)
    uploaded = client.post(upload.path, body, content_type=content_type)
    assert uploaded.status_code == upload.expected == 302
    assert declaration.materials.count() == materials_before + 1
    material = declaration.materials.latest("pk")
    assert material.original_name == "proof.pdf"
    assert material.material_type == filled["material_type"]
    declaration.refresh_from_db()
    assert declaration.status == Declaration.Status.DRAFT
