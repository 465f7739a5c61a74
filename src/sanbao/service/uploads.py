"""Files the front desk attaches at intake, checked by content, not by name or browser claim.

Photos are decoded and saved again without their metadata, so a phone's GPS position
never reaches the register.
"""

import io
import struct

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps
from pillow_heif import register_heif_opener

from sanbao.config.errors import DomainError

register_heif_opener()  # iPhone photos (HEIC) open like any other; they are kept as JPEG

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PHOTOS = 6
MAX_PIXELS = 40_000_000
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "HEIF": "jpg"}
SAVED_AS = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}
# What Pillow raises on a broken or hostile file, decoding it or its metadata.
DECODE_ERRORS = (
    OSError,  # UnidentifiedImageError, truncated data
    SyntaxError,  # a malformed chunk or EXIF block
    EOFError,
    ValueError,
    TypeError,
    IndexError,
    KeyError,
    struct.error,
    Image.DecompressionBombError,
)


def _image(upload: UploadedFile, field: str, message: str) -> Image.Image:
    if (upload.size or 0) > MAX_UPLOAD_BYTES:
        raise DomainError.invalid(field, message)
    try:
        image = Image.open(upload)
        if image.format not in IMAGE_FORMATS or image.width * image.height > MAX_PIXELS:
            raise DomainError.invalid(field, message)
        image.load()
    except DECODE_ERRORS:
        raise DomainError.invalid(field, message) from None
    return image


def photo_cleaned(upload: UploadedFile, field: str = "photos") -> tuple[bytes, str]:
    """(re-encoded image without metadata, file extension); 422 for anything but a photo."""
    message = _("Attach photos as JPEG, PNG, HEIC or WebP, up to 10 MB each.")
    image = _image(upload, field, message)
    extension = IMAGE_FORMATS[str(image.format)]
    try:
        upright = ImageOps.exif_transpose(image)  # reads the EXIF block, which may be broken
        if extension == "jpg" and upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        # Nothing but the pixels (and the colour profile) goes on: no EXIF, XMP, comments.
        upright.info = {k: v for k, v in upright.info.items() if k == "icc_profile"}
        buffer = io.BytesIO()
        upright.save(buffer, format=SAVED_AS[extension])
    except DECODE_ERRORS:
        raise DomainError.invalid(field, message) from None
    return buffer.getvalue(), extension


def thumbnail_of(photo: bytes, size: int = 320) -> bytes:
    """A small JPEG of a cleaned photo, for review pages."""
    image = Image.open(io.BytesIO(photo))
    image.thumbnail((size, size))
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


def photos_cleaned(uploads: list[UploadedFile]) -> list[tuple[bytes, str]]:
    if len(uploads) > MAX_PHOTOS:
        raise DomainError.invalid(
            "photos", _("Attach at most %(count)s photos.") % {"count": MAX_PHOTOS}
        )
    return [photo_cleaned(upload) for upload in uploads]


def proof_cleaned(upload: UploadedFile) -> tuple[bytes, str]:
    """A sale slip or invoice: a photo (cleaned as above) or a PDF."""
    return scan_cleaned(upload, "proof_of_purchase")


def scan_cleaned(upload: UploadedFile, field: str) -> tuple[bytes, str]:
    """A scanned paper: a photo (cleaned as above) or a PDF, checked by its first bytes."""
    message = _("Attach a photo (JPEG, PNG, HEIC, WebP) or PDF up to 10 MB.")
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        if (upload.size or 0) > MAX_UPLOAD_BYTES:
            raise DomainError.invalid(field, message)
        return upload.read(), "pdf"
    try:
        return photo_cleaned(upload, field)
    except DomainError:
        raise DomainError.invalid(field, message) from None
