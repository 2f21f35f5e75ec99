"""Error tracking: Sentry, only when SENTRY_DSN is set. The product holds personal data (ID
numbers, phone numbers), so no request bodies, cookies or user details are sent
(send_default_pii=False); events carry the request id (core/request_id.py) as a tag."""


def init_sentry(dsn: str, *, environment: str, release: str | None, traces_sample_rate: float):
    """Initialise sentry-sdk for Django and Celery; returns whether it did."""
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        traces_sample_rate=traces_sample_rate,
        before_send=_tag_request_id,
    )
    return True


def _tag_request_id(event, hint):
    from core.request_id import current_request_id

    request_id = current_request_id()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    return event
