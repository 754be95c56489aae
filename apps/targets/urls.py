from django.urls import path

from . import views

app_name = "targets"
urlpatterns = [
    path("units/<int:pk>/", views.targets_page, name="unit"),
    path("units/<int:pk>/settings/", views.settings_page, name="settings"),
    path("terms/", views.terms_page, name="terms"),
]
