"""Writes at the jury stage, one module per subject: experts (juries, libraries, interests),
meetings (roster, application, approval), panel (draw, seats, recusal, commitments), review
(assessments, attendance, ballot, confirmation and minutes) and publicity (result publicity,
objections, re-examination). Each service checks who may act, validates everything before
changing anything, and runs in one transaction; declarations move only through
applicants.workflow, meetings only through juries.meeting_workflow."""
