"""Whatever a dealer attaches to a declaration, it is kept (cleaned, with a thumbnail) or
refused with a DomainError that stores nothing: never another exception. Random bytes,
real images of every mode and format with random metadata, the same damaged, PDFs."""

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sanbao.claims.declaring import claim_evidence_add
from sanbao.claims.models import ClaimEvidence
from sanbao.config.errors import DomainError
from tests.claims.conftest import stored_files, upload
from tests.service.test_uploads_fuzz import _png_with_exif, damaged_images, images

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore::UserWarning")]

files = st.one_of(
    st.binary(max_size=1024),
    images(),
    damaged_images(),
    st.binary(max_size=256).map(lambda tail: b"%PDF-" + tail),
)


@given(
    content=files,
    kind=st.sampled_from(["photo", "application_form", "delivery_note", "other", ""]),
    name=st.sampled_from(["damage.jpg", "form.pdf", "note.png", "x", "箱子.heic"]),
)
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@example(content=_png_with_exif(b"garbage"), kind="photo", name="damage.png").via(
    "an EXIF chunk that is not TIFF"
)
def test_it_keeps_evidence_or_refuses_it(make_claim, dealer_user, content, kind, name):
    claim = make_claim()
    files_before = stored_files()
    try:
        evidence = claim_evidence_add(
            number=claim.number, kind=kind, upload=upload(name, content), by=dealer_user
        )
    except DomainError as refused:
        assert refused.status == 422 and set(refused.fields) <= {"file", "kind"}
        assert not ClaimEvidence.objects.filter(claim=claim).exists()
        assert stored_files() == files_before
        return
    assert evidence.size > 0 and evidence.file
    assert evidence.content_type == "application/pdf" or evidence.thumbnail
