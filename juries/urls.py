from django.urls import path

from juries.views import documents, experts, meetings, panel, publicity, review

app_name = "juries"

urlpatterns = [
    # Jury offices, HR bureaus and observers.
    path("", meetings.meeting_list, name="meeting_list"),
    path("meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/candidates/", meetings.meeting_assign, name="meeting_assign"),
    path(
        "meetings/<int:pk>/candidates/<int:candidate_pk>/remove/",
        meetings.candidate_remove,
        name="candidate_remove",
    ),
    path("meetings/<int:pk>/apply/", meetings.meeting_apply, name="meeting_apply"),
    path("meetings/<int:pk>/approve/", meetings.meeting_approve, name="meeting_approve"),
    path("meetings/<int:pk>/return/", meetings.meeting_return, name="meeting_return"),
    path("meetings/<int:pk>/roster.xlsx", meetings.meeting_roster, name="meeting_roster"),
    path("meetings/<int:pk>/summary.xlsx", documents.summary_excel, name="summary_excel"),
    path("meetings/<int:pk>/summary.pdf", documents.summary_pdf, name="summary_pdf"),
    path("meetings/<int:pk>/minutes.pdf", documents.minutes_pdf, name="minutes_pdf"),
    path("meetings/<int:pk>/supervision.pdf", documents.supervision_pdf, name="supervision_pdf"),
    path("meetings/<int:pk>/panel/", panel.meeting_panel, name="meeting_panel"),
    path("meetings/<int:pk>/draw/", panel.meeting_draw, name="meeting_draw"),
    path("meetings/<int:pk>/seats/<int:seat_pk>/replace/", panel.seat_replace, name="seat_replace"),
    path("meetings/<int:pk>/recuse/", panel.meeting_recuse, name="meeting_recuse"),
    path("meetings/<int:pk>/attendance/", panel.meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/scores/", review.meeting_scores, name="meeting_scores"),
    path("meetings/<int:pk>/ballot/open/", review.ballot_open, name="ballot_open"),
    path("meetings/<int:pk>/ballot/close/", review.ballot_close, name="ballot_close"),
    path("meetings/<int:pk>/confirm/", review.confirm, name="confirm"),
    path("meetings/<int:pk>/minutes/", review.minutes, name="minutes"),
    path("meetings/<int:pk>/publish/", publicity.meeting_publish, name="meeting_publish"),
    path("meetings/<int:pk>/publicity/close/", publicity.publicity_close, name="publicity_close"),
    path("objections/", publicity.objection_list, name="objection_list"),
    path("objections/<int:pk>/", publicity.objection_detail, name="objection_detail"),
    path("reexaminations/", publicity.reexamination_list, name="reexamination_list"),
    path("reexaminations/<int:pk>/", publicity.reexamination_detail, name="reexamination_detail"),
    path("juries/", experts.jury_list, name="jury_list"),
    path("juries/<int:pk>/", experts.jury_detail, name="jury_detail"),
    path("juries/<int:pk>/experts/bulk/", experts.expert_bulk, name="expert_bulk"),
    # Experts.
    path("my/", review.expert_home, name="expert_home"),
    path("seats/<int:pk>/", panel.seat_detail, name="seat_detail"),
    path("review/<int:pk>/", review.review_detail, name="review_detail"),
    path(
        "review/<int:pk>/materials/<int:material_pk>/",
        review.review_material,
        name="review_material",
    ),
    path("ballot/<int:pk>/", review.ballot_paper, name="ballot"),
    path("interests/", experts.interests, name="interests"),
    path("interests/<int:pk>/withdraw/", experts.interest_withdraw, name="interest_withdraw"),
    # Applicants.
    path("results/", publicity.my_results, name="my_results"),
    path(
        "results/<int:pk>/reexamination/",
        publicity.reexamination_request,
        name="reexamination_request",
    ),
    # The public, without signing in.
    path("publicity/", publicity.public_list, name="public_list"),
    path("publicity/<uuid:public_id>/", publicity.public_detail, name="public_detail"),
]
