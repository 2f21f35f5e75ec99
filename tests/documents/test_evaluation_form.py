"""The evaluation form of one declaration: the declaration's data, the unit's publicity and
the office's check, the jury's vote counts, and never an expert's name."""

from juries.models import Expert
from tests.pdf_reading import pdf_text


def words(text) -> str:
    return " ".join(text.split())


def test_the_form_holds_the_declaration_and_the_vote_counts_but_no_expert(world, client, pdf_tools):
    declaration = world.declaration("欧阳明", achievement="高速公路桥梁健康监测")
    meeting = world.reviewed(declaration)
    candidate = meeting.candidates.get()
    client.force_login(world.office)

    response = client.get(f"/documents/evaluation-forms/declaration/{declaration.pk}.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    text = pdf_text(content)
    assert "欧阳明" in text
    assert "高速公路桥梁健康监测" in text
    assert world.declarations.senior.name_en in words(text)
    assert candidate.votes_yes > 0
    assert (
        f"Entitled voters: {candidate.voters} · Yes: {candidate.votes_yes} · "
        f"No: {candidate.votes_no} · Abstain: {candidate.votes_abstain}"
    ) in words(text)
    experts = Expert.objects.filter(jury=meeting.jury).values_list("user__real_name", flat=True)
    assert [name for name in experts if name in text] == []
