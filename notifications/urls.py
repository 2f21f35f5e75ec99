from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_centre, name="list"),
    path("read/", views.mark_read_in_centre, name="mark_read"),
    path("<int:pk>/", views.open_notification, name="open"),
    path("e-mail/", views.email_preference, name="email_preference"),
]
