"""The jury stage under /api/v1/: juries and experts, meetings (application, approval, draw,
attendance, ballot, result, publicity), experts' seats, reviews and ballot papers, objections,
re-examination requests, and the public result publicity (no sign-in). Querysets are scoped
to the caller (a stranger gets 404); every change goes through one service."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.viewsets import GenericViewSet

from core.spreadsheet_import import XLSX_CONTENT_TYPE
from juries import permissions, selectors
from juries import serializers as s
from juries.minutes import minutes_intact
from juries.models import (
    Ballot,
    Candidate,
    Expert,
    ExpertInterest,
    PanelSeat,
    ReexaminationRequest,
)
from juries.roster import roster_workbook
from juries.services import experts as expert_services
from juries.services import meetings as meeting_services
from juries.services import panel as panel_services
from juries.services import publicity as publicity_services
from juries.services import review as review_services


class ObjectionThrottle(AnonRateThrottle):
    """Anyone may object without signing in; one address may not flood the office."""

    scope = "result_objection"

    def get_rate(self):
        return settings.RESULT_OBJECTION_THROTTLE_RATE


def _valid(serializer_class, request, **kwargs) -> dict:
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


@extend_schema(tags=["juries"])
class JuryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    """Juries the caller's office runs or the caller's bureau oversees."""

    serializer_class = s.JurySerializer

    def get_queryset(self):
        return selectors.visible_juries(self.request.user).order_by("name", "pk")

    @extend_schema(request=s.JuryCreateSerializer, responses={201: s.JurySerializer})
    def create(self, request):
        jury = expert_services.create_jury(
            actor=request.user, **_valid(s.JuryCreateSerializer, request)
        )
        jury = self.get_queryset().get(pk=jury.pk)
        return Response(s.JurySerializer(jury).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.JuryApprovalSerializer, responses=s.JurySerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        jury = self.get_object()
        expert_services.approve_jury(
            actor=request.user,
            jury=jury,
            **_valid(s.JuryApprovalSerializer, request),
        )
        return Response(s.JurySerializer(self.get_queryset().get(pk=jury.pk)).data)


@extend_schema(tags=["juries"])
class ExpertViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    """The expert libraries of the caller's jury offices."""

    serializer_class = s.ExpertSerializer
    filterset_fields = ["jury", "specialty", "is_active"]

    def get_queryset(self):
        return (
            Expert.objects.filter(jury__in=selectors.office_juries(self.request.user))
            .select_related("user")
            .order_by("jury", "specialty", "pk")
        )

    @extend_schema(request=s.ExpertSerializer, responses={201: s.ExpertSerializer})
    def create(self, request):
        data = _valid(s.ExpertSerializer, request)
        expert = expert_services.add_expert(actor=request.user, **data)
        return Response(s.ExpertSerializer(expert).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.JuryReasonSerializer, responses=s.ExpertSerializer)
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        expert = expert_services.remove_expert(
            actor=request.user,
            expert=self.get_object(),
            **_valid(s.JuryReasonSerializer, request),
        )
        return Response(s.ExpertSerializer(expert).data)


