from django.urls import path

from . import views, views_rules

app_name = "admissions"
urlpatterns = [
    path("units/<int:pk>/", views.cell_board, name="board"),
    path("units/<int:pk>/new/", views.case_create, name="case_create"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/step/<str:action>/", views.case_action, name="case_action"),
    path("cases/<int:pk>/add/<str:part>/", views.case_part, name="case_part"),
    path("cases/<int:pk>/pick/<str:part>/", views.case_pick, name="case_pick"),
    path(
        "cases/<int:pk>/remove/<str:part>/<int:part_pk>/",
        views.case_part_remove,
        name="case_part_remove",
    ),
    path("cases/<int:pk>/hold/", views.case_hold, name="case_hold"),
    path("cases/<int:pk>/criteria/", views.case_criteria, name="case_criteria"),
    path(
        "cases/<int:pk>/verifications/<int:verification_pk>/conclude/",
        views.verification_conclude,
        name="verification_conclude",
    ),
    path("units/<int:pk>/criteria/", views.criterion_add, name="criterion_add"),
    path("criteria/<int:pk>/retire/", views.criterion_retire, name="criterion_retire"),
    path("cases/<int:pk>/move/", views.case_move, name="case_move"),
    path("documents/<int:pk>/file/", views.document_file, name="document_file"),
    path("readmit/<int:member_pk>/", views.readmit, name="readmit"),
    path("inbox/", views.inbox, name="inbox"),
    path("policies/", views_rules.policy_list, name="policies"),
    path("policies/new/", views_rules.policy_create, name="policy_create"),
    path("calendar/", views_rules.calendar_list, name="calendar"),
    path("calendar/<int:pk>/delete/", views_rules.calendar_delete, name="calendar_delete"),
]
