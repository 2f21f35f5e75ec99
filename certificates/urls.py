from django.urls import path

from certificates import views

app_name = "certificates"

urlpatterns = [
    path("", views.certificate_list, name="list"),
    path("export.xlsx", views.certificate_export, name="export"),
    path("photo/", views.photo_upload, name="photo"),
    path("photo/image/", views.photo_image, name="photo_image"),
    path("<int:pk>/", views.certificate_detail, name="detail"),
    path("<int:pk>/reveal-id/", views.certificate_reveal_id, name="reveal_id"),
    path("<int:pk>/pdf/", views.certificate_pdf, name="pdf"),
    path("<int:pk>/revoke/", views.certificate_revoke, name="revoke"),
    path("<int:pk>/reissue/", views.certificate_reissue, name="reissue"),
    path("filings/", views.filing_list, name="filing_list"),
    path("filings/new/<int:meeting_pk>/", views.filing_new, name="filing_new"),
    path("filings/<int:pk>/", views.filing_detail, name="filing_detail"),
    path("filings/<int:pk>/approve/", views.filing_approve, name="filing_approve"),
    path("filings/<int:pk>/return/", views.filing_return, name="filing_return"),
    path("filings/<int:pk>/retry/", views.filing_retry, name="filing_retry"),
    path("filings/<int:pk>/progress/", views.filing_progress, name="filing_progress"),
]
