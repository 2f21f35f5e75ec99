from django.urls import path

from juries import views

app_name = "juries"

urlpatterns = [
    # Jury offices, HR bureaus and observers.
    path("", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/candidates/", views.meeting_assign, name="meeting_assign"),
    path(
        "meetings/<int:pk>/candidates/<int:candidate_pk>/remove/",
        views.candidate_remove,
        name="candidate_remove",
    ),
    path("meetings/<int:pk>/apply/", views.meeting_apply, name="meeting_apply"),
    path("meetings/<int:pk>/approve/", views.meeting_approve, name="meeting_approve"),
    path("meetings/<int:pk>/return/", views.meeting_return, name="meeting_return"),
    path("meetings/<int:pk>/roster.xlsx", views.meeting_roster, name="meeting_roster"),
    path("meetings/<int:pk>/panel/", views.meeting_panel, name="meeting_panel"),
    path("meetings/<int:pk>/draw/", views.meeting_draw, name="meeting_draw"),
    path("meetings/<int:pk>/seats/<int:seat_pk>/replace/", views.seat_replace, name="seat_replace"),
    path("meetings/<int:pk>/recuse/", views.meeting_recuse, name="meeting_recuse"),
    path("meetings/<int:pk>/attendance/", views.meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/scores/", views.meeting_scores, name="meeting_scores"),
    path("meetings/<int:pk>/ballot/open/", views.ballot_open, name="ballot_open"),
    path("meetings/<int:pk>/ballot/close/", views.ballot_close, name="ballot_close"),
    path("meetings/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("meetings/<int:pk>/minutes/", views.minutes, name="minutes"),
    path("meetings/<int:pk>/publish/", views.meeting_publish, name="meeting_publish"),
    path("objections/", views.objection_list, name="objection_list"),
    path("objections/<int:pk>/", views.objection_detail, name="objection_detail"),
    path("reexaminations/", views.reexamination_list, name="reexamination_list"),
    path("reexaminations/<int:pk>/", views.reexamination_detail, name="reexamination_detail"),
    path("juries/", views.jury_list, name="jury_list"),
    path("juries/<int:pk>/", views.jury_detail, name="jury_detail"),
    path("experts/<int:pk>/remove/", views.expert_remove, name="expert_remove"),
    # Experts.
    path("my/", views.expert_home, name="expert_home"),
    path("seats/<int:pk>/", views.seat_detail, name="seat_detail"),
    path("review/<int:pk>/", views.review_detail, name="review_detail"),
    path(
        "review/<int:pk>/materials/<int:material_pk>/",
        views.review_material,
        name="review_material",
    ),
    path("ballot/<int:pk>/", views.ballot_paper, name="ballot"),
    path("interests/", views.interests, name="interests"),
    path("interests/<int:pk>/withdraw/", views.interest_withdraw, name="interest_withdraw"),
    # Applicants.
    path("results/", views.my_results, name="my_results"),
    path(
        "results/<int:pk>/reexamination/", views.reexamination_request, name="reexamination_request"
    ),
    # The public, without signing in.
    path("publicity/", views.public_list, name="public_list"),
    path("publicity/<uuid:public_id>/", views.public_detail, name="public_detail"),
]
