from django.urls import path

from continuing_ed import bulk_views, views
from continuing_ed.models import ImportBatch

app_name = "continuing_ed"

HOURS = {"kind": ImportBatch.Kind.HOURS}
EXAMS = {"kind": ImportBatch.Kind.EXAMS}

urlpatterns = [
    path("", views.mine, name="mine"),
    path("claim/", views.claim, name="claim"),
    path("review/", views.review, name="review"),
    path("records/<int:pk>/certify/", views.certify, name="certify"),
    path("records/decide/", bulk_views.bulk_decide, name="bulk_decide"),
    path("records/<int:pk>/reject/", views.reject, name="reject"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("courses/", views.courses, name="courses"),
    path("courses/new/", views.course_create, name="course_create"),
    path("courses/<int:pk>/", views.course_detail, name="course"),
    path("courses/<int:pk>/enrol/", views.enrol, name="enrol"),
    path("enrolments/<int:pk>/complete/", views.complete, name="complete"),
    path("imports/hours/", views.import_page, HOURS, name="import_hours"),
    path("imports/hours/template/", views.import_template, HOURS, name="import_hours_template"),
    path("imports/exams/", views.import_page, EXAMS, name="import_exams"),
    path("imports/exams/template/", views.import_template, EXAMS, name="import_exams_template"),
]
