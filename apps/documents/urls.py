from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("cases/<int:pk>/", views.case_papers, name="case"),
    path("cases/<int:pk>/bundle.zip", views.case_bundle, name="bundle"),
    path("cases/<int:pk>/<str:code>/<int:item>.docx", views.case_paper, name="paper"),
    path("templates/", views.templates, name="templates"),
    path("templates/<str:code>/builtin.docx", views.builtin_template, name="builtin"),
]
