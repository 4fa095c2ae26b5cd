"""HTML, feeds and other text compressed by the app itself, so a page served by gunicorn alone is
small on the wire; images, documents and static files (WhiteNoise compresses those ahead) are not.

Django's GZipMiddleware pads each compressed response with random bytes, its mitigation of BREACH.
https://docs.djangoproject.com/en/5.2/ref/middleware/#module-django.middleware.gzip
"""

from django.middleware.gzip import GZipMiddleware

COMPRESSED_CONTENT_TYPES = (
    "text/",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/json",
    "application/ld+json",
)


class TextCompressionMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(COMPRESSED_CONTENT_TYPES):
            return response
        return super().process_response(request, response)
