"""How many declarations of a plan stand at each status, for the plan page. The declaration
lives in a later app (applicants), so it is reached through the plan's reverse relation and
its status labels read from the related model, never imported."""

from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode

from titles.models import EvaluationPlan


def stage_counts(plan: EvaluationPlan) -> list[dict]:
    """(label, count, link to the filtered declarations list) per status that has any, in
    the order of the declaration's statuses; one aggregate query."""
    declaration = EvaluationPlan._meta.get_field("declarations").related_model
    counted = dict(plan.declarations.order_by().values_list("status").annotate(number=Count("pk")))
    listing = reverse("applicants:list")
    return [
        {
            "status": status,
            "label": label,
            "count": counted[status],
            "url": f"{listing}?{urlencode({'plan': plan.pk, 'status': status})}",
        }
        for status, label in declaration._meta.get_field("status").choices
        if counted.get(status)
    ]
