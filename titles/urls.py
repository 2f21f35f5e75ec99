from django.urls import path

from titles import calendar_views, views

app_name = "titles"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/<slug:action>/", views.plan_transition, name="plan_transition"),
    path("calendar/", calendar_views.calendar_year, name="calendar_now"),
    path(
        "calendar/import-template/",
        calendar_views.calendar_import_template,
        name="calendar_import_template",
    ),
    path("calendar/<int:year>/", calendar_views.calendar_year, name="calendar"),
    path("calendar/<int:year>/days/", calendar_views.calendar_day_set, name="calendar_day_set"),
    path(
        "calendar/<int:year>/days/<int:pk>/remove/",
        calendar_views.calendar_day_remove,
        name="calendar_day_remove",
    ),
    path(
        "calendar/<int:year>/entered/",
        calendar_views.calendar_year_entered,
        name="calendar_year_entered",
    ),
    path(
        "calendar/<int:year>/withdraw/",
        calendar_views.calendar_year_withdraw,
        name="calendar_year_withdraw",
    ),
    path("calendar/<int:year>/import/", calendar_views.calendar_import, name="calendar_import"),
]
