from django.urls import path

from applicants import views

app_name = "applicants"

urlpatterns = [
    path("materials/<int:pk>/download/", views.material_download, name="material-download"),
    path("plans/<int:plan_id>/roster.xlsx", views.plan_roster, name="plan-roster"),
]
