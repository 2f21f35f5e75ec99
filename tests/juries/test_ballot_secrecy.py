from django.db import connection, models

from juries.models import BallotParticipation, Vote
from juries.services.review import cast_votes, close_ballot


def test_the_vote_table_holds_nothing_that_names_or_orders_a_voter(db):
    fields = {field.name: field for field in Vote._meta.get_fields() if field.concrete}

    assert set(fields) == {"id", "ballot", "candidate", "choice"}
    assert isinstance(fields["id"], models.UUIDField)
    assert not any(isinstance(f, models.DateTimeField | models.DateField) for f in fields.values())
    participation = {f.name for f in BallotParticipation._meta.get_fields() if f.concrete}
    assert participation == {"id", "ballot", "seat", "candidate"}
    assert isinstance(BallotParticipation._meta.pk, models.UUIDField)
    with connection.cursor() as cursor:
        columns = [
            c.name
            for c in connection.introspection.get_table_description(cursor, Vote._meta.db_table)
        ]
    assert sorted(columns) == ["ballot_id", "candidate_id", "choice", "id"]


def test_no_stored_row_links_an_expert_to_a_vote(world):
    meeting, present = world.voting(declarations=[world.declaration(), world.declaration()])
    first, second = meeting.candidates.order_by("pk")
    for index, seat in enumerate(present):
        choice = "yes" if index % 3 else "no"
        cast_votes(
            actor=seat.expert.user,
            meeting=meeting,
            choices={first.pk: choice, second.pk: "abstain"},
        )
    close_ballot(actor=world.office, meeting=meeting)

    assert Vote.objects.count() == BallotParticipation.objects.count() == 50
    vote_keys = set(Vote.objects.values_list("id", flat=True))
    assert not vote_keys & set(BallotParticipation.objects.values_list("id", flat=True))
    if connection.vendor == "postgresql":
        # The closing rewrote every vote in one transaction: their system transaction ids no
        # longer match the papers' (which each expert's own transaction wrote).
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT DISTINCT xmin::text FROM {Vote._meta.db_table}")  # noqa: S608
            vote_xmins = {row[0] for row in cursor.fetchall()}
            cursor.execute(f"SELECT DISTINCT xmin::text FROM {BallotParticipation._meta.db_table}")  # noqa: S608
            paper_xmins = {row[0] for row in cursor.fetchall()}
        assert len(vote_xmins) == 1 and not vote_xmins & paper_xmins
