"""Forgotten passwords: placeholder until built."""

urlpatterns = []
