from django.urls import path

from core import health, home, metrics, saved_filters

urlpatterns = [
    path("", home.home, name="home"),
    path("health/live/", health.live, name="health_live"),
    path("health/ready/", health.ready, name="health_ready"),
    path("metrics", metrics.metrics, name="metrics"),
    path("filters/save/", saved_filters.save, name="saved_filter_save"),
    path("filters/<int:pk>/", saved_filters.open_filter, name="saved_filter_open"),
    path("filters/<int:pk>/delete/", saved_filters.delete, name="saved_filter_delete"),
]
