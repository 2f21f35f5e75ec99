"""The minutes of a meeting as kept when the chair confirms its result, and their digest,
which shows whether they were edited afterwards."""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder

from juries.models import PanelSeat


def build_minutes(meeting, chair) -> dict:
    seats = list(
        meeting.seats.select_related(
            "expert__user", "expert__specialty", "group__specialty"
        ).order_by("pk")
    )
    candidates = list(
        meeting.candidates.select_related(
            "declaration__applicant",
            "declaration__employer",
            "declaration__title",
            "declaration__specialty",
            "group__specialty",
        )
        .prefetch_related("assessments__seat__expert__user", "recusals__expert__user")
        .order_by("pk")
    )

    def person(seat):
        return {
            "name": seat.expert.user.real_name,
            "position": seat.expert.get_position_display(),
            "specialty": seat.expert.specialty.name_zh,
        }

    return {
        "meeting": {
            "name": meeting.name,
            "jury": meeting.jury.name,
            "held_on": meeting.held_on,
            "venue": meeting.venue,
            "plan": meeting.plan.name,
        },
        "seated": meeting.ballot.seated,
        "attending": [person(s) for s in seats if s.attended],
        "absent": [
            person(s) for s in seats if not s.attended and s.status != PanelSeat.Status.DECLINED
        ],
        "declined": [person(s) for s in seats if s.status == PanelSeat.Status.DECLINED],
        "candidates": [
            {
                "name": c.declaration.applicant.real_name,
                "employer": c.declaration.employer.name,
                "title": c.declaration.title.name_zh,
                "specialty": c.declaration.specialty.name_zh,
                "group": c.group.specialty.name_zh if c.group else "",
                "opinions": [
                    {
                        "expert": a.seat.expert.user.real_name,
                        "opinion": a.opinion,
                        "total": a.total,
                        "defense_score": a.defense_score,
                    }
                    for a in c.assessments.all()
                ],
                "recused": [r.expert.user.real_name for r in c.recusals.all()],
                "voters": c.voters,
                "yes": c.votes_yes,
                "no": c.votes_no,
                "abstain": c.votes_abstain,
                "blank": c.votes_blank,
                "outcome": c.outcome,
            }
            for c in candidates
        ],
        "presiding": chair.real_name,
        "ballot_opened_at": meeting.ballot.opened_at,
        "ballot_closed_at": meeting.ballot.closed_at,
        "confirmed_at": meeting.confirmed_at,
    }


def minutes_content(meeting, chair) -> dict:
    """The minutes as stored: plain JSON, so the digest recomputed from the row matches."""
    return json.loads(json.dumps(build_minutes(meeting, chair), cls=DjangoJSONEncoder))


def minutes_digest(content: dict) -> str:
    canonical = json.dumps(
        content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def minutes_intact(record) -> bool:
    return minutes_digest(record.content) == record.digest
