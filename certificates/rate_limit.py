"""The limit on public verification look-ups per client address (VERIFY_RATE_LIMIT)."""

from core.client_ip import client_ip
from core.rate_limit import AddressRateLimit

verification_limit = AddressRateLimit("certificates:verify", "VERIFY_RATE_LIMIT")
allow = verification_limit.allow
retry_after = verification_limit.retry_after


def looker(request) -> dict:
    """Who asks, as the verification log records it (services.look_up_certificate)."""
    return {
        "ip_address": client_ip(request),
        "user_agent": request.headers.get("user-agent", ""),
        "user": request.user,
    }
