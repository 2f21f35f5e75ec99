"""The unit publicity and the jury's result publicity as formal notices: the issuer, the
period with both dates, the people listed, how to object and whom to contact."""

from datetime import timedelta

from applicants import services
from applicants.models import UnitPublicity
from applicants.workflow import today
from tests.pdf_reading import pdf_text


def _text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return " ".join(pdf_text(b"".join(response.streaming_content)).split())


def test_the_unit_publicity_notice_lists_the_people_of_the_same_period(world, client, pdf_tools):
    first = world.declaration("黄忠", target="submitted")
    second = world.declaration("魏延", target="submitted")
    for declaration in (first, second):
        services.start_unit_publicity(declaration, actor=world.unit_hr)
    # Both started today; a running period for the page that lists them.
    UnitPublicity.objects.update(starts_on=today(), ends_on=today() + timedelta(days=7))
    publicity = UnitPublicity.objects.get(declaration=first)
    colleague = world.applicant("同事乙")
    client.force_login(colleague)
    page = client.get(f"/declarations/publicity/{publicity.pk}/").content.decode()
    assert f"/documents/unit-publicity/{publicity.pk}.pdf" in page

    text = _text(client.get(f"/documents/unit-publicity/{publicity.pk}.pdf"))

    assert "Unit publicity notice" in text
    assert "黄忠" in text and "魏延" in text
    assert world.unit.name in text
    start, end = publicity.starts_on, publicity.ends_on
    assert f"From {start:%Y-%m-%d} to {end:%Y-%m-%d}" in text
    assert "How to object" in text and f"/declarations/publicity/{publicity.pk}/" in text
    assert f"The HR staff of {world.unit.name}" in text


def test_the_result_publicity_notice_is_public_and_names_the_contact(world, client, pdf_tools):
    declarations = [world.declaration("张飞"), world.declaration("关羽")]
    meeting = world.reviewed(*declarations)
    world.jury.set_today(world.jury.today)
    from juries.services.publicity import publish_results

    publicity = publish_results(actor=world.office, meeting=meeting)
    publicity.contact = "评审办 0971-1234567"
    publicity.save(update_fields=["contact"])
    page = client.get(f"/juries/publicity/{publicity.public_id}/").content.decode()
    assert f"/documents/result-publicity/{publicity.public_id}.pdf" in page

    text = _text(client.get(f"/documents/result-publicity/{publicity.public_id}.pdf"))

    assert "Result publicity notice" in text
    assert "张飞" in text and "关羽" in text
    start, end = publicity.starts_on, publicity.ends_on
    assert f"From {start:%Y-%m-%d} to {end:%Y-%m-%d}" in text
    assert "How to object" in text
    assert f"/juries/publicity/{publicity.public_id}/" in text.replace(" ", "")  # may wrap
    assert "评审办 0971-1234567" in text
    assert meeting.jury.office.name in text


def test_the_contact_given_when_the_publicity_starts_is_on_the_page_and_the_notice(
    world, client, pdf_tools
):
    declaration = world.declaration("黄忠", target="submitted")
    client.force_login(world.unit_hr)
    page = client.get(f"/declarations/{declaration.pk}/").content.decode()
    assert 'name="start_publicity-contact"' in page
    client.post(
        f"/declarations/{declaration.pk}/act/start_publicity/",
        {"start_publicity-contact": "人事处 王老师 0571-88886666"},
    )
    publicity = UnitPublicity.objects.get(declaration=declaration)
    assert publicity.contact == "人事处 王老师 0571-88886666"
    UnitPublicity.objects.update(starts_on=today(), ends_on=today() + timedelta(days=7))

    colleague = world.applicant("同事乙")
    client.force_login(colleague)
    page = client.get(f"/declarations/publicity/{publicity.pk}/").content.decode()
    assert "人事处 王老师 0571-88886666" in page
    text = _text(client.get(f"/documents/unit-publicity/{publicity.pk}.pdf"))
    assert "Contact 人事处 王老师 0571-88886666" in text
    assert f"The HR staff of {world.unit.name}." not in text
