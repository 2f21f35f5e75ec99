"""Continuing education over the API: hours and their certification, courses and enrolments,
exam results and their validity, the yearly requirement, and the Excel imports. Every list
is scoped to what the caller may see; anything else answers 404."""

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, parsers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from continuing_ed import permissions, selectors, services
from continuing_ed.exam_import import exams_template, import_exam_results
from continuing_ed.hours_import import hours_template, import_credit_hours
from continuing_ed.models import (
    Course,
    CreditHourRecord,
    Enrolment,
    ExamResult,
    ExamValidity,
    ImportBatch,
)
from continuing_ed.requirement import requirement_status
from continuing_ed.serializers import (
    CompleteEnrolmentSerializer,
    ContinuingEducationImportSerializer,
    CourseCreateSerializer,
    CourseSerializer,
    CreditHourRecordSerializer,
    EnrolmentSerializer,
    ExamResultCreateSerializer,
    ExamResultSerializer,
    ExamValiditySerializer,
    HourClaimSerializer,
    HourRejectionSerializer,
    HoursOrExamsUploadSerializer,
    YearStatusSerializer,
)
from core.spreadsheet_import import XLSX_CONTENT_TYPE

MAX_YEARS_ASKED = 30


class RecordFilter(filters.FilterSet):
    person = filters.NumberFilter(field_name="person_id")

    class Meta:
        model = CreditHourRecord
        fields = ["person", "year", "status", "subject_kind", "source"]


class CreditHourRecordViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Credit-hour records. A person claims hours; their employer HR or a bureau above
    certifies or rejects them. Only certified hours count towards the requirement."""

    queryset = CreditHourRecord.objects.none()  # the real one is get_queryset's
    serializer_class = CreditHourRecordSerializer
    filterset_class = RecordFilter

    def get_queryset(self):
        return selectors.records_visible_to(self.request.user)

    @extend_schema(request=HourClaimSerializer, responses={201: CreditHourRecordSerializer})
    def create(self, request):
        form = HourClaimSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        record = services.claim_hours(person=request.user, **form.validated_data)
        return Response(self.get_serializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: CreditHourRecordSerializer})
    @action(detail=True, methods=["post"])
    def certify(self, request, pk=None):
        record = services.certify_hours(actor=request.user, record=self.get_object())
        return Response(self.get_serializer(record).data)

    @extend_schema(request=HourRejectionSerializer, responses={200: CreditHourRecordSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        form = HourRejectionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        record = services.reject_hours(
            actor=request.user, record=self.get_object(), reason=form.validated_data["reason"]
        )
        return Response(self.get_serializer(record).data)


class CourseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Courses offered by providers; completing one credits its hours."""

    queryset = Course.objects.none()  # the real one is get_queryset's
    serializer_class = CourseSerializer
    filterset_fields = ["subject_kind", "is_open", "provider_organization"]

    def get_queryset(self):
        return selectors.courses_visible_to(self.request.user)

    @extend_schema(request=CourseCreateSerializer, responses={201: CourseSerializer})
    def create(self, request):
        form = CourseCreateSerializer(data=request.data, context={"request": request})
        form.is_valid(raise_exception=True)
        course = services.create_course(actor=request.user, **form.validated_data)
        return Response(CourseSerializer(course).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={201: EnrolmentSerializer})
    @action(detail=True, methods=["post"])
    def enrol(self, request, pk=None):
        enrolment = services.enrol_in_course(person=request.user, course=self.get_object())
        return Response(EnrolmentSerializer(enrolment).data, status=status.HTTP_201_CREATED)


class EnrolmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Enrolment.objects.none()  # the real one is get_queryset's
    serializer_class = EnrolmentSerializer
    filterset_fields = ["course", "person"]

    def get_queryset(self):
        return selectors.enrolments_visible_to(self.request.user)

    @extend_schema(request=CompleteEnrolmentSerializer, responses={200: EnrolmentSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """The provider or the employer confirms completion; the hours are credited."""
        form = CompleteEnrolmentSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        enrolment = services.complete_enrolment(
            actor=request.user, enrolment=self.get_object(), **form.validated_data
        )
        return Response(self.get_serializer(enrolment).data)


class ExamResultFilter(filters.FilterSet):
    person = filters.NumberFilter(field_name="person_id")

    class Meta:
        model = ExamResult
        fields = ["person", "kind", "passed"]


class ExamResultViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = ExamResult.objects.none()  # the real one is get_queryset's
    serializer_class = ExamResultSerializer
    filterset_class = ExamResultFilter

    def get_queryset(self):
        return selectors.exam_results_visible_to(self.request.user)

    @extend_schema(request=ExamResultCreateSerializer, responses={201: ExamResultSerializer})
    def create(self, request):
        form = ExamResultCreateSerializer(data=request.data, context={"request": request})
        form.is_valid(raise_exception=True)
        result = services.record_exam_result(actor=request.user, **form.validated_data)
        return Response(self.get_serializer(result).data, status=status.HTTP_201_CREATED)


class ExamValidityViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """How long a passed exam counts for declarations, per series and exam."""

    queryset = ExamValidity.objects.select_related("series")
    serializer_class = ExamValiditySerializer
    filterset_fields = ["series", "exam_kind"]

    @extend_schema(request=ExamValiditySerializer, responses={200: ExamValiditySerializer})
    def create(self, request):
        """Set the validity of one series and exam, replacing any earlier figure."""
        form = ExamValiditySerializer(data=request.data)
        form.is_valid(raise_exception=True)
        validity = services.set_exam_validity(actor=request.user, **form.validated_data)
        return Response(self.get_serializer(validity).data)


class RequirementViewSet(viewsets.ViewSet):
    """The yearly requirement: per year, certified hours against it and what is missing."""

    @extend_schema(
        parameters=[
            OpenApiParameter("person", int, description="Whose hours (default: the caller)."),
            OpenApiParameter("from_year", int, description="First year (default: 4 years ago)."),
            OpenApiParameter("to_year", int, description="Last year (default: this year)."),
        ],
        responses={200: YearStatusSerializer(many=True)},
    )
    def list(self, request):
        this_year = timezone.localdate().year
        try:
            person_id = int(request.query_params.get("person", request.user.pk))
            first = int(request.query_params.get("from_year", this_year - 4))
            last = int(request.query_params.get("to_year", this_year))
        except ValueError as error:
            raise exceptions.ValidationError(_("Years and person must be numbers.")) from error
        if not 0 <= last - first < MAX_YEARS_ASKED:
            raise exceptions.ValidationError(
                _("Ask for 1 to %(count)d years, the first before the last.")
                % {"count": MAX_YEARS_ASKED}
            )
        person = selectors.person_visible_to(request.user, person_id)
        if person is None:
            raise Http404
        statuses = requirement_status(person, range(first, last + 1))
        return Response(YearStatusSerializer([s.as_dict() for s in statuses], many=True).data)


IMPORT_SCHEMA = extend_schema(
    request={"multipart/form-data": HoursOrExamsUploadSerializer},
    responses={201: ContinuingEducationImportSerializer},
)
TEMPLATE_SCHEMA = extend_schema(
    responses={(200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY},
)


class _ImportViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = ImportBatch.objects.none()  # the real one is get_queryset's
    serializer_class = ContinuingEducationImportSerializer
    parser_classes = [parsers.MultiPartParser]
    kind = None
    importer = None
    template_builder = None
    template_name = ""

    def get_queryset(self):
        return selectors.import_batches_visible_to(self.request.user).filter(kind=self.kind)

    @IMPORT_SCHEMA
    def create(self, request):
        if not permissions.is_certifier(request.user):
            raise exceptions.PermissionDenied(
                _("Only employer HR staff and HR bureaus import records.")
            )
        form = HoursOrExamsUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        # A file with bad rows raises ImportRejected: a 400 naming every bad row.
        batch = self.importer(actor=request.user, upload=upload, file_name=upload.name)
        return Response(self.get_serializer(batch).data, status=status.HTTP_201_CREATED)

    @TEMPLATE_SCHEMA
    @action(detail=False, methods=["get"], parser_classes=[parsers.JSONParser])
    def template(self, request):
        response = HttpResponse(self.template_builder(), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{self.template_name}"'
        return response


class HourImportViewSet(_ImportViewSet):
    """Excel imports of certified hours. A file with any bad row saves nothing."""

    kind = ImportBatch.Kind.HOURS
    importer = staticmethod(import_credit_hours)
    template_builder = staticmethod(hours_template)
    template_name = "continuing-education-hours.xlsx"


class ExamImportViewSet(_ImportViewSet):
    """Excel imports of exam results. A file with any bad row saves nothing."""

    kind = ImportBatch.Kind.EXAMS
    importer = staticmethod(import_exam_results)
    template_builder = staticmethod(exams_template)
    template_name = "exam-results.xlsx"


def register(router):
    """Adds this app's API viewsets to the /api/v1/ router."""
    prefix = "continuing-education"
    router.register(f"{prefix}/hours", CreditHourRecordViewSet, basename="ce-hours")
    router.register(f"{prefix}/courses", CourseViewSet, basename="ce-courses")
    router.register(f"{prefix}/enrolments", EnrolmentViewSet, basename="ce-enrolments")
    router.register(f"{prefix}/exams", ExamResultViewSet, basename="ce-exams")
    router.register(f"{prefix}/exam-validities", ExamValidityViewSet, basename="ce-exam-validities")
    router.register(f"{prefix}/requirement", RequirementViewSet, basename="ce-requirement")
    router.register(f"{prefix}/hour-imports", HourImportViewSet, basename="ce-hour-imports")
    router.register(f"{prefix}/exam-imports", ExamImportViewSet, basename="ce-exam-imports")
