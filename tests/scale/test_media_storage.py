from django.urls import resolve

from tests.scale.settings_probe import run_with_settings

S3_ENVIRONMENT = {
    "AWS_STORAGE_BUCKET_NAME": "practice-media",
    "AWS_S3_ENDPOINT_URL": "https://objects.example",
    "AWS_S3_REGION_NAME": "us-east-1",
    "AWS_S3_CUSTOM_DOMAIN": "media.practice.example",
}

DESCRIBE_STORAGE = """
from django.core.files.storage import storages
from django.urls import Resolver404, resolve
try:
    media_url_view = resolve("/media/images/photo.width-800.jpg").func.__module__
except Resolver404:
    media_url_view = None
storage = storages["default"]
result = {
    "backend": settings.STORAGES["default"]["BACKEND"],
    "storage_class": f"{type(storage).__module__}.{type(storage).__name__}",
    "serve_media": settings.SERVE_MEDIA,
    "media_url_view": media_url_view,
}
if result["backend"].startswith("storages."):
    result["bucket"] = storage.bucket_name
    result["endpoint"] = storage.endpoint_url
    result["image_url"] = storage.url("images/photo.width-800.jpg")
"""


def test_media_go_to_the_bucket_when_one_is_configured():
    code, result, stderr = run_with_settings(
        "practice.settings.production", S3_ENVIRONMENT, DESCRIBE_STORAGE
    )

    assert code == 0, stderr
    assert result["backend"] == "storages.backends.s3.S3Storage"
    assert result["storage_class"] == "storages.backends.s3.S3Storage"
    assert result["bucket"] == "practice-media"
    assert result["endpoint"] == "https://objects.example"
    # Plain, lasting addresses on the media host: cached pages keep working.
    assert result["image_url"] == "https://media.practice.example/images/photo.width-800.jpg"


def test_django_does_not_serve_media_when_they_are_in_a_bucket():
    code, result, stderr = run_with_settings(
        "practice.settings.production", S3_ENVIRONMENT, DESCRIBE_STORAGE
    )

    assert code == 0, stderr
    assert result["serve_media"] is False
    assert result["media_url_view"] is None


def test_media_are_local_files_served_by_django_without_a_bucket():
    code, result, stderr = run_with_settings("practice.settings.production", {}, DESCRIBE_STORAGE)

    assert code == 0, stderr
    assert result["backend"] == "django.core.files.storage.FileSystemStorage"
    assert result["serve_media"] is True
    assert result["media_url_view"] == "django.views.static"


def test_serving_media_can_still_be_turned_off_for_local_files():
    code, result, stderr = run_with_settings(
        "practice.settings.production", {"SERVE_MEDIA": "false"}, DESCRIBE_STORAGE
    )

    assert code == 0, stderr
    assert result["backend"] == "django.core.files.storage.FileSystemStorage"
    assert result["serve_media"] is False


def test_the_test_suite_itself_keeps_media_on_local_disk():
    assert resolve("/media/images/photo.jpg").func.__module__ == "django.views.static"
