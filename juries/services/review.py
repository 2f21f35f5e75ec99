"""The review: the group experts' assessments, the roll call, the secret ballot with its
tally, and the chair's confirmation with the minutes.

The secret ballot, and why nothing stored ties a vote to its voter, even while it is open
-------------------------------------------------------------------------------------------
Two tables, with nothing to join them on:

- `BallotParticipation` says that a seat has voted on a candidate, so that each expert votes
  once; it says nothing of how. Random UUID keys, no timestamps.
- `Vote` holds what was voted (ballot, candidate, choice) and nothing of by whom: no voter
  key, no seat, no timestamp, a random UUID key.

Shuffling the rows of one paper is not enough: on PostgreSQL every row carries the id of the
transaction that wrote it (`xmin`) and sits at a physical place (`ctid`) in the order it was
written, so the rows a paper inserts share its transaction id with the paper's participation
rows, and lie together, in voting order, after the previous paper's. So each paper
(`cast_votes`, one transaction holding the ballot's row lock, so papers never interleave)
writes the whole ballot anew: it reads every vote cast so far, deletes them, adds its own and
inserts them all in one statement, in an order drawn from the operating system's randomness
(`random.SystemRandom`; on PostgreSQL the server's `gen_random_uuid()`, in one statement that
never brings the votes out of the server), each with a fresh random key. After any paper,
then:

- every live vote row has the same `xmin` (and `cmin`), that of the last paper, and no row
  keeps an earlier paper's id: the transaction id tells "the last voter's transaction wrote
  all of these", and nothing about which of them are theirs;
- the rows' physical places (`ctid`) come from that one statement's random order and from
  where the server finds free space, which depends on how many rows the table held and
  where, never on what they say: a vote row takes the same space whatever its choice (the
  key, the choice, then two 8-byte-aligned ids: 40 bytes of data for "no", "yes" and
  "abstain" alike); so the physical order is a random permutation of the votes cast so far,
  not the order of the papers;
- the keys are new at every paper, so a key seen after one paper is gone after the next.

What a reader of the tables still sees is the running count per candidate and who has voted
so far: after the first paper the counts are that paper's votes, and a unanimous count is
everyone's. That is the count itself, which any stored tally shows; a paper's choices can be
told apart only by comparing the table before and after it, that is by watching the ballot
while each expert votes. Below SQL, until VACUUM reclaims them, the dead row versions each
paper deletes stay in the table's files, and the write-ahead log and a statement log keep
each transaction's writes: reading those needs the database server's files or superuser
functions, and is outside what this guarantees. `close_ballot` writes the votes once more in
the closing transaction before counting, as the last word.

The price is that a paper rewrites every vote cast before it: at most panel x roster rows
(25 x 500 for the largest meeting of the benchmark), one DELETE and one INSERT, while the
ballot's lock makes the papers wait for each other anyway.
"""

import random
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applicants.workflow import perform_transitions
from juries.ballot import has_quorum
from juries.meeting_workflow import perform_meeting_move, require_meeting_move
from juries.minutes import minutes_content, minutes_digest
from juries.models import (
    Assessment,
    Ballot,
    BallotParticipation,
    Candidate,
    Minutes,
    PanelSeat,
    Recusal,
    Vote,
)
from juries.permissions import presiding_seat
from juries.selectors import defense_applies, quorum_state, rubric_for, tally_of
from juries.services import access, common
from juries.services.common import (
    check_jury_may_meet,
    lock_meeting,
    meeting_url,
    office_staff,
    required_text,
)
from notifications.services import notify


def _score(value, field) -> Decimal:
    try:
        score = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as error:
        raise ValidationError({field: _("Enter a number.")}) from error
    if not score.is_finite() or score < 0 or score > settings.JURY_SCORE_MAX:
        raise ValidationError(
            {field: _("Enter a score from 0 to %(max)d.") % {"max": settings.JURY_SCORE_MAX}}
        )
    if score != score.quantize(Decimal("0.01")):
        raise ValidationError({field: _("Use at most two decimal places.")})
    return score.quantize(Decimal("0.01"))


