"""The menu of each role: (label, url name, roles). Apps add their own entries here, in the
order the menu shows them."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role

ALL_ROLES = tuple(Role.values)

NAV_ITEMS = [
    (_("Home"), "home", ALL_ROLES),
    (_("Declarations"), "applicants:list", tuple(r for r in ALL_ROLES if r != Role.EXPERT)),
    (
        _("Organizations"),
        "manage:organizations",
        (Role.ADMIN, Role.HR_BUREAU, Role.DEPARTMENT_REVIEWER),
    ),
    (_("Applicant accounts"), "manage:applicants", (Role.EMPLOYER_HR,)),
    (_("Evaluation plans"), "titles:plan_list", ALL_ROLES),
    (_("Title catalogue"), "titles:catalogue", ALL_ROLES),
    (_("Continuing education"), "continuing_ed:mine", (Role.APPLICANT,)),
    (
        _("Continuing education"),
        "continuing_ed:review",
        (Role.EMPLOYER_HR, Role.HR_BUREAU, Role.ADMIN),
    ),
    (
        _("Post quotas"),
        "quotas:overview",
        (Role.EMPLOYER_HR, Role.DEPARTMENT_REVIEWER, Role.HR_BUREAU, Role.ADMIN),
    ),
    (_("Quota flags"), "quotas:flags", (Role.HR_BUREAU, Role.ADMIN)),
    (_("Review meetings"), "juries:meeting_list", (Role.JURY_OFFICE, Role.HR_BUREAU)),
    (_("Juries"), "juries:jury_list", (Role.JURY_OFFICE, Role.HR_BUREAU)),
    (_("Objections"), "juries:objection_list", (Role.JURY_OFFICE,)),
    (_("My reviews"), "juries:expert_home", (Role.EXPERT,)),
    (_("My review results"), "juries:my_results", (Role.APPLICANT,)),
    (_("Filing"), "certificates:filing_list", (Role.JURY_OFFICE, Role.HR_BUREAU, Role.ADMIN)),
    (
        _("Certificates"),
        "certificates:list",
        (Role.APPLICANT, Role.EMPLOYER_HR, Role.JURY_OFFICE, Role.HR_BUREAU, Role.ADMIN),
    ),
    (_("Statistics"), "reports:overview", (Role.HR_BUREAU, Role.ADMIN, Role.JURY_OFFICE)),
    (
        _("Imports and exports"),
        "jobs:list",
        (Role.EMPLOYER_HR, Role.JURY_OFFICE, Role.HR_BUREAU, Role.ADMIN),
    ),
]


def navigation_for(membership):
    if membership is None:
        return []
    return [(label, url_name) for label, url_name, roles in NAV_ITEMS if membership.role in roles]
