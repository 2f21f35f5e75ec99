"""The product's addresses plus two that fail, to see the 500 answers (the error handlers
are the product's own: config.urls's handler* are imported with the rest)."""

from django.urls import path

from config.urls import *  # noqa: F403
from config.urls import urlpatterns as product_urls


def fail(request):
    raise RuntimeError("a failure nobody expected")


urlpatterns = [
    path("boom/", fail),
    path("api/v1/boom/", fail),
    *product_urls,
]
