from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from . import documents, health, page_tree, search, views

# There is no Django admin (/django-admin/): the Wagtail admin covers users, groups, sites,
# redirects, documents and inquiries, behind the second factor and Wagtail's permissions.
urlpatterns = [
    # The passkey ceremonies' JSON endpoints (django-otp-webauthn), beside the admin's
    # second-factor pages; the pages themselves are registered by practice/wagtail_hooks.py.
    path("admin/two-step/passkeys/", include("django_otp_webauthn.urls", namespace="otp_webauthn")),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document URLs, with private documents marked for no cache to keep.
    re_path(r"^documents/(\d+)/(.*)$", documents.serve, name="wagtaildocs_serve"),
    path("documents/", include(wagtaildocs_urls)),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # Load balancers and Varnish probe this; production.py exempts it from the HTTPS redirect.
    path("healthz", health.healthz, name="healthz"),
]

# Site search and the sitemap: plain views, so they come before Wagtail's page tree.
urlpatterns += [
    path("search/", search.search_view, name="search"),
    path("sitemap.xml", sitemap, name="sitemap"),
]

if settings.SERVE_MEDIA:
    # Uploaded images kept on local disk are served by Django; with object storage they are not.
    # Only image files (originals and renditions, one folder level deep): documents live under
    # media/documents/ and are served by /documents/, which checks their collection's privacy.
    urlpatterns += [
        re_path(
            r"^media/(?P<path>(?:original_images|images)/[^/]+)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        ),
    ]

# Wagtail's page tree answers every other URL, so it comes last: served through one PageTree
# (practice/page_tree.py). Wagtail's own patterns follow for its /_util/ views, and so that
# reverse("wagtail_serve") builds page addresses as Wagtail does.
urlpatterns += [
    re_path(r"^(?!_util/)((?:[\w\-]+/)*)$", page_tree.serve),
    path("", include(wagtail_urls)),
]
