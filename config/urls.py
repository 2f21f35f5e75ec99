from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from accounts import api as accounts_api
from accounts import language
from applicants import api as applicants_api
from certificates import api as certificates_api
from continuing_ed import api as continuing_ed_api
from core.headers import ApiDocsPermission
from documents import api as documents_api
from juries import api as juries_api
from quotas import api as quotas_api
from titles import api as titles_api

api_router = DefaultRouter()
accounts_api.register(api_router)
titles_api.register(api_router)
applicants_api.register(api_router)
continuing_ed_api.register(api_router)
quotas_api.register(api_router)
juries_api.register(api_router)
certificates_api.register(api_router)
documents_api.register(api_router)

urlpatterns = [
    path("", include("core.urls")),
    path("", include("accounts.urls")),
    path("titles/", include("titles.urls")),
    path("declarations/", include("applicants.urls")),
    path("continuing-education/", include("continuing_ed.urls")),
    path("quotas/", include("quotas.urls")),
    path("juries/", include("juries.urls")),
    path("certificates/", include("certificates.urls")),
    path("verify/", include("certificates.public_urls")),
    path("jobs/", include("jobs.urls")),
    path("privacy/", include("privacy.urls")),
    path("documents/", include("documents.urls")),
    path("audit/", include("audit.urls")),
    path("statistics/", include("reports.urls")),
    path("notifications/", include("notifications.urls")),
    # The language switch, which also keeps a signed-in person's choice for their messages.
    path("i18n/setlang/", language.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_router.urls)),
    # Who may read the API's description (ApiDocsPermission, decided per request); the docs'
    # script is a file of its own (?script), which the Content-Security-Policy allows.
    path(
        "api/schema/",
        SpectacularAPIView.as_view(permission_classes=[ApiDocsPermission]),
        name="api-schema",
    ),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", permission_classes=[ApiDocsPermission]
        ),
        name="api-docs",
    ),
]

# Errors no view handled: pages in the person's language, JSON under /api/.
handler400 = "core.error_pages.bad_request"
handler403 = "core.error_pages.permission_denied"
handler404 = "core.error_pages.page_not_found"
handler500 = "core.error_pages.server_error"
