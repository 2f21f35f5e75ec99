"""Browser pages of the jury stage, one module per subject: experts (juries, libraries,
interests), meetings, panel, review (scores, ballot, confirmation, minutes) and publicity
(result publicity, objections, re-examination). Objects come from the selectors, scoped to
the reader (a stranger gets 404); every change goes through one service, run by
core.errors.attempt."""
