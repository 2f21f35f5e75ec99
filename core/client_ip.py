"""The client's address, read one way everywhere: sign-in throttling, the verification rate
limit, security events."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address


def client_ip(request) -> str | None:
    """The address from CLIENT_IP_HEADER when a proxy is configured, else the connection's.
    X-Forwarded-For is never trusted unless named: any client can write it."""
    header = settings.CLIENT_IP_HEADER
    value = request.META.get(header, "") if header else ""
    # With a forwarded-for list, the last address is the one our own proxy saw.
    value = value.split(",")[-1].strip() if value else request.META.get("REMOTE_ADDR", "")
    try:
        validate_ipv46_address(value)
    except ValidationError:
        return None
    return value
