from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("<int:pk>/", views.unit_detail, name="detail"),
    path("<int:pk>/new/", views.unit_create, name="create"),
    path("<int:pk>/edit/", views.unit_edit, name="edit"),
    path("<int:pk>/rename/", views.unit_rename, name="rename"),
    path("<int:pk>/move/", views.unit_move, name="move"),
    path("<int:pk>/merge/", views.unit_merge, name="merge"),
    path("<int:pk>/split/", views.unit_split, name="split"),
    path("<int:pk>/dissolve/", views.unit_dissolve, name="dissolve"),
]
