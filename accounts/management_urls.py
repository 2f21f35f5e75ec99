from django.urls import path

from accounts import views

app_name = "manage"

urlpatterns = [
    path("organizations/", views.organization_tree, name="organizations"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization"),
    path("applicants/", views.applicants, name="applicants"),
    path("applicants/import/", views.applicant_import, name="applicant_import"),
    path("applicants/import/template/", views.import_template, name="import_template"),
    path(
        "accounts/<int:pk>/resend-activation/",
        views.resend_activation,
        name="resend_activation",
    ),
    path("activate/<uidb64>/<token>/", views.ActivationView.as_view(), name="activate"),
    path("activate/done/", views.ActivationDoneView.as_view(), name="activation_done"),
]