def _rubric_scores(rubric, scores) -> dict:
    scores = scores or {}
    unknown = set(scores) - {item.code for item in rubric}
    if unknown:
        raise ValidationError(
            {"scores": _("Unknown rubric items: %(items)s") % {"items": ", ".join(sorted(unknown))}}
        )
    cleaned = {}
    for item in rubric:
        if scores.get(item.code) in (None, ""):
            raise ValidationError({item.code: _("Score every item of the rubric.")})
        cleaned[item.code] = _score(scores[item.code], item.code)
    return cleaned


@transaction.atomic
def submit_assessment(*, actor, candidate, opinion, scores: dict, defense_score=None) -> Assessment:
    """A group expert's written opinion and a score for every rubric item (and a defense
    score for senior candidates). It can be revised until the ballot opens."""
    candidate = Candidate.objects.select_related(
        "meeting", "declaration__title__series", "declaration__applicant"
    ).get(pk=candidate.pk)
    seat = PanelSeat.objects.filter(
        meeting_id=candidate.meeting_id,
        expert__user=actor,
        group_id=candidate.group_id,
        status=PanelSeat.Status.ACCEPTED,
    ).first()
    if (
        seat is None
        or candidate.group_id is None
        or Recusal.objects.filter(expert_id=seat.expert_id, candidate=candidate).exists()
    ):
        raise PermissionDenied(_("Only the candidate's review group assesses them."))
    require_meeting_move(candidate.meeting, "assess", authorize=False)
    opinion = required_text(opinion, "opinion", _("Write your opinion."), 5000)
    rubric = rubric_for(candidate.declaration.title.series.code)
    cleaned = _rubric_scores(rubric, scores)
    total_weight = sum(item.weight for item in rubric)
    total = (sum(cleaned[item.code] * item.weight for item in rubric) / total_weight).quantize(
        Decimal("0.01")
    )
    defense = None
    if defense_score not in (None, ""):
        if not defense_applies(candidate.declaration):
            raise ValidationError({"defense_score": _("This candidate is not given a defense.")})
        defense = _score(defense_score, "defense_score")
    assessment, _created = Assessment.objects.update_or_create(
        seat=seat,
        candidate=candidate,
        defaults={
            "opinion": opinion,
            "scores": {code: str(value) for code, value in cleaned.items()},
            "total": total,
            "defense_score": defense,
        },
    )
    return assessment


# --- attendance and the secret ballot -----------------------------------------------------


@transaction.atomic
def record_attendance(*, actor, meeting, present_seats) -> int:
    """The roll call: the experts present, before the ballot opens."""
    meeting = lock_meeting(meeting)
    require_meeting_move(meeting, "take_attendance", actor)
    if common.today() < meeting.held_on:
        raise ValidationError(
            _("Attendance is taken on the day of the meeting, %(day)s.")
            % {"day": date_format(meeting.held_on)}
        )
    present = {seat.pk for seat in present_seats}
    seats = meeting.seats.all()
    not_seated = present - {seat.pk for seat in seats}
    if not_seated:
        raise ValidationError({"seats": _("Only the meeting's experts can attend.")})
    unsigned = [
        seat for seat in seats if seat.pk in present and seat.status != PanelSeat.Status.ACCEPTED
    ]
    if unsigned:
        raise ValidationError(
            {
                "seats": _(
                    "%(count)d of the experts marked present have not signed the commitment."
                )
                % {"count": len(unsigned)}
            }
        )
    meeting.seats.update(attended=False)
    return meeting.seats.filter(pk__in=present).update(attended=True)


