"""Documents as Wagtail serves them, with private ones kept out of every cache.

A document in a collection with view restrictions (signed-in staff only, or a password) may be
read on a shared computer: `private, no-store` keeps the browser and anything in between from
keeping a copy. Public documents keep Wagtail's own headers.
"""

from django.utils.cache import add_never_cache_headers
from wagtail.documents import get_document_model
from wagtail.documents.views import serve as wagtail_serve


def serve(request, document_id, document_filename):
    response = wagtail_serve.serve(request, document_id, document_filename)
    document = (
        get_document_model().objects.select_related("collection").filter(pk=document_id).first()
    )
    if document is not None and document.collection.get_view_restrictions().exists():
        add_never_cache_headers(response)
    return response
