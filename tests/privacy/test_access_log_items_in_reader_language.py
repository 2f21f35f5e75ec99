"""What a recorded view was of is stored as the views write it and shown in the reader's
language: a Chinese page never shows "declaration #12" or "summary table of meeting #2"."""

from django.conf import settings
from django.utils import translation

from applicants.models import Declaration
from audit.access_log import item_label
from audit.models import PersonalDataAccess
from tests.privacy.conftest import signed_in


def test_the_owner_and_the_bureau_read_what_was_seen_in_their_language(world):
    declaration = world.advance(world.create(), Declaration.Status.QUALIFICATION_CHECK)
    signed_in(world.office).get(f"/declarations/{declaration.pk}/")
    assert PersonalDataAccess.objects.get().item == f"declaration #{declaration.pk}"

    owner = signed_in(world.applicant)
    owner.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert f"申报 #{declaration.pk}" in owner.get("/privacy/").content.decode()
    bureau = signed_in(world.bureau)
    bureau.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    page = bureau.get("/privacy/access-log/").content.decode()
    assert f"申报 #{declaration.pk}" in page and f"declaration #{declaration.pk}" not in page
    bureau.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert f"declaration #{declaration.pk}" in bureau.get("/privacy/access-log/").content.decode()


def test_every_shape_the_views_write_has_a_chinese_label():
    written = {
        "declaration #7 · 学位证书.pdf": "申报 #7 · 学位证书.pdf",
        "summary table of meeting #2 · group #3": "评审会议 #2 的评审简表 · 评议组 #3",
        "minutes of meeting #2": "评审会议 #2 的会议纪要",
        "roster of plan 4, job 9 (whole ID numbers)": (
            "评审计划 #4 的花名册，任务 #9（含完整身份证号）"
        ),
        "certificate SF-2026-GC-0001": "证书 SF-2026-GC-0001",
        "certificate information table, job 5": "证书信息表，任务 #5",
        "evaluation form of declaration #7": "申报 #7 的评审表",
        "correction notice of declaration #7": "申报 #7 的一次性补正告知书",
        "declaration list: search by whole ID number": "申报列表：按完整身份证号查找",
        "something new": "something new",
    }
    with translation.override("zh-hans"):
        assert {item: item_label(item) for item in written} == written
