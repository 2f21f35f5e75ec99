from django.urls import path

from titles import views

app_name = "titles"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/<slug:action>/", views.plan_transition, name="plan_transition"),
    path("calendar/<int:year>/", views.calendar_year, name="calendar"),
]
