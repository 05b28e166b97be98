"""Uploads on S3-compatible object storage (issue 23) against a local S3 server (moto) that the
test starts: public names get plain links, private ones signed links that expire."""

import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from moc_portal.core.storage_url import public_read_policy, storage_options
from tests.deploy.stack import free_port
from tests.waiting import wait_until

BUCKET = "moc-media"
KEYS = {"access_key": "test-access", "secret_key": "test-secret"}


def _moto_server():
    found = Path(sys.executable).parent / "moto_server"
    return str(found) if found.exists() else shutil.which("moto_server")


@pytest.fixture(scope="module")
def s3_endpoint():
    server = _moto_server()
    if server is None:
        if os.environ.get("CI"):
            pytest.fail("moto_server is missing (requirements-dev.txt: moto[server])")
        pytest.skip("moto_server is missing")
    port = free_port(range(8660, 8670))
    process = subprocess.Popen(
        [server, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"

    def answers():
        try:
            with urllib.request.urlopen(endpoint + "/", timeout=2):
                return True
        except OSError:
            return False

    try:
        wait_until(answers, "moto_server did not start", timeout=30)
        import boto3

        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="ru-central1",
            aws_access_key_id=KEYS["access_key"],
            aws_secret_access_key=KEYS["secret_key"],
        )
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ru-central1"}
        )
        client.put_bucket_policy(Bucket=BUCKET, Policy=public_read_policy(BUCKET))
        yield endpoint, client
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def media_storage(s3_endpoint, settings):
    endpoint, client = s3_endpoint
    url = f"s3://{BUCKET}?endpoint_url={endpoint}&region=ru-central1&signed_url_seconds=120"
    settings.STORAGES = {**settings.STORAGES, "default": storage_options(url, **KEYS)}
    return storages["default"], client


def _read(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def test_files_are_stored_in_the_bucket_privately(media_storage):
    storage, client = media_storage
    name = storage.save("private/practices/отчёт.docx", ContentFile(b"PK private report"))
    stored = client.get_object(Bucket=BUCKET, Key=name)["Body"].read()
    assert stored == b"PK private report"
    grants = client.get_object_acl(Bucket=BUCKET, Key=name)["Grants"]
    assert not [g for g in grants if "AllUsers" in g["Grantee"].get("URI", "")]
    with storage.open(name) as handle:  # what the app's views stream
        assert handle.read() == b"PK private report"


def test_private_files_get_signed_links_that_expire(media_storage):
    storage, _ = media_storage
    name = storage.save("private/events/приказ.pdf", ContentFile(b"%PDF private"))
    url = storage.url(name)
    query = parse_qs(urlsplit(url).query)
    assert "X-Amz-Signature" in query and query["X-Amz-Expires"] == ["120"]
    assert _read(url) == b"%PDF private"
    with pytest.raises(urllib.error.HTTPError) as refused:  # the same link without a signature
        _read(url.split("?", 1)[0])
    assert refused.value.code == 403
    refused.value.close()


def test_public_files_get_plain_links(media_storage):
    storage, _ = media_storage
    name = storage.save("public/events/афиша.pdf", ContentFile(b"%PDF public"))
    url = storage.url(name)
    assert "?" not in url and "/public/events/" in url
    assert _read(url) == b"%PDF public"


def test_a_name_is_never_overwritten(media_storage):
    storage, _ = media_storage
    first = storage.save("public/a.txt", ContentFile(b"1"))
    second = storage.save("public/a.txt", ContentFile(b"2"))
    assert first != second


def test_the_storage_url_is_parsed_strictly():
    options = storage_options(
        "s3://bucket?endpoint_url=https://storage.yandexcloud.net&region=ru-central1", **KEYS
    )["OPTIONS"]
    assert options["bucket_name"] == "bucket"
    assert options["endpoint_url"] == "https://storage.yandexcloud.net"
    assert options["querystring_auth"] is True and options["querystring_expire"] == 300
    with pytest.raises(ImproperlyConfigured, match="s3://"):
        storage_options("https://bucket", **KEYS)
    with pytest.raises(ImproperlyConfigured, match="unknown"):
        storage_options("s3://bucket?endpoint=x", **KEYS)
    with pytest.raises(ImproperlyConfigured, match="ACCESS_KEY"):
        storage_options("s3://bucket")
