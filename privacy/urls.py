from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.my_data, name="my_data"),
    path("my-data.json", views.my_data_json, name="my_data_json"),
    path("my-data.xlsx", views.my_data_xlsx, name="my_data_xlsx"),
    path("requests/<int:pk>/withdraw/", views.withdraw_request, name="withdraw_request"),
    path("access-log/", views.access_log, name="access_log"),
    path("erasure-requests/", views.erasure_requests, name="erasure_requests"),
    path("erasure-requests/<int:pk>/", views.erasure_request, name="erasure_request"),
]
