"""Whatever a front desk attaches or a signature pad sends, the checks give cleaned content
or a DomainError (422 naming the field): never another exception. Random bytes, real
images of every mode and format with random metadata, and the same images damaged."""

import base64
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PIL import Image

from sanbao.config.errors import DomainError
from sanbao.service.signatures import DATA_URL_PREFIX, signature_decode
from sanbao.service.uploads import photo_cleaned, scan_cleaned, thumbnail_of

# Pillow warns about the broken files it reads; these tests make such files on purpose.
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

MODES = ["1", "L", "P", "RGB", "RGBA", "CMYK", "LA", "I", "I;16", "F", "YCbCr"]
FORMATS = ["PNG", "JPEG", "WEBP", "GIF", "BMP", "TIFF"]
# EXIF as a photo carries it: a TIFF header, then directories that may point anywhere.
exif = st.one_of(
    st.just(b""),
    st.binary(max_size=64),
    st.binary(max_size=64).map(lambda tail: b"MM\x00*\x00\x00\x00\x08" + tail),
    st.binary(max_size=64).map(lambda tail: b"II*\x00\x08\x00\x00\x00" + tail),
)


@st.composite
def images(draw) -> bytes:
    """A real image file; not every mode can be saved in every format."""
    mode, fmt = draw(st.sampled_from(MODES)), draw(st.sampled_from(FORMATS))
    size = (draw(st.integers(1, 120)), draw(st.integers(1, 64)))
    image = Image.new(mode, size, draw(st.integers(0, 255)))
    out = io.BytesIO()
    extra = {"exif": draw(exif)} if fmt in ("PNG", "JPEG", "WEBP") else {}
    try:
        image.save(out, format=fmt, **extra)
    except (OSError, ValueError, KeyError, TypeError):
        image.convert("RGB").save(out, format="PNG")
    return out.getvalue()


@st.composite
def damaged_images(draw, content: bytes | None = None) -> bytes:
    """An image (or this one) cut short, or with a few bytes changed."""
    content = content if content is not None else draw(images())
    if draw(st.booleans()):
        return content[: draw(st.integers(0, len(content)))]
    out = bytearray(content)
    for _i in range(draw(st.integers(1, 8))):
        out[draw(st.integers(0, len(out) - 1))] = draw(st.integers(0, 255))
    return bytes(out)


any_file = st.one_of(st.binary(max_size=1024), images(), damaged_images())


def upload(content: bytes, name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def _png_with_exif(exif_bytes: bytes) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, format="PNG", exif=exif_bytes)
    return out.getvalue()


@given(content=any_file)
@FUZZ
@example(content=_png_with_exif(b"garbage")).via("an EXIF chunk that is not TIFF")
def test_it_cleans_a_photo_or_refuses_it(content):
    try:
        cleaned, extension = photo_cleaned(upload(content))
    except DomainError as refused:
        assert (refused.status, list(refused.fields)) == (422, ["photos"])
        return
    assert extension in ("jpg", "png", "webp") and cleaned
    assert thumbnail_of(cleaned)
    with Image.open(io.BytesIO(cleaned)) as again:
        assert not again.getexif()


@given(content=st.one_of(any_file, st.binary(max_size=256).map(lambda tail: b"%PDF-" + tail)))
@FUZZ
def test_it_keeps_a_scan_or_refuses_it(content):
    try:
        cleaned, extension = scan_cleaned(upload(content, "slip.pdf"), "proof_of_purchase")
    except DomainError as refused:
        assert (refused.status, list(refused.fields)) == (422, ["proof_of_purchase"])
        return
    assert extension in ("pdf", "jpg", "png", "webp") and cleaned


def _data_url(content: bytes) -> str:
    return DATA_URL_PREFIX + base64.b64encode(content).decode()


def _pad_png() -> bytes:
    """A signature pad's PNG: a stroke on a transparent canvas."""
    from tests.service.conftest import signature_png

    return base64.b64decode(signature_png().removeprefix(DATA_URL_PREFIX))


PAD = _pad_png()


@given(
    data_url=st.one_of(
        st.text(max_size=64),
        st.text(max_size=64).map(lambda tail: DATA_URL_PREFIX + tail),
        any_file.map(_data_url),
        damaged_images(PAD).map(_data_url),
    )
)
@FUZZ
@example(data_url=_data_url(_png_with_exif(b"garbage"))).via("an EXIF chunk that is not TIFF")
@example(data_url=_data_url(PAD[:36] + b"\x02" + PAD[37:])).via("a chunk of the wrong length")
def test_it_takes_a_signature_or_refuses_it(data_url):
    try:
        png = signature_decode(data_url)
    except DomainError as refused:
        assert (refused.status, list(refused.fields)) == (422, ["signature"])
        return
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"


@pytest.mark.parametrize("mode", MODES)
def test_it_takes_a_signature_of_any_mode_or_refuses_it(mode):
    image = Image.new(mode, (300, 120))
    bands = len(image.getbands())
    image.paste(1 if bands == 1 else (1,) * bands, (10, 10, 60, 60))
    out = io.BytesIO()
    try:
        image.save(out, format="PNG")
    except (OSError, ValueError):
        pytest.skip(f"PNG has no mode {mode}")
    try:
        signature_decode(_data_url(out.getvalue()))
    except DomainError as refused:
        assert refused.status == 422


def test_it_refuses_a_signature_taller_than_the_pad_could_be():
    """A narrow, very tall PNG compresses to a few KB and decodes to hundreds of MB."""
    out = io.BytesIO()
    image = Image.new("1", (300, 12_000))
    image.paste(1, (0, 0, 50, 50))
    image.save(out, format="PNG", optimize=True)
    assert len(out.getvalue()) < 64 * 1024
    with pytest.raises(DomainError) as refused:
        signature_decode(_data_url(out.getvalue()))
    assert list(refused.value.fields) == ["signature"]
