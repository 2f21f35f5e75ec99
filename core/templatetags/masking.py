"""Template filters for showing a person's identifiers masked (core/masking.py):

    {% load masking %}
    {{ applicant.id_number|masked_id }}     630***********2004
    {{ applicant.phone|masked_phone }}      139****1234
    {{ applicant|masked_username }}         the username, masked when it is an ID number

A page shows a whole number only where its view put one there on purpose: the holder's own,
or after a recorded reveal."""

from django import template

from core.masking import mask_id_number, mask_phone, mask_username

register = template.Library()


@register.filter
def masked_id(value) -> str:
    return mask_id_number(value)


@register.filter
def masked_phone(value) -> str:
    return mask_phone(value)


@register.filter
def masked_username(user) -> str:
    """A user's username, masked like an ID number when it is one."""
    return mask_username(getattr(user, "username", ""), getattr(user, "id_number", ""))
