"""The public verification pages: no sign-in, rate limited."""

from django.urls import path

from certificates import views

app_name = "verify"

urlpatterns = [
    path("", views.verify_form, name="form"),
    path("public-key/", views.public_key, name="public_key"),
    path("pdf/", views.verify_pdf, name="pdf"),
    path("pdf-signer.pem", views.pdf_signing_certificate, name="pdf_signing_certificate"),
    path("<str:number>/", views.verify_certificate, name="certificate"),
]
