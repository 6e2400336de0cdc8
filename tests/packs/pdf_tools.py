"""Read a PDF the way a person would: its text per page (pdftotext), its pages as PNG (pdftoppm), its metadata."""

import re
import subprocess
from pathlib import Path

from django.conf import settings

ARTIFACTS = Path(settings.BASE_DIR) / "test-results" / "packs"


def page_texts(pdf: bytes, *, layout: bool = True) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed).

    With layout, lines keep their columns (good for the contents page); without, the text of a
    table cell stays together (good for wrapped titles).
    """
    options = ["-layout"] if layout else ["-raw"]
    out = subprocess.run(["pdftotext", *options, "-", "-"], input=pdf, capture_output=True, check=True).stdout
    pages = out.decode().split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def info(pdf: bytes) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in out.splitlines())}


def fonts(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True).stdout.decode()
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def catalog_language(pdf: bytes) -> str | None:
    """The /Lang of the document catalog."""
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        lang = document.Root.get("/Lang")
        return None if lang is None else str(lang)


def save_first_pages(pdf: bytes, name: str, pages: int = 4) -> list[Path]:
    """PNGs of the first pages under test-results/packs/ for a person to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    source = ARTIFACTS / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", str(pages), str(source), str(ARTIFACTS / name)], check=True
    )
    return sorted(ARTIFACTS.glob(f"{name}-*.png"))


def contents_entries(pages: list[str]) -> dict[str, int]:
    """Section title -> page number, as printed on the contents page."""
    contents = next(p for p in pages if "Contents" in p)
    entries = {}
    for line in contents.splitlines():
        found = re.match(r"^\s*(\S.*?\S)\s{2,}(\d+)\s*$", line)
        if found:
            entries[found.group(1)] = int(found.group(2))
    return entries


def flat_text(pdf: bytes) -> str:
    """All the text in reading order, whitespace collapsed."""
    return " ".join("\n".join(page_texts(pdf, layout=False)).split())
