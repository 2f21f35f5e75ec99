"""The summary table as a landscape A4 PDF with the same rows as the Excel."""

import io
from datetime import date

import pikepdf

from applicants.models import Achievement
from tests.pdf_reading import pdf_text


def test_the_pdf_is_landscape_with_one_row_per_candidate(world, client, pdf_tools):
    declarations = [world.declaration(specialty=world.civil) for _ in range(3)]
    Achievement.objects.create(
        declaration=declarations[0],
        kind="patent",
        title="=一种桥梁支座",
        achieved_on=date(2022, 1, 1),
    )
    elec = world.declaration(specialty=world.elec)
    meeting = world.meeting(declarations=[*declarations, elec])
    client.force_login(world.office)

    response = client.get(f"/juries/meetings/{meeting.pk}/summary.pdf")

    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    with pikepdf.open(io.BytesIO(content)) as pdf:
        box = [float(value) for value in pdf.pages[0].mediabox]
    assert box[2] > box[3]  # wider than high
    text = "".join(pdf_text(content).split())
    for declaration in (*declarations, elec):
        assert declaration.applicant.real_name in text
    assert "=一种桥梁支座" in text

    group = meeting.groups.get(specialty=world.elec)
    one_group = client.get(f"/juries/meetings/{meeting.pk}/summary.pdf", {"group": group.pk})
    text = "".join(pdf_text(b"".join(one_group.streaming_content)).split())
    assert elec.applicant.real_name in text
    assert declarations[0].applicant.real_name not in text