@transaction.atomic
def open_ballot(*, actor, meeting) -> Ballot:
    meeting = lock_meeting(meeting)
    acting = require_meeting_move(meeting, "open_ballot", actor)
    if common.today() < meeting.held_on:
        raise ValidationError(
            _("The ballot opens at the meeting, on %(day)s.")
            % {"day": date_format(meeting.held_on)}
        )
    check_jury_may_meet(meeting.jury, common.today())
    attending, seated, needed = quorum_state(meeting)
    if not has_quorum(attending, seated):
        raise ValidationError(
            _(
                "No quorum: %(attending)d of the %(seated)d panel members attend; "
                "at least %(needed)d must."
            )
            % {"attending": attending, "seated": seated, "needed": needed}
        )
    if presiding_seat(meeting) is None:
        raise ValidationError(_("Neither the chair nor a vice-chair attends: nobody can preside."))
    ballot = Ballot.objects.create(
        meeting=meeting,
        seated=seated,
        attending=attending,
        opened_by=actor,
        opened_at=timezone.now(),
    )
    perform_meeting_move(
        meeting,
        "open_ballot",
        actor=actor,
        acting=acting,
        payload={"seated": seated, "attending": attending},
    )
    return ballot


def _shuffled(items: list) -> list:
    """`items` in an order drawn from the operating system's randomness."""
    random.SystemRandom().shuffle(items)
    return items


def _ballot_problems(meeting, seat, choices) -> list[str]:
    candidates = {
        c.pk: c
        for c in meeting.candidates.filter(pk__in=list(choices)).select_related(
            "declaration__applicant"
        )
    }
    recused = set(
        Recusal.objects.filter(
            expert_id=seat.expert_id, candidate_id__in=list(choices)
        ).values_list("candidate_id", flat=True)
    )
    voted = set(
        BallotParticipation.objects.filter(seat=seat, candidate_id__in=list(choices)).values_list(
            "candidate_id", flat=True
        )
    )
    problems = []
    for candidate_id, choice in choices.items():
        candidate = candidates.get(candidate_id)
        if candidate is None:
            problems.append(_("A candidate voted on is not on this meeting's roster."))
        elif choice not in Vote.Choice.values:
            problems.append(
                _("%(name)s: vote yes, no or abstain.") % {"name": candidate.declaration.applicant}
            )
        elif candidate_id in recused:
            problems.append(
                _("%(name)s: you are recused from this candidate and do not vote.")
                % {"name": candidate.declaration.applicant}
            )
        elif candidate_id in voted:
            problems.append(
                _("%(name)s: you have already voted on this candidate.")
                % {"name": candidate.declaration.applicant}
            )
    return problems


@transaction.atomic
def cast_votes(*, actor, meeting, choices: dict) -> int:
    """One expert's ballot paper: yes, no or abstain on candidates they have not voted on.
    Who voted and what was voted are written to two tables with nothing joining them, and
    every vote of the ballot is written anew with this paper's, in a random order with fresh
    keys (see the module's docstring)."""
    ballot = Ballot.objects.select_for_update().filter(meeting_id=meeting.pk).first()
    if ballot is None or ballot.status != Ballot.Status.OPEN:
        raise ValidationError(_("The ballot is not open: votes are taken only while it is open."))
    seat = PanelSeat.objects.filter(
        meeting_id=meeting.pk, expert__user=actor, status=PanelSeat.Status.ACCEPTED
    ).first()
    if seat is None:
        raise PermissionDenied(_("Only the meeting's experts vote, each for themselves."))
    if not seat.attended:
        raise PermissionDenied(
            _("Only experts attending the meeting vote; there are no proxy votes.")
        )
    if not choices:
        raise ValidationError({"votes": _("Vote on at least one candidate.")})
    problems = _ballot_problems(meeting, seat, choices)
    if problems:
        raise ValidationError({"votes": problems})
    BallotParticipation.objects.bulk_create(
        _shuffled([BallotParticipation(ballot=ballot, seat=seat, candidate_id=c) for c in choices])
    )
    _rewrite_votes(ballot, added=list(choices.items()))
    return len(choices)


def _rewrite_votes(ballot, added=()) -> int:
    """Every vote of the ballot, with `added`, deleted and inserted again in one statement, in
    a random order with fresh keys: afterwards no row keeps the transaction id, the key or
    the place of the transaction that first wrote it. Returns the number of votes."""
    if connection.vendor == "postgresql":
        return _rewrite_votes_in_postgresql(ballot, added)
    cast = list(ballot.votes.values_list("candidate_id", "choice")) + list(added)
    ballot.votes.all().delete()
    Vote.objects.bulk_create(
        Vote(ballot=ballot, candidate_id=c, choice=choice) for c, choice in _shuffled(cast)
    )
    return len(cast)


