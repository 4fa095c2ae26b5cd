"""The site's URLs plus three views that fail on purpose, for the error page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from practice.urls import urlpatterns as site_urlpatterns

INTERNAL_DETAIL = "internal-detail-that-must-not-be-shown"


def forbidden(request):
    raise PermissionDenied(INTERNAL_DETAIL)


def suspicious(request):
    raise SuspiciousOperation(INTERNAL_DETAIL)


def broken(request):
    raise RuntimeError(INTERNAL_DETAIL)


urlpatterns = [
    path("test-errors/forbidden/", forbidden),
    path("test-errors/suspicious/", suspicious),
    path("test-errors/broken/", broken),
    *site_urlpatterns,
]
