from django.urls import path

from quotas import views

app_name = "quotas"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("institutions/<int:pk>/", views.institution_detail, name="institution"),
    path("institutions/<int:pk>/<int:year>/edit/", views.edit_post_data, name="edit"),
    path("institutions/<int:pk>/<int:year>/approve/", views.approve, name="approve"),
    path("import/", views.import_post_data, name="import"),
    path("import/template.xlsx", views.import_template, name="template"),
    path("export.xlsx", views.export, name="export"),
    path("flags/", views.flags, name="flags"),
    path("declarations/<int:pk>/pool/", views.declaration_pool, name="declaration_pool"),
]
