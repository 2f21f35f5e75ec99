"""Whether a plan's jury may review it: the jury's series, levels and approved term must
cover the plan. Registered with the plan's validation (titles/plan_checks.py) from
apps.ready(), so that titles knows nothing of juries."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from titles.plan_checks import plan_check


@plan_check
def jury_covers_the_plan(plan, titles) -> dict[str, list[str]]:
    if not plan.jury_id:
        return {}
    jury = plan.jury
    problems = []
    if plan.series_id and jury.series_id != plan.series_id:
        problems.append(
            _("The jury %(jury)s reviews the %(series)s series, not this plan's.")
            % {"jury": jury, "series": jury.series}
        )
    for title in titles:
        if not jury.min_level <= title.level <= jury.max_level:
            problems.append(
                _("The jury %(jury)s does not review the level of %(title)s.")
                % {"jury": jury, "title": title}
            )
    if jury.approved_on is None or jury.valid_until is None:
        problems.append(_("The jury %(jury)s has no approved term yet.") % {"jury": jury})
    elif plan.declaration_opens and jury.approved_on > plan.declaration_opens:
        problems.append(
            _("The jury %(jury)s is approved only from %(date)s, after declarations open.")
            % {"jury": jury, "date": date_format(jury.approved_on)}
        )
    last_day = plan.qualification_check_deadline or plan.declaration_closes
    if jury.valid_until and last_day and jury.valid_until < last_day:
        problems.append(
            _("The jury %(jury)s is approved only until %(date)s, before the plan ends.")
            % {"jury": jury, "date": date_format(jury.valid_until)}
        )
    return {"jury": problems} if problems else {}
