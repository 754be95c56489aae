from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.import_list, name="list"),
    path("<int:pk>/", views.import_detail, name="detail"),
    path("<int:pk>/errors.xlsx", views.import_errors, name="errors"),
    path("templates/<str:kind>.xlsx", views.template, name="template"),
]
