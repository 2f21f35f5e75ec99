from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("evaluation-forms/", views.evaluation_forms, name="evaluation-forms"),
    path(
        "evaluation-forms/declaration/<int:pk>.pdf", views.evaluation_form, name="evaluation-form"
    ),
    path("evaluation-forms/unit/<int:plan_id>/", views.unit_forms, name="unit-forms"),
    path("evaluation-forms/meeting/<int:meeting_id>/", views.meeting_forms, name="meeting-forms"),
    path("correction-notices/<int:pk>.pdf", views.correction_notice, name="correction-notice"),
    path("unit-publicity/<int:pk>.pdf", views.unit_publicity_notice, name="unit-publicity-notice"),
    path(
        "result-publicity/<uuid:public_id>.pdf",
        views.result_publicity_notice,
        name="result-publicity-notice",
    ),
]
