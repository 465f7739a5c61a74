"""The Chinese catalogue is complete: every string the code marks is translated."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import sanbao

PACKAGE = Path(sanbao.__file__).parent
PO_FILE = PACKAGE / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def _msgids(po_text: str) -> set[str]:
    ids, current, collecting = set(), [], False
    for line in po_text.splitlines():
        if line.startswith("msgid "):
            current, collecting = [line[6:]], True
        elif collecting and line.startswith('"'):
            current.append(line)
        else:
            if collecting:
                ids.add("".join(part.strip()[1:-1] for part in current))
            collecting = False
    return ids - {""}


def test_it_has_no_untranslated_or_fuzzy_message():
    result = subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(PO_FILE)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    assert re.search(r"^\d+ translated messages\.$", result.stderr, re.MULTILINE), result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr


def test_it_covers_every_marked_string(tmp_path):
    if shutil.which("xgettext") is None:
        pytest.fail("gettext is not installed; `make test` installs it")
    copy = tmp_path / "sanbao"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("static", "__pycache__", "*.mo"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-location",
            "--settings",
            "sanbao.config.settings",
        ],
        cwd=copy,
        capture_output=True,
        check=True,
    )
    fresh = _msgids((copy / "locale/zh_Hans/LC_MESSAGES/django.po").read_text("utf-8"))
    missing = fresh - _msgids(PO_FILE.read_text("utf-8"))
    assert not missing, f"run makemessages and translate: {sorted(missing)}"
