"""Front-end files are vendored: no template loads anything from the internet."""

import json
import re
from pathlib import Path

import sanbao

PACKAGE = Path(sanbao.__file__).parent
REMOTE_ASSET = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


def test_it_has_no_remote_asset_url_in_any_template():
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("templates/**/*.html")
        if REMOTE_ASSET.search(path.read_text(encoding="utf-8"))
        or re.search(r"https?://", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_it_vendors_the_pinned_packages():
    vendor = PACKAGE / "static" / "vendor"
    pinned = json.loads((PACKAGE.parents[1] / "package.json").read_text())["devDependencies"]
    assert json.loads((vendor / "VERSIONS.json").read_text()) == pinned
    for path in (
        "bootstrap/css/bootstrap.min.css",
        "bootstrap/js/bootstrap.bundle.min.js",
        "echarts/echarts.min.js",
        "signature_pad/signature_pad.umd.min.js",
    ):
        assert (vendor / path).stat().st_size > 1000, path
