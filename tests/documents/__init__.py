"""Reading PDFs back with poppler-utils: text, embedded fonts, pages, word positions."""

import re
import subprocess
import tempfile
from pathlib import Path


def _poppler(tool: str, pdf: bytes, *options: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        return subprocess.run(  # noqa: S603
            [tool, *options, str(path), *(["-"] if tool == "pdftotext" else [])],
            capture_output=True,
            text=True,
            check=True,
        ).stdout


def pdf_text(pdf: bytes) -> str:
    """The text of every page, words joined by single spaces (lines re-flowed)."""
    return " ".join(_poppler("pdftotext", pdf, "-enc", "UTF-8").split())


def pdf_fonts(pdf: bytes) -> list[tuple[str, bool]]:
    """(name without the subset tag and hyphens, embedded?) of every font."""
    fonts = []
    for line in _poppler("pdffonts", pdf).splitlines()[2:]:
        name, *_middle, emb, _sub, _uni, _object, _generation = line.split()
        fonts.append((re.sub(r"^[A-Z]{6}\+", "", name).replace("-", ""), emb == "yes"))
    return fonts


def pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of every page."""
    sizes = re.findall(
        r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts",
        _poppler("pdfinfo", pdf, "-f", "1", "-l", "999"),
        re.MULTILINE,
    )
    return [(float(width), float(height)) for width, height in sizes]


def pdf_words(pdf: bytes) -> list[tuple[str, float, float, float, float]]:
    """(word, x_min, y_min, x_max, y_max) of every word, in points from the top left."""
    boxes = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        _poppler("pdftotext", pdf, "-bbox", "-enc", "UTF-8"),
    )
    return [(word, float(x0), float(y0), float(x1), float(y1)) for x0, y0, x1, y1, word in boxes]


def pdf_images(pdf: bytes) -> int:
    """How many raster images the document embeds."""
    rows = _poppler("pdfimages", pdf, "-list").splitlines()[2:]
    return sum(1 for row in rows if row.split()[2] == "image")  # not the alpha masks