@extend_schema(tags=["juries"])
class InterestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, GenericViewSet
):
    """The caller's own declared interests, as an expert."""

    serializer_class = s.InterestSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ExpertInterest.objects.none()
        return ExpertInterest.objects.filter(expert__user=self.request.user).order_by(
            "-declared_at", "-pk"
        )

    @extend_schema(request=s.InterestSerializer, responses={201: s.InterestSerializer})
    def create(self, request):
        data = _valid(s.InterestSerializer, request)
        expert = data.pop("expert")
        interest = expert_services.declare_interest(actor=request.user, expert=expert, **data)
        return Response(s.InterestSerializer(interest).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        expert_services.withdraw_interest(actor=self.request.user, interest=instance)


MEETING_404 = OpenApiResponse(description="Not a meeting the caller answers for.")


@extend_schema(tags=["meetings"])
class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    """Review meetings, for the jury office, the approving HR bureau and the observer."""

    serializer_class = s.MeetingSerializer
    filterset_fields = ["status", "jury", "plan"]

    def get_queryset(self):
        return selectors.visible_meetings(self.request.user).order_by("-held_on", "-pk")

    def _office(self, meeting):
        if not permissions.is_office_staff(self.request.user, meeting.jury):
            raise PermissionDenied
        return meeting

    def _reply(self, meeting):
        return Response(s.MeetingSerializer(self.get_queryset().get(pk=meeting.pk)).data)

    @extend_schema(request=s.MeetingCreateSerializer, responses={201: s.MeetingSerializer})
    def create(self, request):
        meeting = meeting_services.create_meeting(
            actor=request.user,
            **_valid(s.MeetingCreateSerializer, request),
        )
        return Response(
            s.MeetingSerializer(self.get_queryset().get(pk=meeting.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(methods=["get"], responses=s.CandidateSerializer(many=True))
    @extend_schema(
        methods=["post"], request=s.AssignSerializer, responses=s.CandidateSerializer(many=True)
    )
    @action(detail=True, methods=["get", "post"])
    def candidates(self, request, pk=None):
        """GET: the roster. POST: put qualified declarations on it."""
        meeting = self.get_object()
        if request.method == "POST":
            meeting_services.assign_candidates(
                actor=request.user,
                meeting=meeting,
                **_valid(s.AssignSerializer, request),
            )
        return Response(
            s.CandidateSerializer(selectors.meeting_candidates(meeting), many=True).data
        )

    @extend_schema(request=None, responses=s.MeetingSerializer)
    @action(detail=True, methods=["post"])
    def apply(self, request, pk=None):
        meeting = meeting_services.apply_for_meeting(actor=request.user, meeting=self.get_object())
        return self._reply(meeting)

    @extend_schema(request=s.ApproveMeetingSerializer, responses=s.MeetingSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        meeting = meeting_services.approve_meeting(
            actor=request.user,
            meeting=self.get_object(),
            **_valid(s.ApproveMeetingSerializer, request),
        )
        return self._reply(meeting)

    @extend_schema(request=s.JuryReasonSerializer, responses=s.MeetingSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        meeting = meeting_services.return_meeting(
            actor=request.user,
            meeting=self.get_object(),
            **_valid(s.JuryReasonSerializer, request),
        )
        return self._reply(meeting)

    @extend_schema(responses={(200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def roster(self, request, pk=None):
        """The roster of qualification evaluation objects, as an Excel workbook."""
        meeting = self.get_object()
        if not permissions.may_download_roster(request.user, meeting):
            raise PermissionDenied
        response = HttpResponse(roster_workbook(meeting), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="roster-{meeting.pk}.xlsx"'
        return response

    @extend_schema(request=None, responses={201: s.DrawSerializer})
    @action(detail=True, methods=["post"])
    def draw(self, request, pk=None):
        record = panel_services.draw_panel(
            actor=request.user, meeting=self._office(self.get_object())
        )
        return Response(s.DrawSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: s.PanelSerializer, 404: MEETING_404})
    @action(detail=True, methods=["get"])
    def panel(self, request, pk=None):
        """The sealed panel: only the jury office and the meeting's observer see it."""
        meeting = self.get_object()
        if not permissions.may_see_panel(request.user, meeting):
            raise Http404
        recusals = s.RecusalSerializer(selectors.meeting_recusals(meeting), many=True).data
        return Response(
            {
                "seats": s.SeatSerializer(selectors.sealed_panel(meeting), many=True).data,
                "draws": s.DrawSerializer(meeting.draws.order_by("drawn_at", "pk"), many=True).data,
                "recusals": recusals,
            }
        )

    @extend_schema(request=None, responses={201: s.SeatSerializer})
    @action(detail=True, methods=["post"], url_path=r"seats/(?P<seat_id>\d+)/replace")
    def replace(self, request, pk=None, seat_id=None):
        """Draw a replacement for an expert who declined."""
        meeting = self._office(self.get_object())
        seat = get_object_or_404(meeting.seats, pk=seat_id)
        new_seat = panel_services.draw_replacement(actor=request.user, seat=seat)
        return Response(s.SeatSerializer(new_seat).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.RecuseSerializer, responses={201: s.RecusalSerializer})
    @action(detail=True, methods=["post"])
    def recuse(self, request, pk=None):
        meeting = self._office(self.get_object())
        data = _valid(s.RecuseSerializer, request)
        if data["candidate"].meeting_id != meeting.pk:
            raise ApiValidationError({"candidate": [_("Not a candidate of this meeting.")]})
        recusal = panel_services.recuse_expert(actor=request.user, **data)
        return Response(s.RecusalSerializer(recusal).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.AttendanceSerializer, responses=s.QuorumSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        """The roll call: the seats present. Answers with the quorum it gives."""
        meeting = self._office(self.get_object())
        data = _valid(s.AttendanceSerializer, request)
        review_services.record_attendance(
            actor=request.user,
            meeting=meeting,
            present_seats=data["seats"],
        )
        return Response(
            dict(
                zip(("attending", "seated", "needed"), selectors.quorum_state(meeting), strict=True)
            )
        )

    @extend_schema(responses=s.ScoreSummarySerializer(many=True))
    @action(detail=True, methods=["get"])
    def scores(self, request, pk=None):
        meeting = self._office(self.get_object())
        return Response(
            s.ScoreSummarySerializer(selectors.score_summaries(meeting), many=True).data
        )

    @extend_schema(request=None, responses={201: s.BallotSerializer})
    @action(detail=True, methods=["post"], url_path="open-ballot")
    def open_ballot(self, request, pk=None):
        ballot = review_services.open_ballot(
            actor=request.user, meeting=self._office(self.get_object())
        )
        return Response(s.BallotSerializer(ballot).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.BallotSerializer)
    @action(detail=True, methods=["post"], url_path="close-ballot")
    def close_ballot(self, request, pk=None):
        ballot = review_services.close_ballot(
            actor=request.user, meeting=self._office(self.get_object())
        )
        return Response(s.BallotSerializer(ballot).data)

    @extend_schema(responses=s.TallySerializer(many=True))
    @action(detail=True, methods=["get"])
    def tally(self, request, pk=None):
        """The counts per candidate; empty until the ballot has closed."""
        meeting = self._office(self.get_object())
        return Response(s.TallySerializer(selectors.tallied_candidates(meeting), many=True).data)

    @extend_schema(responses={200: s.MinutesSerializer, 404: MEETING_404})
    @action(detail=True, methods=["get"])
    def minutes(self, request, pk=None):
        meeting = self.get_object()
        record = getattr(meeting, "minutes", None)
        if record is None or not permissions.may_see_minutes(request.user, meeting):
            raise Http404
        return Response(
            {
                "content": record.content,
                "digest": record.digest,
                "generated_at": record.generated_at,
                "intact": minutes_intact(record),
            }
        )

    @extend_schema(request=s.PublishSerializer, responses={201: s.PublicitySerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        publicity = publicity_services.publish_results(
            actor=request.user,
            meeting=self._office(self.get_object()),
            **_valid(s.PublishSerializer, request),
        )
        return Response(s.PublicitySerializer(publicity).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["experts"])
class SeatViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    """The caller's own seats on meeting panels, as an expert."""

    serializer_class = s.OwnSeatSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PanelSeat.objects.none()
        return selectors.expert_seats(self.request.user)

    @extend_schema(responses=s.CommitmentSerializer)
    @action(detail=False, methods=["get"])
    def commitment(self, request):
        """The text of the review-discipline commitment."""
        return Response({"text": str(panel_services.COMMITMENT_TEXT)})

    @extend_schema(request=None, responses=s.OwnSeatSerializer)
    @action(detail=True, methods=["post"], url_path="sign-commitment")
    def sign_commitment(self, request, pk=None):
        seat = panel_services.sign_commitment(actor=request.user, seat=self.get_object())
        return Response(s.OwnSeatSerializer(seat).data)

    @extend_schema(request=s.JuryReasonSerializer, responses=s.OwnSeatSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        seat = panel_services.decline_seat(
            actor=request.user,
            seat=self.get_object(),
            **_valid(s.JuryReasonSerializer, request),
        )
        return Response(s.OwnSeatSerializer(seat).data)

    @extend_schema(responses=s.BallotPaperStateSerializer)
    @action(detail=True, methods=["get"])
    def ballot(self, request, pk=None):
        """Where the expert may still vote; never how anyone voted."""
        seat = self.get_object()
        rows = selectors.ballot_candidates(seat)
        ballot = Ballot.objects.filter(meeting_id=seat.meeting_id).first()
        return Response(
            {
                "meeting": seat.meeting_id,
                "is_open": ballot is not None and ballot.status == Ballot.Status.OPEN,
                "attending": seat.attended and seat.status == PanelSeat.Status.ACCEPTED,
                "to_vote": [candidate.pk for candidate, voted in rows if not voted],
                "voted": [candidate.pk for candidate, voted in rows if voted],
            }
        )

    @extend_schema(request=s.BallotPaperSerializer, responses={201: s.CountSerializer})
    @action(detail=True, methods=["post"])
    def vote(self, request, pk=None):
        """Cast a secret ballot paper: yes, no or abstain, once per candidate."""
        seat = self.get_object()
        votes = _valid(s.BallotPaperSerializer, request)["votes"]
        choices = {item["candidate"]: item["choice"] for item in votes}
        if len(choices) != len(votes):
            raise ApiValidationError({"votes": [_("One vote per candidate.")]})
        count = review_services.cast_votes(
            actor=request.user, meeting=seat.meeting, choices=choices
        )
        return Response({"count": count}, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.MinutesSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """The presiding chair confirms the meeting's result."""
        seat = self.get_object()
        minutes = review_services.confirm_result(actor=request.user, meeting=seat.meeting)
        return Response(
            {
                "content": minutes.content,
                "digest": minutes.digest,
                "generated_at": minutes.generated_at,
                "intact": True,
            }
        )


@extend_schema(tags=["experts"])
class ReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    """The files of the caller's review groups, minus recusals."""

    serializer_class = s.ReviewCandidateSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Candidate.objects.none()
        return selectors.review_candidates(self.request.user)

    @extend_schema(
        methods=["get"], responses={200: s.ReviewAssessmentSerializer, 404: OpenApiResponse()}
    )
    @extend_schema(
        methods=["post"],
        request=s.AssessmentInputSerializer,
        responses=s.ReviewAssessmentSerializer,
    )
    @action(detail=True, methods=["get", "post"])
    def assessment(self, request, pk=None):
        """GET: the caller's opinion and scores. POST: write or revise them."""
        candidate = self.get_object()
        if request.method == "POST":
            data = _valid(s.AssessmentInputSerializer, request)
            review_services.submit_assessment(actor=request.user, candidate=candidate, **data)
        assessment = selectors.own_assessment(request.user, candidate)
        if assessment is None:
            raise Http404
        return Response(s.ReviewAssessmentSerializer(assessment).data)


@extend_schema(tags=["results"])
class ObjectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    """Objections to the caller's jury offices' publicized results."""

    serializer_class = s.ResultObjectionSerializer
    filterset_fields = ["status"]

    def get_queryset(self):
        return selectors.office_objections(self.request.user)

    @extend_schema(request=s.DecideObjectionSerializer, responses=s.ResultObjectionSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        objection = publicity_services.decide_objection(
            actor=request.user,
            objection=self.get_object(),
            **_valid(s.DecideObjectionSerializer, request),
        )
        return Response(s.ResultObjectionSerializer(objection).data)


@extend_schema(tags=["results"])
class ResultViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    """The caller's own confirmed results, as an applicant."""

    serializer_class = s.ResultSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Candidate.objects.none()
        return selectors.applicant_results(self.request.user)

    @extend_schema(request=s.JuryReasonSerializer, responses={201: s.ReexaminationSerializer})
    @action(detail=True, methods=["post"])
    def reexamination(self, request, pk=None):
        """Ask for re-examination (复查) of this result."""
        item = publicity_services.request_reexamination(
            actor=request.user,
            candidate=self.get_object(),
            **_valid(s.JuryReasonSerializer, request),
        )
        return Response(s.ReexaminationSerializer(item).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["results"])
class ReexaminationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    """Re-examination requests: the caller's own, and those to the caller's jury offices."""

    serializer_class = s.ReexaminationSerializer
    filterset_fields = ["status"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ReexaminationRequest.objects.none()
        user = self.request.user
        own = ReexaminationRequest.objects.filter(requested_by=user)
        return (
            (own | selectors.office_reexaminations(user))
            .distinct()
            .order_by("-requested_at", "-pk")
        )

    @extend_schema(request=s.AnswerSerializer, responses=s.ReexaminationSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        item = publicity_services.answer_reexamination(
            actor=request.user,
            request=self.get_object(),
            **_valid(s.AnswerSerializer, request),
        )
        return Response(s.ReexaminationSerializer(item).data)


@extend_schema_view(
    list=extend_schema(auth=[], responses=s.PublicitySerializer(many=True)),
    retrieve=extend_schema(auth=[], responses=s.PublicityDetailSerializer),
)
@extend_schema(tags=["public"])
class PublicityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    """The result publicity, open to everyone without signing in."""

    authentication_classes = []
    permission_classes = [AllowAny]
    lookup_field = "public_id"
    serializer_class = s.PublicitySerializer

    def get_queryset(self):
        return selectors.public_publicities()

    def get_serializer_class(self):
        return s.PublicityDetailSerializer if self.action == "retrieve" else s.PublicitySerializer

    @extend_schema(
        auth=[], request=s.ObjectionFileSerializer, responses={201: s.ObjectionReceiptSerializer}
    )
    @action(detail=True, methods=["post"], throttle_classes=[ObjectionThrottle])
    def objections(self, request, public_id=None):
        """File an objection against a candidate on the list, with contact details."""
        publicity = self.get_object()
        data = _valid(s.ObjectionFileSerializer, request)
        if data["candidate"].meeting_id != publicity.meeting_id:
            raise Http404
        objection = publicity_services.file_objection(publicity=publicity, **data)
        return Response(
            s.ObjectionReceiptSerializer(objection).data, status=status.HTTP_201_CREATED
        )


def register(router):
    """Adds this app's API viewsets to the /api/v1/ router."""
    router.register("juries", JuryViewSet, basename="jury")
    router.register("experts", ExpertViewSet, basename="expert")
    router.register("expert-interests", InterestViewSet, basename="expert-interest")
    router.register("meetings", MeetingViewSet, basename="meeting")
    router.register("seats", SeatViewSet, basename="seat")
    router.register("review-files", ReviewViewSet, basename="review-file")
    router.register("objections", ObjectionViewSet, basename="objection")
    router.register("review-results", ResultViewSet, basename="review-result")
    router.register("reexaminations", ReexaminationViewSet, basename="reexamination")
    router.register("result-publicity", PublicityViewSet, basename="result-publicity")
