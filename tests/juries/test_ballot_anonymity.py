"""While the ballot is open, nothing stored ties a vote to its voter: not a column, not the
physical order of the rows (`ctid`), not the transaction that wrote them (`xmin`, `cmin`),
not the keys. Each paper writes every vote of the ballot anew (juries/services/review.py,
the module's docstring). Read here as anyone with access to the database would, in
physical order, after experts vote in a known order; each service call runs in its own
savepoint, which PostgreSQL gives its own transaction id as it gives each paper's own
transaction in production."""

from collections import Counter

from django.db import connection

from juries.models import BallotParticipation, Vote
from juries.services import review
from juries.services.review import cast_votes, close_ballot

# As the pages and the API pass them.
YES, NO, ABSTAIN = (str(choice) for choice in Vote.Choice.values)


def stored_votes(ballot) -> list[dict]:
    """The ballot's vote rows in physical order, with their system columns."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT v.ctid::text AS place, v.xmin::text AS xid, v.cmin::text AS command, "  # noqa: S608
            "v.id::text AS key, v.candidate_id, v.choice "
            f"FROM {Vote._meta.db_table} v WHERE v.ballot_id = %s ORDER BY v.ctid",
            [ballot.pk],
        )
        columns = ["ctid", "xmin", "cmin", "id", "candidate", "choice"]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def row_sizes(ballot) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT pg_column_size(v.*) FROM {Vote._meta.db_table} v "  # noqa: S608
            "WHERE ballot_id = %s",
            [ballot.pk],
        )
        return {row[0] for row in cursor.fetchall()}


def paper_transactions(seat) -> set[str]:
    """The transaction ids of the rows saying that `seat` has voted."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT xmin::text FROM {BallotParticipation._meta.db_table} "  # noqa: S608
            "WHERE seat_id = %s",
            [seat.pk],
        )
        return {row[0] for row in cursor.fetchall()}


def test_after_each_paper_every_vote_row_is_new_and_written_by_that_paper(world, requires_postgres):
    meeting, present = world.voting(declarations=[world.declaration(), world.declaration()])
    first, second = meeting.candidates.order_by("pk")
    choices = (YES, NO, ABSTAIN)
    earlier_keys, earlier_papers = set(), set()
    for number, seat in enumerate(present[:6]):
        cast_votes(
            actor=seat.expert.user,
            meeting=meeting,
            choices={first.pk: choices[number % 3], second.pk: choices[(number + 1) % 3]},
        )
        rows = stored_votes(meeting.ballot)
        this_paper = paper_transactions(seat)

        assert len(rows) == 2 * (number + 1)
        # A row takes the same space whatever its choice: its size says nothing either.
        assert len(row_sizes(meeting.ballot)) == 1
        # One statement of this paper's transaction wrote every row, earlier votes included:
        # the transaction id names the last voter's transaction for all rows alike.
        assert {row["xmin"] for row in rows} == this_paper
        assert len({row["cmin"] for row in rows}) == 1
        assert not this_paper & earlier_papers
        # No key survives from one paper to the next.
        keys = {row["id"] for row in rows}
        assert len(keys) == len(rows) and not keys & earlier_keys
        earlier_keys, earlier_papers = keys, earlier_papers | this_paper


def reader_view(meeting) -> tuple:
    """All that a database reader sees of a ballot, with the random parts (key values,
    transaction numbers, candidate ids) put in terms of the roster and the papers: the vote
    rows in physical order (candidate's place on the roster, choice, whether the last
    paper's transaction wrote it), and who has voted on which candidate."""
    roster = {
        pk: place
        for place, pk in enumerate(meeting.candidates.order_by("pk").values_list("pk", flat=True))
    }
    seats = {
        pk: place
        for place, pk in enumerate(meeting.seats.order_by("pk").values_list("pk", flat=True))
    }
    last = None
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT xmin::text FROM {BallotParticipation._meta.db_table} "  # noqa: S608
            "WHERE ballot_id = %s ORDER BY xmin::text::bigint DESC LIMIT 1",
            [meeting.ballot.pk],
        )
        last = cursor.fetchone()[0]
    votes = [
        (roster[row["candidate"]], row["choice"], row["xmin"] == last)
        for row in stored_votes(meeting.ballot)
    ]
    voted = sorted(
        (seats[seat], roster[candidate])
        for seat, candidate in BallotParticipation.objects.filter(
            ballot=meeting.ballot
        ).values_list("seat_id", "candidate_id")
    )
    return votes, voted


def test_swapping_who_voted_what_leaves_the_same_tables(world, requires_postgres, monkeypatch):
    """Two ballots where the experts vote in the same order, the same votes overall, but with
    the choices swapped between the experts, each run on an empty vote table (TRUNCATE gives
    it new, empty storage, so the server finds the same free space for both). With the
    shuffle replaced by a fixed permutation, what a reader sees of both is identical, physical
    order and transaction ids included; with the real shuffle it is the same random
    permutation of the same rows. Either way the tables cannot say which expert cast which
    vote."""
    monkeypatch.setattr(review, "_shuffled", lambda items: sorted(items, key=str))
    monkeypatch.setattr(review, "_SERVER_ORDER", "candidate_id, choice")
    histories = {"A": (YES, NO, ABSTAIN, YES), "B": (ABSTAIN, YES, YES, NO)}
    assert Counter(histories["A"]) == Counter(histories["B"])
    views = {}
    for name, history in histories.items():
        world.set_today(world.today)
        meeting, present = world.voting(declarations=[world.declaration()])
        with connection.cursor() as cursor:
            # The deferred foreign-key checks of the rows written so far run first.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {Vote._meta.db_table}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        candidate = meeting.candidates.get()
        voters = sorted(present, key=lambda seat: seat.pk)[: len(history)]
        for seat, choice in zip(voters, history, strict=True):
            cast_votes(actor=seat.expert.user, meeting=meeting, choices={candidate.pk: choice})
        views[name] = reader_view(meeting)

    assert views["A"] == views["B"]
    votes, _voted = views["A"]
    assert all(written_last for _place, _choice, written_last in votes)


def test_papers_on_some_candidates_only_are_counted_right(world):
    meeting, present = world.voting(
        declarations=[world.declaration(), world.declaration(), world.declaration()]
    )
    one, two, three = meeting.candidates.order_by("pk")
    expected = {c.pk: Counter() for c in (one, two, three)}
    for number, seat in enumerate(present):
        papers = [{one.pk: YES, two.pk: NO if number % 2 else YES}, {three.pk: ABSTAIN}]
        if number % 5 == 0:
            papers = [{one.pk: NO}, {two.pk: YES}, {three.pk: YES}]
        for paper in papers:
            cast_votes(actor=seat.expert.user, meeting=meeting, choices=paper)
            for pk, choice in paper.items():
                expected[pk][choice] += 1
        assert Vote.objects.filter(ballot=meeting.ballot).count() == sum(
            sum(counts.values()) for counts in expected.values()
        )

    close_ballot(actor=world.office, meeting=meeting)

    for candidate in meeting.candidates.all():
        counts = expected[candidate.pk]
        assert (candidate.votes_yes, candidate.votes_no, candidate.votes_abstain) == (
            counts[YES],
            counts[NO],
            counts[ABSTAIN],
        )
        assert candidate.voters == len(present)
