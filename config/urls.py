from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from apps.accounts.api.views import MeView, PasswordChangeView
from apps.admissions.api.views import CaseViewSet, preflight
from apps.members.api.views import MemberViewSet
from apps.organizations.api.views import OrganizationViewSet
from apps.organizations.home import home
from apps.training.api.views import EnrolmentViewSet, TrainingClassViewSet

router = DefaultRouter()
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("members", MemberViewSet, basename="member")
router.register("cases", CaseViewSet, basename="case")
router.register("classes", TrainingClassViewSet, basename="training-class")
router.register("enrolments", EnrolmentViewSet, basename="enrolment")

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("apps.accounts.urls")),
    path("units/", include("apps.organizations.urls")),
    path("members/", include("apps.members.urls")),
    path("admissions/", include("apps.admissions.urls")),
    path("training/", include("apps.training.urls")),
    path("targets/", include("apps.targets.urls")),
    path("reports/", include("apps.reports.urls")),
    path("imports/", include("apps.imports.urls")),
    path("documents/", include("apps.documents.urls")),
    path("audit/", include("apps.audit.urls")),
    path("deadlines/", include("apps.deadlines.urls")),
    path("api/v1/preflight", preflight, name="preflight"),
    path("api/v1/me/", MeView.as_view(), name="api-me"),
    path("api/v1/me/password/", PasswordChangeView.as_view(), name="api-me-password"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The "split" view serves Swagger UI's start-up script from a URL instead
    # of inline, so the page works under a content security policy.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
]
