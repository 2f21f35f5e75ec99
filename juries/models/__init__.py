"""Juries and their expert libraries, review meetings with their panels, review groups,
assessments, secret ballots, minutes, result publicity with objections, and re-examination
requests (stages 5 and 6 of the pipeline)."""

from juries.models.experts import Expert, ExpertInterest, Jury
from juries.models.meetings import Candidate, ReviewGroup, ReviewMeeting
from juries.models.panel import PanelDraw, PanelSeat, Recusal, ReviewFileGrant
from juries.models.publicity import Objection, ReexaminationRequest, ResultPublicity
from juries.models.review import Assessment, Ballot, BallotParticipation, Minutes, Vote

__all__ = [
    "Jury",
    "Expert",
    "ExpertInterest",
    "ReviewMeeting",
    "ReviewGroup",
    "Candidate",
    "PanelDraw",
    "PanelSeat",
    "Recusal",
    "ReviewFileGrant",
    "Assessment",
    "Ballot",
    "BallotParticipation",
    "Vote",
    "Minutes",
    "ResultPublicity",
    "Objection",
    "ReexaminationRequest",
]
