from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("", views.class_list, name="list"),
    path("new/", views.class_create, name="create"),
    path("providers/new/", views.provider_create, name="provider_create"),
    path("waiting/", views.waiting, name="waiting"),
    path("<int:pk>/", views.class_detail, name="detail"),
    path("<int:pk>/status/", views.class_status, name="status"),
    path("<int:pk>/cancel/", views.class_cancel, name="cancel"),
    path("<int:pk>/reopen/", views.class_reopen, name="reopen"),
    path("<int:pk>/<str:fmt>", views.class_export, name="export"),
]
