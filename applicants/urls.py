from django.urls import path

from applicants import list_views, views

app_name = "applicants"

urlpatterns = [
    path("", list_views.declaration_list, name="list"),
    path("search/id-number/", list_views.id_number_search, name="id-search"),
    path("filters/save/", list_views.saved_filter_save, name="filter-save"),
    path("bulk/preview/", list_views.bulk_preview, name="bulk-preview"),
    path("bulk/confirm/", list_views.bulk_confirm, name="bulk-confirm"),
    path("bulk/results/<str:key>/", list_views.bulk_results, name="bulk-results"),
    path("new/", views.declaration_create, name="create"),
    path("<int:pk>/", views.declaration_detail, name="detail"),
    path("<int:pk>/reveal-id/", views.reveal_id_number, name="reveal-id"),
    path("<int:pk>/edit/", views.declaration_edit, name="edit"),
    path("<int:pk>/act/<slug:action>/", views.declaration_action, name="action"),
    path("<int:pk>/materials/", views.material_upload, name="material-upload"),
    path(
        "<int:pk>/materials/<int:material_pk>/replace/",
        views.material_replace,
        name="material-replace",
    ),
    path(
        "<int:pk>/materials/<int:material_pk>/remove/",
        views.material_remove,
        name="material-remove",
    ),
    path("publicity/", views.publicity_list, name="publicity-list"),
    path("publicity/<int:pk>/", views.publicity_detail, name="publicity-detail"),
    path(
        "publicity/objections/<int:pk>/resolve/",
        views.objection_resolve,
        name="objection-resolve",
    ),
    path("materials/<int:pk>/download/", views.material_download, name="material-download"),
    path("plans/<int:plan_id>/roster.xlsx", views.plan_roster, name="plan-roster"),
    path("plans/<int:plan_id>/roster/", views.roster_export, name="roster-export"),
]
