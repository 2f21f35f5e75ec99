from django.urls import include, path

urlpatterns = [
    path("", include("accounts.auth_urls")),
    path("manage/", include("accounts.management_urls")),
]
