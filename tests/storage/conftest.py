"""An S3-compatible server started by the tests themselves (moto's server mode, on a free
port of this machine), and a fixture that puts the media on it the way config/settings.py
does when MEDIA_S3_BUCKET is set."""

import importlib.util
import logging
import uuid

import boto3
import pytest
from django.conf import settings as django_settings
from moto.server import ThreadedMotoServer

# The certificate fixtures, with the signing key and settings they need.
from tests.certificates.conftest import (  # noqa: F401
    _certificate_settings,
    issued,
    results,
)

ACCESS_KEY = "zhicheng-test"
SECRET_KEY = "zhicheng-test-secret"
REGION = "cn-north-1"


@pytest.fixture(scope="session")
def s3_endpoint():
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_client(s3_endpoint):
    return boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )


def settings_module_with(environment: dict, monkeypatch):
    """config/settings.py run once more, as a separate module, with `environment` added."""
    with monkeypatch.context() as patched:
        for name, value in environment.items():
            patched.setenv(name, value)
        spec = importlib.util.spec_from_file_location(
            f"settings_under_test_{uuid.uuid4().hex}",
            django_settings.BASE_DIR / "config" / "settings.py",
        )
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return module


def s3_environment(endpoint: str, bucket: str) -> dict:
    return {
        "MEDIA_S3_BUCKET": bucket,
        "MEDIA_S3_ENDPOINT_URL": endpoint,
        "MEDIA_S3_REGION": REGION,
        "MEDIA_S3_ACCESS_KEY_ID": ACCESS_KEY,
        "MEDIA_S3_SECRET_ACCESS_KEY": SECRET_KEY,
    }


class Bucket:
    def __init__(self, client, name):
        self.client, self.name = client, name

    def names(self) -> list[str]:
        listed = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listed.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


@pytest.fixture
def media_on_s3(settings, s3_endpoint, s3_client, monkeypatch):
    """The media storage as the MEDIA_S3_* settings build it, on a bucket of this test alone.

    The models name no storage of their own, so their FileFields hold Django's
    `default_storage`, a lazy object that the STORAGES change below resets."""
    bucket = f"media-{uuid.uuid4().hex[:12]}"
    s3_client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    built = settings_module_with(s3_environment(s3_endpoint, bucket), monkeypatch)
    settings.STORAGES = {**settings.STORAGES, "default": built.STORAGES["default"]}
    yield Bucket(s3_client, bucket)


def local_media_files(settings) -> list[str]:
    """What was written below MEDIA_ROOT, the local disk's media folder."""
    return sorted(str(p) for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
