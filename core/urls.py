from django.urls import path

from core import health, home, metrics

urlpatterns = [
    path("", home.home, name="home"),
    path("health/live/", health.live, name="health_live"),
    path("health/ready/", health.ready, name="health_ready"),
    path("metrics", metrics.metrics, name="metrics"),
]
