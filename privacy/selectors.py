"""Reads for the personal-data pages: everything held about one person, the record of who saw
it, and the bureau's search of that record."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import Role, User
from audit.models import PersonalDataAccess
from privacy.models import ErasureRequest
from privacy.permissions import deciding_memberships


def _iso(value):
    if value is None:
        return None
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
    return value.isoformat()


def accesses_of(person: User) -> QuerySet[PersonalDataAccess]:
    """Who looked at the person's data, newest first."""
    return PersonalDataAccess.objects.filter(subject=person).order_by("-at", "-pk")


def seen_by_label(access: PersonalDataAccess) -> str:
    """How the person is told who looked: the role and the organization. Experts stay unnamed
    (their list is confidential), and staff are named by their office, not as people."""
    role = Role(access.viewer_role).label if access.viewer_role in Role.values else ""
    return " · ".join(part for part in (str(role), access.viewer_organization) if part)


def personal_data_of(person: User) -> dict:
    """Everything the product holds about `person`, as plain data for the download (PIPL
    art. 45): account, roles, declarations with their content and materials list, credit
    hours, exams, certificates, messages, erasure requests, and who saw their data."""
    declarations = (
        person.declarations.select_related("plan", "title", "specialty", "employer")
        .prefetch_related(
            "work_history", "assessments", "achievements", "materials", "village_periods"
        )
        .order_by("pk")
    )
    return {
        "generated_at": _iso(timezone.now()),
        "account": {
            "username": person.username,
            "real_name": person.real_name,
            "id_type": person.id_type,
            "id_number": person.id_number,
            "phone": person.phone,
            "email": person.email,
            "date_joined": _iso(person.date_joined),
            "last_login": _iso(person.last_login),
            "roles": [
                {
                    "role": membership.role,
                    "organization": str(membership.organization),
                    "active": membership.is_active,
                }
                for membership in person.memberships.select_related("organization")
            ],
        },
        "declarations": [
            {
                "id": declaration.pk,
                "plan": str(declaration.plan),
                "title": str(declaration.title),
                "specialty": str(declaration.specialty) if declaration.specialty_id else "",
                "employer": str(declaration.employer),
                "channel": declaration.channel,
                "status": declaration.status,
                "education": declaration.education,
                "field_of_study": declaration.field_of_study,
                "work_started_on": _iso(declaration.work_started_on),
                "current_title_name": declaration.current_title_name,
                "current_title_obtained_on": _iso(declaration.current_title_obtained_on),
                "professional_years": declaration.professional_years,
                "submitted_at": _iso(declaration.submitted_at),
                "created_at": _iso(declaration.created_at),
                "work_history": [
                    {
                        "from": _iso(entry.started_on),
                        "until": _iso(entry.ended_on),
                        "organization": entry.organization_name,
                        "position": entry.position,
                        "duties": entry.duties,
                    }
                    for entry in declaration.work_history.all()
                ],
                "village_service": [
                    {
                        "village": period.village,
                        "from": _iso(period.started_on),
                        "until": _iso(period.ended_on),
                    }
                    for period in declaration.village_periods.all()
                ],
                "assessments": [
                    {"year": assessment.year, "grade": assessment.grade}
                    for assessment in declaration.assessments.all()
                ],
                "achievements": [
                    {"kind": item.kind, "title": item.title, "description": item.description}
                    for item in declaration.achievements.all()
                ],
                "materials": [
                    {
                        "type": material.material_type,
                        "file_name": material.original_name,
                        "size": material.size,
                        "sha256": material.sha256,
                        "uploaded_at": _iso(material.uploaded_at),
                    }
                    for material in declaration.materials.all()
                ],
            }
            for declaration in declarations
        ],
        "credit_hours": [
            {
                "year": record.year,
                "activity": record.activity,
                "subject_kind": record.subject_kind,
                "hours": str(record.hours),
                "provider": record.provider_name,
                "status": record.status,
            }
            for record in person.credit_hour_records.order_by("year", "pk")
        ],
        "exams": [
            {
                "kind": exam.kind,
                "date": _iso(exam.exam_date),
                "score": str(exam.score) if exam.score is not None else None,
                "passed": exam.passed,
            }
            for exam in person.exam_results.order_by("exam_date", "pk")
        ],
        "certificates": [
            {
                "number": certificate.number,
                "qualification": certificate.qualification_name,
                "issued_on": _iso(certificate.issued_on),
                "status": certificate.status,
            }
            for certificate in person.certificates.order_by("pk")
        ],
        "messages": [
            {"sent_at": _iso(message.created_at), "subject": message.subject, "body": message.body}
            for message in person.notifications.order_by("pk")
        ],
        "erasure_requests": [
            {
                "requested_at": _iso(request.requested_at),
                "status": request.status,
                "decision": request.decision_note,
                "outcome": request.outcome,
            }
            for request in person.erasure_requests.order_by("pk")
        ],
        "seen_by": [
            {
                "at": _iso(access.at),
                "what": access.kind,
                "item": access.item,
                "by": seen_by_label(access),
            }
            for access in accesses_of(person)
        ],
    }


def access_log_for(
    user, *, viewer: str = "", subject: str = "", kind: str = "", since=None, until=None
) -> QuerySet[PersonalDataAccess]:
    """The bureau's search: accesses to the data of people in its jurisdiction (any for the
    administrator), narrowed by viewer and subject username, kind and dates."""
    accesses = PersonalDataAccess.objects.select_related("viewer", "subject")
    if not user.is_superuser:
        within = Q()
        for membership in deciding_memberships(user):
            within |= Q(
                subject__memberships__organization__path__startswith=(membership.organization.path)
            )
        if not within:
            return accesses.none()
        accesses = accesses.filter(within).distinct()
    if viewer:
        accesses = accesses.filter(viewer__username=viewer)
    if subject:
        accesses = accesses.filter(subject__username=subject)
    if kind:
        accesses = accesses.filter(kind=kind)
    if since:
        accesses = accesses.filter(at__date__gte=since)
    if until:
        accesses = accesses.filter(at__date__lte=until)
    return accesses.order_by("-at", "-pk")


def erasure_requests_for(user) -> QuerySet[ErasureRequest]:
    requests = ErasureRequest.objects.select_related("person", "decided_by")
    if user.is_superuser:
        return requests
    within = Q()
    for membership in deciding_memberships(user):
        within |= Q(
            person__memberships__organization__path__startswith=(membership.organization.path)
        )
    if not within:
        return requests.none()
    return requests.filter(within).distinct()
