"""Forms of the jury pages: they parse input; the rules are in juries/services.py."""

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Membership, Organization, Role, User
from core import choice_fields
from juries.models import Candidate, Expert, ExpertInterest, PanelSeat, Vote
from juries.selectors import office_juries, rubric_for
from juries.services.meetings import panel_minimum
from titles.models import EvaluationPlan, Level, Series, Specialty

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class MeetingForm(forms.Form):
    plan = choice_fields.ModelChoiceField(
        label=_("Evaluation plan"), queryset=EvaluationPlan.objects.none()
    )
    name = forms.CharField(label=pgettext_lazy("of a thing", "Name"), max_length=128)
    held_on = forms.DateField(label=_("Held on"), widget=DATE_INPUT)
    venue = forms.CharField(label=_("Venue"), max_length=128, required=False)
    panel_size = forms.IntegerField(
        label=_("Experts on the panel"),
        min_value=1,
        max_value=999,
    )
    group_size = forms.IntegerField(
        label=_("Experts per review group"),
        min_value=1,
        max_value=99,
        initial=settings.REVIEW_GROUP_MIN_EXPERTS,
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        plans = EvaluationPlan.objects.filter(jury__in=office_juries(actor)).select_related("jury")
        self.fields["plan"].queryset = plans
        self.fields["panel_size"].help_text = panel_size_help(plans)
        self.fields["group_size"].help_text = _("At least %(minimum)d experts.") % {
            "minimum": settings.REVIEW_GROUP_MIN_EXPERTS
        }


def panel_size_help(plans) -> str:
    """The panel's minimum said before the office submits: the rule of each plan's jury, one
    figure when they all share it."""
    minimums = {plan: panel_minimum(plan.jury) for plan in plans}
    figures = set(minimums.values())
    if figures <= {1}:
        return _("An odd number of experts.")
    if len(figures) == 1:
        return _("An odd number, at least %(minimum)d experts.") % {"minimum": figures.pop()}
    per_plan = pgettext_lazy("list separator", ", ").join(
        _("%(plan)s: at least %(minimum)d") % {"plan": escape(plan.name), "minimum": minimum}
        for plan, minimum in minimums.items()
        if minimum > 1
    )
    return _("An odd number of experts; %(per_plan)s.") % {"per_plan": per_plan}


class AssignForm(forms.Form):
    declarations = choice_fields.ModelMultipleChoiceField(
        label=_("Qualified declarations"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["declarations"].queryset = queryset
        self.fields["declarations"].label_from_instance = lambda d: (
            f"{d.applicant.real_name} · {d.employer.name} · "
            f"{d.title.name_zh} · {d.specialty.name_zh}"
        )


class ApproveMeetingForm(forms.Form):
    observer = choice_fields.ModelChoiceField(
        label=_("Supervising observer"),
        queryset=User.objects.none(),
        help_text=_(
            "The discipline-inspection supervisor: the only person outside the office "
            "who sees the panel."
        ),
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        ancestors = [int(part) for part in meeting.jury.office.path.strip("/").split("/") if part]
        self.fields["observer"].queryset = (
            User.objects.filter(
                memberships__role=Role.HR_BUREAU,
                memberships__is_active=True,
                memberships__organization_id__in=ancestors,
            )
            .distinct()
            .order_by("real_name", "pk")
        )


class AttendanceForm(forms.Form):
    seats = choice_fields.ModelMultipleChoiceField(
        label=_("Experts present"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seats"].queryset = meeting.seats.filter(
            status=PanelSeat.Status.ACCEPTED
        ).select_related("expert__user")
        self.fields["seats"].label_from_instance = lambda seat: (
            f"{seat.expert.user.real_name} ({seat.expert.get_position_display()})"
        )


class RecuseForm(forms.Form):
    candidate = choice_fields.ModelChoiceField(
        label=_("Candidate"), queryset=Candidate.objects.none()
    )
    expert = choice_fields.ModelChoiceField(label=_("Expert"), queryset=Expert.objects.none())
    note = forms.CharField(label=_("Interest found"), max_length=200)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = meeting.candidates.select_related(
            "declaration__applicant"
        )
        self.fields["candidate"].label_from_instance = lambda c: c.declaration.applicant.real_name
        self.fields["expert"].queryset = (
            Expert.objects.filter(seats__meeting=meeting)
            .exclude(seats__status=PanelSeat.Status.DECLINED)
            .select_related("user")
        )
        self.fields["expert"].label_from_instance = lambda e: e.user.real_name


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Why you decline"), max_length=200)


class AssessmentForm(forms.Form):
    opinion = forms.CharField(
        label=_("Written opinion"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )

    def __init__(self, *args, candidate, with_defense, **kwargs):
        super().__init__(*args, **kwargs)
        self.rubric = rubric_for(candidate.declaration.title.series.code)
        for item in self.rubric:
            self.fields[f"score_{item.code}"] = forms.DecimalField(
                label=f"{item.label} ({item.weight}%)",
                min_value=0,
                max_value=settings.JURY_SCORE_MAX,
                decimal_places=2,
                max_digits=6,
            )
        if with_defense:
            self.fields["defense_score"] = forms.DecimalField(
                label=_("Defense score"),
                required=False,
                min_value=0,
                max_value=settings.JURY_SCORE_MAX,
                decimal_places=2,
                max_digits=6,
            )

    def scores(self) -> dict:
        return {item.code: self.cleaned_data[f"score_{item.code}"] for item in self.rubric}


class BallotForm(forms.Form):
    """One radio group per candidate; a candidate left blank is not voted on now."""

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        for candidate in candidates:
            self.fields[f"candidate_{candidate.pk}"] = forms.ChoiceField(
                label=(
                    f"{candidate.declaration.applicant.real_name} · "
                    f"{candidate.declaration.title.name_zh}"
                ),
                choices=Vote.Choice.choices,
                required=False,
                widget=forms.RadioSelect,
            )

    def choices(self) -> dict:
        return {
            candidate.pk: self.cleaned_data[f"candidate_{candidate.pk}"]
            for candidate in self.candidates
            if self.cleaned_data.get(f"candidate_{candidate.pk}")
        }


class PublishForm(forms.Form):
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE_INPUT)
    ends_on = forms.DateField(
        label=_("Ends on"),
        widget=DATE_INPUT,
        required=False,
        help_text=_("Leave empty for the shortest window the plan allows."),
    )
    notice = forms.CharField(
        label=_("Notice"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    contact = forms.CharField(label=_("Contact for objections"), max_length=200, required=False)


class ObjectionForm(forms.Form):
    candidate = choice_fields.ModelChoiceField(
        label=_("Candidate objected to"), queryset=Candidate.objects.none()
    )
    filer_name = forms.CharField(label=_("Your name"), max_length=64)
    filer_phone = forms.CharField(label=_("Phone"), max_length=20)
    filer_email = forms.EmailField(label=_("E-mail"), required=False)
    content = forms.CharField(
        label=_("Objection"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = candidates
        self.fields["candidate"].label_from_instance = lambda c: (
            f"{c.declaration.applicant.real_name} · {c.declaration.employer.name}"
        )


class DecideObjectionForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("Outcome"),
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        choices=[("yes", _("Upheld: the candidate fails")), ("no", _("Dismissed"))],
    )
    finding = forms.CharField(
        label=_("Finding"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


class InterestForm(forms.Form):
    relation = forms.ChoiceField(label=_("Relation"), choices=ExpertInterest.Relation.choices)
    person_name = forms.CharField(label=_("Person's name"), max_length=64, required=False)
    person_id_number = forms.CharField(
        label=_("Person's ID document number"), max_length=32, required=False
    )
    organization = choice_fields.ModelChoiceField(
        label=_("Or an organization"),
        required=False,
        queryset=Organization.objects.filter(kind__in=Organization.EMPLOYER_KINDS).order_by("name"),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class CandidateInterestForm(forms.Form):
    candidate = choice_fields.ModelChoiceField(
        label=_("Candidate"), queryset=Candidate.objects.none()
    )
    relation = forms.ChoiceField(label=_("Relation"), choices=ExpertInterest.Relation.choices)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = candidates
        self.fields["candidate"].label_from_instance = lambda c: (
            f"{c.declaration.applicant.real_name} · {c.declaration.employer.name}"
        )


class JuryForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("of a thing", "Name"), max_length=128)
    series = choice_fields.ModelChoiceField(label=_("Series"), queryset=Series.objects.all())
    specialty = choice_fields.ModelChoiceField(
        label=_("Specialty"),
        queryset=Specialty.objects.select_related("series"),
        required=False,
        help_text=_("Only for a jury of one specialty."),
    )
    min_level = forms.TypedChoiceField(label=_("Lowest level"), choices=Level.choices, coerce=int)
    max_level = forms.TypedChoiceField(label=_("Highest level"), choices=Level.choices, coerce=int)
    established_by = choice_fields.ModelChoiceField(
        label=_("Established by"), queryset=Organization.objects.none()
    )
    office = choice_fields.ModelChoiceField(
        label=_("Jury office"), queryset=Organization.objects.none()
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        from accounts.selectors import visible_organizations

        mine = Membership.objects.filter(user=actor, is_active=True, role=Role.JURY_OFFICE).values(
            "organization_id"
        )
        visible = visible_organizations(actor).values("pk")
        self.fields["office"].queryset = Organization.objects.filter(
            Q(pk__in=mine) | Q(pk__in=visible), kind=Organization.Kind.JURY_OFFICE
        )
        self.fields["established_by"].queryset = Organization.objects.exclude(
            kind=Organization.Kind.JURY_OFFICE
        )


class ApproveJuryForm(forms.Form):
    approval_document_number = forms.CharField(label=_("Approval document number"), max_length=64)
    approved_on = forms.DateField(label=_("Approved on"), widget=DATE_INPUT)
    valid_until = forms.DateField(label=_("Valid until"), widget=DATE_INPUT)


class ExpertForm(forms.Form):
    user = choice_fields.ModelChoiceField(label=_("Person"), queryset=User.objects.none())
    specialty = choice_fields.ModelChoiceField(
        label=_("Specialty"), queryset=Specialty.objects.none()
    )
    title_level = forms.TypedChoiceField(label=_("Title level"), choices=Level.choices, coerce=int)
    employer = choice_fields.ModelChoiceField(
        label=_("Employer"),
        queryset=Organization.objects.filter(
            kind__in=(*Organization.EMPLOYER_KINDS, *Organization.BUREAU_KINDS)
        ).order_by("name"),
    )
    position = forms.ChoiceField(
        label=_("Position"), choices=Expert.Position.choices, initial=Expert.Position.MEMBER
    )
    term_starts = forms.DateField(label=_("Term starts"), widget=DATE_INPUT)
    term_ends = forms.DateField(label=_("Term ends"), widget=DATE_INPUT)

    def __init__(self, *args, jury, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(
                memberships__organization_id=jury.office_id,
                memberships__role=Role.EXPERT,
                memberships__is_active=True,
            )
            .exclude(expert_seats__jury=jury)
            .distinct()
            .order_by("real_name")
        )
        specialties = Specialty.objects.filter(series_id=jury.series_id)
        if jury.specialty_id:
            specialties = specialties.filter(pk=jury.specialty_id)
        self.fields["specialty"].queryset = specialties


class ReexaminationForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the result should be re-examined"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
