from django.urls import path

from . import views

app_name = "deadlines"
urlpatterns = [
    path("", views.todo, name="list"),
    path("settings/", views.reminders, name="settings"),
    path("units/<int:pk>/settings/", views.unit_settings, name="unit_settings"),
    path("settings/feed/", views.feed_issue, name="feed_issue"),
    path("settings/feed/revoke/", views.feed_revoke, name="feed_revoke"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
]