# The order the server writes the votes in (a test fixes it to compare two ballots' tables).
_SERVER_ORDER = "gen_random_uuid()"


def _rewrite_votes_in_postgresql(ballot, added) -> int:
    """The same in one statement inside the server, without the votes' round trip: the order
    and the keys come from gen_random_uuid(), which draws on the server's strong random
    source (the operating system's), as SystemRandom does for the portable path."""
    table = connection.ops.quote_name(Vote._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(  # the table's name is the model's; every value is a parameter
            f"""
            WITH removed AS (
                DELETE FROM {table} WHERE ballot_id = %s RETURNING candidate_id, choice
            ), cast_votes AS (
                SELECT candidate_id, choice FROM removed
                UNION ALL
                SELECT * FROM unnest(%s::bigint[], %s::varchar[])
            )
            INSERT INTO {table} (id, ballot_id, candidate_id, choice)
            SELECT gen_random_uuid(), %s, candidate_id, choice
            FROM cast_votes ORDER BY {_SERVER_ORDER}
            """,  # noqa: S608
            [
                ballot.pk,
                [candidate_id for candidate_id, _choice in added],
                [str(choice) for _candidate_id, choice in added],
                ballot.pk,
            ],
        )
        return cursor.rowcount


def _count_per_candidate(rows):
    """The number of `rows` (filtered on candidate=OuterRef("pk")) as a subquery, 0 if none."""
    counted = rows.order_by().values("candidate").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0, output_field=IntegerField())


def _tally(meeting, ballot) -> None:
    """Every candidate's tally, counted by the database from the votes: the attending experts
    less those recused from the candidate, and the yes, no and abstain votes cast on them. A
    candidate sits on one meeting, which has one ballot, so the candidate alone selects its
    votes (and its index finds them)."""
    # The roll call is closed once the ballot opens: the ballot counted who attends then.
    attending = meeting.seats.filter(status=PanelSeat.Status.ACCEPTED, attended=True).values(
        "expert_id"
    )
    candidates = Candidate.objects.filter(meeting=meeting)
    candidates.update(
        voters=ballot.attending
        - _count_per_candidate(
            Recusal.objects.filter(candidate=OuterRef("pk"), expert_id__in=attending)
        ),
        # A candidate nobody voted on has no votes to count below.
        votes_yes=0,
        votes_no=0,
        votes_abstain=0,
    )
    if connection.vendor == "postgresql":
        _count_votes_in_postgresql(meeting, ballot)
        return
    votes = Vote.objects.filter(candidate=OuterRef("pk"))
    candidates.update(
        votes_yes=_count_per_candidate(votes.filter(choice=Vote.Choice.YES)),
        votes_no=_count_per_candidate(votes.filter(choice=Vote.Choice.NO)),
        votes_abstain=_count_per_candidate(votes.filter(choice=Vote.Choice.ABSTAIN)),
    )


