"""Template filters for review meetings: `{{ meeting|meeting_tone }}` gives the badge colour of
its state, from the state table."""

from django import template

from juries.meeting_workflow import state_tone

register = template.Library()


@register.filter
def meeting_tone(meeting) -> str:
    return state_tone(meeting.status)
