"""The catalogue, the annual plans and the working-day calendar under /api/v1/. Everything is
readable by any signed-in user (plans scoped to what their roles see); writes go through
titles.services, which checks the bureau role on the object."""

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from titles import selectors, services
from titles.models import EvaluationCondition, EvaluationPlan, Series, Specialty, TitleName
from titles.permissions import is_bureau_staff
from titles.serializers import (
    EvaluationConditionSerializer,
    EvaluationPlanSerializer,
    EvaluationPlanWriteSerializer,
    SeriesSerializer,
    SpecialtySerializer,
    TitleNameSerializer,
    WorkingDaysAddQuerySerializer,
    WorkingDaysAddSerializer,
    WorkingDaysWindowQuerySerializer,
    WorkingDaysWindowSerializer,
)
from titles.working_days import add_working_days, calendar_is_known, publicity_window


def register(router):
    """Adds this app's API viewsets to the /api/v1/ router."""
    router.register("series", SeriesViewSet, basename="series")
    router.register("specialties", SpecialtyViewSet, basename="specialty")
    router.register("titles", TitleNameViewSet, basename="title")
    router.register("conditions", EvaluationConditionViewSet, basename="condition")
    router.register("plans", EvaluationPlanViewSet, basename="plan")
    router.register("working-days", WorkingDaysViewSet, basename="working-days")


class BureauWrites(permissions.BasePermission):
    """Reads for everyone signed in; writes only for holders of a bureau role. Which
    organizer or catalogue entry they may change, the service decides."""

    message = "Only HR bureau staff may change this."

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return is_bureau_staff(request.user)


class CatalogueViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [permissions.IsAuthenticated, BureauWrites]
    create_service = None
    update_service = None
    instance_argument = None

    def perform_create(self, serializer):
        serializer.instance = type(self).create_service(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = type(self).update_service(
            actor=self.request.user,
            **{self.instance_argument: serializer.instance},
            **serializer.validated_data,
        )


class SeriesViewSet(CatalogueViewSet):
    queryset = Series.objects.order_by("code")
    serializer_class = SeriesSerializer
    filterset_fields = ["code"]
    create_service = services.create_series
    update_service = services.update_series
    instance_argument = "series"


class SpecialtyViewSet(CatalogueViewSet):
    queryset = Specialty.objects.order_by("series__code", "code")
    serializer_class = SpecialtySerializer
    filterset_fields = ["series", "code"]
    create_service = services.create_specialty
    update_service = services.update_specialty
    instance_argument = "specialty"


class TitleNameViewSet(CatalogueViewSet):
    queryset = TitleName.objects.order_by("series__code", "level")
    serializer_class = TitleNameSerializer
    filterset_fields = ["series", "level", "by_examination"]
    create_service = services.create_title
    update_service = services.update_title
    instance_argument = "title"


class ConditionFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(
        method="in_force",
        label="Plan year: only the version of each title's conditions in force for it",
    )

    class Meta:
        model = EvaluationCondition
        fields = ["title", "title__series", "effective_year"]

    def in_force(self, queryset, name, value):
        return selectors.conditions_in_force(int(value), queryset)


class EvaluationConditionViewSet(CatalogueViewSet):
    queryset = EvaluationCondition.objects.order_by(
        "title__series__code", "title__level", "-effective_year"
    )
    serializer_class = EvaluationConditionSerializer
    filterset_class = ConditionFilter
    create_service = services.create_condition
    update_service = services.update_condition
    instance_argument = "condition"


class PlanFilter(django_filters.FilterSet):
    class Meta:
        model = EvaluationPlan
        fields = ["year", "status", "series", "organizer", "jury"]


@extend_schema_view(
    create=extend_schema(request=EvaluationPlanWriteSerializer, responses=EvaluationPlanSerializer),
    update=extend_schema(request=EvaluationPlanWriteSerializer, responses=EvaluationPlanSerializer),
    partial_update=extend_schema(
        request=EvaluationPlanWriteSerializer, responses=EvaluationPlanSerializer
    ),
)
class EvaluationPlanViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Annual evaluation plans. Transitions: POST …/open/, …/close/, …/finish/."""

    serializer_class = EvaluationPlanSerializer
    permission_classes = [permissions.IsAuthenticated, BureauWrites]
    filterset_class = PlanFilter
    queryset = EvaluationPlan.objects.none()  # for the schema; get_queryset scopes it

    def get_queryset(self):
        return selectors.plans_visible_to_user(self.request.user)

    def create(self, request, *args, **kwargs):
        data = self._write_data()
        plan = services.create_plan(actor=request.user, **data)
        return Response(self._read(plan), status=201)

    def update(self, request, *args, **kwargs):
        plan = self.get_object()
        data = self._write_data(partial=kwargs.get("partial", False))
        plan = services.update_plan(actor=request.user, plan=plan, **data)
        return Response(self._read(plan))

    @extend_schema(request=None, responses=EvaluationPlanSerializer)
    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        plan = services.open_plan(actor=request.user, plan=self.get_object())
        return Response(self._read(plan))

    @extend_schema(request=None, responses=EvaluationPlanSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        plan = services.close_plan(actor=request.user, plan=self.get_object())
        return Response(self._read(plan))

    @extend_schema(request=None, responses=EvaluationPlanSerializer)
    @action(detail=True, methods=["post"])
    def finish(self, request, pk=None):
        plan = services.finish_plan(actor=request.user, plan=self.get_object())
        return Response(self._read(plan))

    def _write_data(self, partial=False):
        serializer = EvaluationPlanWriteSerializer(data=self.request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _read(self, plan):
        return EvaluationPlanSerializer(plan, context=self.get_serializer_context()).data


class WorkingDaysViewSet(viewsets.ViewSet):
    """The mainland working-day calendar (statutory holidays and make-up working days)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(parameters=[WorkingDaysAddQuerySerializer], responses=WorkingDaysAddSerializer)
    @action(detail=False, methods=["get"])
    def add(self, request):
        """The n-th working day after `start` (start itself not counted). A count reaching a
        year whose holidays nobody has entered is refused."""
        query = WorkingDaysAddQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        start, n = query.validated_data["start"], query.validated_data["n"]
        result = add_working_days(start, n)
        years = range(min(start, result).year, max(start, result).year + 1)
        return Response(
            WorkingDaysAddSerializer(
                {
                    "start": start,
                    "n": n,
                    "date": result,
                    "calendar_known": all(calendar_is_known(year) for year in years),
                }
            ).data
        )

    @extend_schema(
        parameters=[WorkingDaysWindowQuerySerializer], responses=WorkingDaysWindowSerializer
    )
    @action(detail=False, methods=["get"])
    def window(self, request):
        """The window of `days` working days starting on `start`, by the rule every publicity
        and deadline follows (titles/working_days.py). A window reaching a year whose holidays
        nobody has entered is refused."""
        query = WorkingDaysWindowQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = publicity_window(
            query.validated_data["start"], query.validated_data["days"], field="start"
        )
        return Response(
            WorkingDaysWindowSerializer(
                {"start": found.start, "end": found.end, "days": found.days, "text": str(found)}
            ).data
        )