def _count_votes_in_postgresql(meeting, ballot) -> None:
    """The votes counted in one pass over the ballot, grouped by candidate. A subquery per
    candidate, as on SQLite, is ten times slower here: each paper's rewrite leaves the dead
    rows of the one before in the candidate index until VACUUM, and a join of the candidates
    to their votes was planned as badly, without statistics for the rows just rewritten."""
    candidate_table = connection.ops.quote_name(Candidate._meta.db_table)
    vote_table = connection.ops.quote_name(Vote._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {candidate_table} AS candidate
            SET votes_yes = counted.yes, votes_no = counted.no, votes_abstain = counted.abstain
            FROM (
                SELECT candidate_id,
                       count(*) FILTER (WHERE choice = %s) AS yes,
                       count(*) FILTER (WHERE choice = %s) AS no,
                       count(*) FILTER (WHERE choice = %s) AS abstain
                FROM {vote_table}
                WHERE ballot_id = %s
                GROUP BY candidate_id
            ) AS counted
            WHERE candidate.id = counted.candidate_id AND candidate.meeting_id = %s
            """,  # noqa: S608 - the tables' names are the models'; every value is a parameter
            [
                Vote.Choice.YES.value,
                Vote.Choice.NO.value,
                Vote.Choice.ABSTAIN.value,
                ballot.pk,
                meeting.pk,
            ],
        )


@transaction.atomic
def close_ballot(*, actor, meeting) -> Ballot:
    """Close the ballot and tally. The votes are rewritten in random order with new keys
    first, by the closing transaction, so that neither their physical order nor their
    transaction follows the order in which the experts voted. The meeting's files close to
    its experts."""
    meeting = lock_meeting(meeting)
    acting = require_meeting_move(meeting, "close_ballot", actor)
    ballot = Ballot.objects.select_for_update().filter(meeting=meeting).first()
    if ballot is None or ballot.status != Ballot.Status.OPEN:
        raise ValidationError(_("The ballot is not open."))
    cast = _rewrite_votes(ballot)
    _tally(meeting, ballot)
    ballot.status = Ballot.Status.CLOSED
    ballot.closed_by = actor
    ballot.closed_at = timezone.now()
    ballot.save(update_fields=["status", "closed_by", "closed_at"])
    access.revoke_meeting_files(meeting)
    perform_meeting_move(
        meeting, "close_ballot", actor=actor, acting=acting, payload={"votes": cast}
    )
    presiding = presiding_seat(meeting)
    if presiding is not None:
        notify(
            [presiding.expert.user],
            subject=lambda: _("Confirm the result of “%(name)s”") % {"name": meeting.name},
            url=reverse("juries:confirm", args=[meeting.pk]),
        )
    return ballot


@transaction.atomic
def confirm_result(*, actor, meeting) -> Minutes:
    """The presiding chair confirms the tally: the passed and the failed declarations move
    through the workflow in one go each, in the chair's name, and the minutes are kept."""
    meeting = lock_meeting(meeting)
    acting = require_meeting_move(meeting, "confirm", actor)
    outcomes = {Candidate.Outcome.PASSED: [], Candidate.Outcome.FAILED: []}
    reasons = {}
    for candidate in meeting.candidates.select_related("declaration").order_by("pk"):
        tally = tally_of(candidate)
        outcome = Candidate.Outcome.PASSED if tally.passed else Candidate.Outcome.FAILED
        outcomes[outcome].append(candidate)
        # The applicant reads this reason, in their record and in the message they are sent:
        # it names no expert (the audit record keeps who confirmed, for the office and the
        # bureau).
        reasons[candidate.declaration_id] = _(
            "Secret ballot at “%(meeting)s”: %(yes)d yes, %(no)d no, %(abstain)d abstain "
            "of %(voters)d attending experts; confirmed by the chair of the jury."
        ) % {
            "meeting": meeting.name,
            "yes": tally.yes,
            "no": tally.no,
            "abstain": tally.abstain,
            "voters": tally.voters,
        }
    for outcome, move in ((Candidate.Outcome.PASSED, "pass"), (Candidate.Outcome.FAILED, "fail")):
        candidates = outcomes[outcome]
        if candidates:
            perform_transitions(
                [candidate.declaration for candidate in candidates],
                move,
                actor=actor,
                reasons=reasons,
            )
            Candidate.objects.filter(pk__in=[c.pk for c in candidates]).update(outcome=outcome)
    perform_meeting_move(
        meeting,
        "confirm",
        actor=actor,
        acting=acting,
        changes={"confirmed_by": actor, "confirmed_at": timezone.now()},
        payload={
            "passed": len(outcomes[Candidate.Outcome.PASSED]),
            "failed": len(outcomes[Candidate.Outcome.FAILED]),
        },
    )
    content = minutes_content(meeting, actor)
    minutes = Minutes.objects.create(
        meeting=meeting, content=content, digest=minutes_digest(content)
    )
    notify(
        office_staff(meeting.jury),
        subject=lambda: (
            _("The result of “%(name)s” is confirmed: publish the passed list")
            % {"name": meeting.name}
        ),
        url=meeting_url(meeting),
    )
    return minutes
