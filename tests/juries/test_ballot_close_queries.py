"""Closing the ballot writes every candidate's tally in a fixed number of queries, however
many candidates the meeting has (the benchmark meeting has 500), and the tallies written are
still each candidate's own."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from juries.models import Vote
from juries.services.panel import recuse_expert
from juries.services.review import cast_votes, close_ballot, open_ballot

CHOICES = (Vote.Choice.YES, Vote.Choice.NO, Vote.Choice.ABSTAIN)


@pytest.mark.parametrize("size", [3, 30])
def test_close_ballot_takes_the_same_queries_for_3_or_30_candidates(world, size):
    meeting = world.drawn(declarations=[world.declaration() for _ in range(size)])
    present = world.seated(meeting)
    candidates = list(meeting.candidates.order_by("pk"))
    recused = present[-1]
    recuse_expert(actor=world.office, candidate=candidates[0], expert=recused.expert, note="同单位")
    open_ballot(actor=world.office, meeting=meeting)
    meeting.refresh_from_db()
    expected = {c.pk: {"voters": len(present), **dict.fromkeys(CHOICES, 0)} for c in candidates}
    expected[candidates[0].pk]["voters"] -= 1
    for number, seat in enumerate(present):
        choices = {}
        for index, candidate in enumerate(candidates):
            if seat == recused and index == 0:
                continue
            choices[candidate.pk] = CHOICES[(number + index) % 3]
            expected[candidate.pk][choices[candidate.pk]] += 1
        cast_votes(actor=seat.expert.user, meeting=meeting, choices=choices)

    votes = sum(sum(e[choice] for choice in CHOICES) for e in expected.values())
    with CaptureQueriesContext(connection) as queries:
        close_ballot(actor=world.office, meeting=meeting)

    # The votes are rewritten in one statement inside PostgreSQL; on SQLite they are read,
    # deleted and inserted again in as many INSERTs as its limit on query parameters needs.
    if connection.vendor == "postgresql":
        rewrites = [q for q in queries if q["sql"].lstrip().startswith("WITH removed")]
        assert len(rewrites) == 1
    else:
        per_insert = connection.ops.bulk_batch_size(Vote._meta.concrete_fields, [None] * votes)
        rewrites = [
            q
            for q in queries
            if q["sql"].startswith(('INSERT INTO "juries_vote"', 'DELETE FROM "juries_vote"'))
            or q["sql"].startswith('SELECT "juries_vote"')
        ]
        assert len(rewrites) == 2 + -(-votes // per_insert)
    # 18 more today: the locks and checks, the attending experts,
    # the voters, then the votes, each counted for every candidate in one UPDATE, the ballot,
    # the meeting, its audit record (the chain's head locked, the record, the head moved on),
    # the notice and its e-mail task written to the outbox.
    assert len(queries) - len(rewrites) <= 18

    written = {
        c.pk: {
            "voters": c.voters,
            Vote.Choice.YES: c.votes_yes,
            Vote.Choice.NO: c.votes_no,
            Vote.Choice.ABSTAIN: c.votes_abstain,
        }
        for c in meeting.candidates.all()
    }
    assert written == expected
    assert Vote.objects.filter(ballot__meeting=meeting).count() == votes
