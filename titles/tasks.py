from celery import shared_task

from titles import services


@shared_task
def advance_plan_statuses():
    """Daily: opens and closes plans by their declaration windows."""
    return services.advance_plan_statuses()
