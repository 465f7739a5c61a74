"""Evidence files: checked by their content, cleaned of metadata, stored under random names,
and refused (storing nothing) when they are not what they claim to be."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from sanbao.claims.declaring import MAX_PHOTOS, claim_evidence_add, claim_evidence_remove
from sanbao.claims.models import ClaimEvidence
from sanbao.service.uploads import MAX_PIXELS, MAX_UPLOAD_BYTES
from tests.claims.conftest import (
    PDF,
    form_scan,
    image_bytes,
    photo,
    refused,
    stored_files,
    upload,
)

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


@pytest.fixture
def draft(make_claim):
    return make_claim()


def add(claim, user, kind, file):
    return claim_evidence_add(number=claim.number, kind=kind, upload=file, by=user)


def stored(evidence) -> Path:
    return Path(settings.MEDIA_ROOT) / evidence.file.name


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width` x `height` pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    idat = zlib.compress(b"\0" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


# ---------------------------------------------------------------------------------------
# What is kept, and how.


def test_it_stores_a_photo_under_a_random_name_with_a_thumbnail(draft, dealer_user):
    evidence = add(draft, dealer_user, "photo", photo("IMG_0001.JPG"))

    assert evidence.file.name.startswith("claims/") and evidence.file.name.endswith(".jpg")
    assert "IMG_0001" not in evidence.file.name
    assert (evidence.content_type, evidence.size) == ("image/jpeg", stored(evidence).stat().st_size)
    assert Image.open(stored(evidence)).format == "JPEG"
    assert evidence.thumbnail.name.startswith("claims/")
    thumbnail = Image.open(Path(settings.MEDIA_ROOT) / evidence.thumbnail.name)
    assert thumbnail.format == "JPEG" and max(thumbnail.size) <= 320
    assert stored_files() == {
        Path(evidence.file.name).name, Path(evidence.thumbnail.name).name,
    }  # fmt: skip


def test_two_uploads_of_the_same_name_get_different_names(draft, dealer_user):
    one = add(draft, dealer_user, "photo", photo("same.jpg"))
    two = add(draft, dealer_user, "photo", photo("same.jpg"))

    assert one.file.name != two.file.name


def test_a_big_photo_gets_a_small_thumbnail(draft, dealer_user):
    big = upload("big.png", image_bytes("PNG", size=(2000, 1000), mode="RGB"), "image/png")

    evidence = add(draft, dealer_user, "photo", big)

    assert evidence.content_type == "image/png"
    thumbnail = Image.open(Path(settings.MEDIA_ROOT) / evidence.thumbnail.name)
    assert thumbnail.size == (320, 160)


def test_it_keeps_a_pdf_scan_without_a_thumbnail(draft, dealer_user):
    evidence = add(draft, dealer_user, "application_form", form_scan())

    assert evidence.file.name.endswith(".pdf") and evidence.content_type == "application/pdf"
    assert stored(evidence).read_bytes() == PDF
    assert not evidence.thumbnail


def test_it_keeps_an_image_scan_with_a_thumbnail(draft, dealer_user):
    scan = upload("note.webp", image_bytes("WEBP"), "image/webp")

    evidence = add(draft, dealer_user, "delivery_note", scan)

    assert evidence.content_type == "image/webp" and evidence.thumbnail


def test_a_new_scan_replaces_the_old_one(draft, dealer_user):
    add(draft, dealer_user, "application_form", form_scan())
    newer = add(draft, dealer_user, "application_form", upload("form.jpg", image_bytes()))

    assert list(draft.evidence.filter(kind="application_form")) == [newer]


def test_it_accepts_a_heic_photo_and_keeps_it_as_jpeg(draft, dealer_user):
    from pillow_heif import register_heif_opener

    register_heif_opener()
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), "blue").save(buffer, format="HEIF")
    heic = upload("IMG_0042.HEIC", buffer.getvalue(), "image/heic")

    evidence = add(draft, dealer_user, "photo", heic)

    assert evidence.file.name.endswith(".jpg") and evidence.content_type == "image/jpeg"
    kept = Image.open(stored(evidence))
    assert (kept.format, kept.size) == ("JPEG", (80, 60))
    assert evidence.thumbnail


def test_it_strips_exif_and_gps_from_a_photo(draft, dealer_user):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (30.0, 15.0, 0.0), 3: "E", 4: (120.0, 10.0, 0.0)}  # GPS
    content = image_bytes(exif=exif)
    assert Image.open(io.BytesIO(content)).getexif()  # the upload does carry it

    evidence = add(draft, dealer_user, "photo", upload("gps.jpg", content))

    kept = Image.open(stored(evidence))
    assert not kept.getexif()
    assert "exif" not in kept.info
    assert b"PhoneMaker" not in stored(evidence).read_bytes()


def test_it_strips_exif_from_a_heic_photo(draft, dealer_user):
    from pillow_heif import register_heif_opener

    register_heif_opener()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (30.0, 15.0, 0.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), "blue").save(buffer, format="HEIF", exif=exif.tobytes())

    evidence = add(draft, dealer_user, "photo", upload("gps.heic", buffer.getvalue()))

    assert not Image.open(stored(evidence)).getexif()
    assert b"PhoneMaker" not in stored(evidence).read_bytes()


def test_it_turns_a_photo_upright_by_its_exif_orientation(draft, dealer_user):
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    content = image_bytes(size=(64, 48), exif=exif)

    evidence = add(draft, dealer_user, "photo", upload("turned.jpg", content))

    kept = Image.open(stored(evidence))
    assert kept.size == (48, 64) and not kept.getexif()


def test_it_strips_a_jpeg_comment(draft, dealer_user):
    content = image_bytes(comment=b"Home: 30.25N 120.17E")

    evidence = add(draft, dealer_user, "photo", upload("comment.jpg", content))

    assert b"120.17E" not in stored(evidence).read_bytes()


def test_it_takes_at_most_12_photos(draft, dealer_user):
    for n in range(MAX_PHOTOS):
        add(draft, dealer_user, "photo", photo(f"{n}.jpg"))

    with refused("invalid_input", 422, "file"):
        add(draft, dealer_user, "photo", photo("13.jpg"))

    assert draft.evidence.filter(kind="photo").count() == MAX_PHOTOS == 12
    add(draft, dealer_user, "delivery_note", photo("note.jpg"))  # scans are not photos


def test_it_removes_a_file(draft, dealer_user):
    evidence = add(draft, dealer_user, "photo", photo())

    claim_evidence_remove(number=draft.number, evidence_id=evidence.pk, by=dealer_user)

    assert not ClaimEvidence.objects.filter(pk=evidence.pk).exists()
    with refused("evidence_not_found", 404):
        claim_evidence_remove(number=draft.number, evidence_id=evidence.pk, by=dealer_user)


def test_it_removes_only_the_claims_own_files(make_claim, dealer_user):
    mine, theirs = make_claim(), make_claim()
    evidence = add(theirs, dealer_user, "photo", photo())

    with refused("evidence_not_found", 404):
        claim_evidence_remove(number=mine.number, evidence_id=evidence.pk, by=dealer_user)


def test_another_dealer_cannot_attach(draft, other_dealer_user):
    with refused("claim_not_found", 404):
        add(draft, other_dealer_user, "photo", photo())


def test_it_wants_to_know_what_the_file_is(draft, dealer_user):
    with refused("invalid_input", 422, "kind"):
        add(draft, dealer_user, "invoice", photo())


# ---------------------------------------------------------------------------------------
# Malicious uploads: refused, and nothing stored.


@pytest.mark.parametrize("kind", ["photo", "application_form", "delivery_note"])
def test_it_refuses_a_script_renamed_jpg(kind, draft, dealer_user):
    add(draft, dealer_user, "photo", photo())  # something is stored already
    script = upload("x.jpg", b"#!/bin/sh\nrm -rf /", "image/jpeg")

    with refused("invalid_input", 422, "file"):
        add(draft, dealer_user, kind, script)


@pytest.mark.parametrize("kind", ["photo", "delivery_note"])
def test_it_refuses_a_50_mb_image(kind, draft, dealer_user):
    """A real JPEG padded to 50 MB: decoders ignore the padding, the size check does not."""
    content = image_bytes() + b"\0" * (50 * MB)
    assert Image.open(io.BytesIO(content)).format == "JPEG"

    with refused("invalid_input", 422, "file"):
        add(draft, dealer_user, kind, upload("huge.jpg", content))


def test_it_refuses_an_image_just_over_10_mb(draft, dealer_user):
    content = image_bytes("PNG")
    content += b"\0" * (MAX_UPLOAD_BYTES + 1 - len(content))

    with refused("invalid_input", 422, "file"):
        add(draft, dealer_user, "photo", upload("big.png", content, "image/png"))


def test_it_refuses_a_pdf_over_10_mb(draft, dealer_user):
    content = PDF + b"%" * (11 * MB)

    with refused("invalid_input", 422, "file"):
        add(draft, dealer_user, "application_form", upload("form.pdf", content, "application/pdf"))


@pytest.mark.parametrize("kind", ["photo", "delivery_note"])
@pytest.mark.parametrize(
    "content",
    [
        pytest.param(lambda: png_claiming(30000, 30000), id="header-30000x30000"),
        pytest.param(
            lambda: image_bytes("PNG", size=(20000, 20000), mode="1"), id="real-20000x20000"
        ),
        pytest.param(lambda: image_bytes("PNG", size=(7000, 6000), mode="1"), id="real-42M-pixels"),
    ],
)
def test_it_refuses_a_decompression_bomb(kind, content, draft, dealer_user):
    bomb = content()
    assert len(bomb) < MAX_UPLOAD_BYTES  # small on the wire
    width, height = struct.unpack(">II", bomb[16:24])  # the PNG header's claim
    assert width * height > MAX_PIXELS

    with refused("invalid_input", 422, "file"):
        add(draft, dealer_user, kind, upload("bomb.png", bomb, "image/png"))


def test_it_stores_a_path_traversal_name_safely(draft, dealer_user):
    evidence = add(draft, dealer_user, "photo", upload("../../etc/passwd.jpg", image_bytes()))

    assert evidence.file.name.startswith("claims/") and ".." not in evidence.file.name
    assert "passwd" not in evidence.file.name
    media = Path(settings.MEDIA_ROOT).resolve()
    assert stored(evidence).resolve().is_relative_to(media / "claims")
    assert stored(evidence).is_file()
    assert not (media.parent / "etc").exists()


def test_it_refuses_a_pdf_as_a_photo(draft, dealer_user):
    with refused("invalid_input", 422, "file"):
        add(draft, dealer_user, "photo", upload("damage.pdf", PDF, "application/pdf"))
    with refused("invalid_input", 422, "file"):
        add(draft, dealer_user, "photo", upload("damage.jpg", PDF, "image/jpeg"))


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_it_refuses_other_image_formats(fmt, draft, dealer_user):
    content = image_bytes(fmt)

    with refused("invalid_input", 422, "file"):
        add(draft, dealer_user, "photo", upload(f"x.{fmt.lower()}", content))


def test_it_refuses_an_svg_with_a_script(draft, dealer_user):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

    with refused("invalid_input", 422, "file"):
        add(draft, dealer_user, "delivery_note", upload("note.png", svg, "image/png"))


def test_it_refuses_a_truncated_jpeg(draft, dealer_user):
    content = image_bytes(size=(400, 300))[:200]

    with refused("invalid_input", 422, "file"):
        add(draft, dealer_user, "photo", upload("cut.jpg", content))
