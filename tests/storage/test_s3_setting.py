"""MEDIA_S3_BUCKET switches the media from the local disk to an S3-compatible bucket, and
only it: the objects get no ACL of their own, a name already taken gets a new one (as on
the disk), and the client gives up on an unreachable server within seconds."""

from .conftest import s3_environment, settings_module_with


def test_without_a_bucket_the_media_stay_on_the_local_disk(monkeypatch):
    monkeypatch.delenv("MEDIA_S3_BUCKET", raising=False)

    built = settings_module_with({"MEDIA_S3_ENDPOINT_URL": "http://minio:9000"}, monkeypatch)

    assert built.STORAGES["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_with_a_bucket_the_media_go_to_it_privately(monkeypatch):
    built = settings_module_with(s3_environment("http://minio:9000", "zhicheng-media"), monkeypatch)

    storage = built.STORAGES["default"]
    options = storage["OPTIONS"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert (options["bucket_name"], options["endpoint_url"]) == (
        "zhicheng-media",
        "http://minio:9000",
    )
    assert options["default_acl"] is None and options["querystring_auth"] is True
    assert options["file_overwrite"] is False
    config = options["client_config"]
    assert config.s3 == {"addressing_style": "path"}
    assert config.connect_timeout <= 5
