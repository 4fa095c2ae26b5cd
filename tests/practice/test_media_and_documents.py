"""Images are served from media/; documents only through Wagtail's view, which checks privacy."""

import pytest
import wagtail_factories
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from tests.factories import SuperuserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_document(home_page):
    private = Collection.get_first_root_node().add_child(name="Staff only")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = get_document_model().objects.create(
        title="Rota", collection=private, file=ContentFile(b"Staff rota", name="rota.txt")
    )
    yield document
    document.file.delete(save=False)


def test_private_document_asks_a_visitor_to_sign_in(client, private_document):
    response = client.get(private_document.url)

    assert response.status_code == 302
    assert response["Location"].startswith("/_util/login/")


def test_a_private_document_is_kept_by_no_cache_and_a_public_one_keeps_its_headers(
    client, private_document, home_page
):
    staff = SuperuserFactory()
    client.force_login(staff)
    public = get_document_model().objects.create(
        title="Leaflet", file=ContentFile(b"Opening hours", name="leaflet.txt")
    )

    private = client.get(private_document.url)
    public_response = client.get(public.url)
    public.file.delete(save=False)

    assert private.status_code == 200
    assert b"".join(private.streaming_content) == b"Staff rota"
    assert "private" in private["Cache-Control"]
    assert "no-store" in private["Cache-Control"]
    assert public_response.status_code == 200
    assert "no-store" not in public_response.get("Cache-Control", "")


def test_private_document_file_cannot_be_fetched_from_media_directly(client, private_document):
    response = client.get(f"/media/{private_document.file.name}")

    assert response.status_code == 404
    assert b"Staff rota" not in response.content


def test_images_and_their_renditions_are_served_from_media(client, home_page):
    image = wagtail_factories.ImageFactory()
    rendition = image.get_rendition("width-40")
    try:
        assert client.get(image.file.url).status_code == 200
        assert client.get(rendition.url).status_code == 200
    finally:
        rendition.file.delete(save=False)
        image.file.delete(save=False)
