from django.urls import include, path

from accounts import home

urlpatterns = [
    path("", home.home, name="home"),
    path("", include("accounts.auth_urls")),
    path("manage/", include("accounts.management_urls")),
]
