from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("units/<int:pk>/", views.dashboard, name="dashboard"),
    path("units/<int:pk>/list/", views.figure_list, name="list"),
    path("units/<int:pk>/report/", views.report, name="report"),
]
