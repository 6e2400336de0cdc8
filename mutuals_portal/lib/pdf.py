"""HTML to PDF with WeasyPrint: one place for the portal's printed documents.

Every PDF is tagged PDF/UA-1 (public-sector documents must be accessible: the Public Sector Bodies
Accessibility Regulations 2018, WCAG 2.2 AA). WeasyPrint writes the structure tree from the HTML
(headings, paragraphs, lists, tables with their headers, figures with the alt text of an <img> or the
<title> of an inline <svg>), /Lang from <html lang>, /MarkInfo, the title from <title> (in the
document information and in XMP as dc:title) and bookmarks from the headings.

One thing WeasyPrint leaves undone in PDF 1.7: the text of page margin boxes (running headers,
footers, page numbers) is marked as content but belongs to no structure element. `_furniture_as_artifacts`
marks it as /Artifact, as PDF/UA asks for page furniture, so assistive technology skips it.
Backgrounds and borders (the draft watermark is a page background) are artefacts already.
It runs as WeasyPrint's documented `finisher` of `write_pdf`, on the PDF's objects before they are
written, so the file is written once (it used to be parsed again and rewritten with pikepdf).

Speed (issue #21, point 7): Python's cyclic garbage collector is paused while WeasyPrint lays out and
writes a document. A render allocates a few hundred thousand objects that live until it ends (boxes,
styles, text layouts); with the collector on, each young-generation pass walks them again and they
trigger full passes over the whole process (the Django app included). The full demo pack's median render
fell from 2.05 s to 1.65 s on a busy 2-core machine (bench/README.md, 4 December 2026).
The render's cyclic garbage is collected once, after it, so memory does not grow from one render to
the next.
"""

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings

PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    page_count: int


def html_to_pdf(html: str) -> RenderedPdf:
    """Lay out `html` (title and lang come from its <title> and <html lang>) and write a tagged PDF.

    Fonts are embedded (subset) by WeasyPrint; relative URLs resolve against the project folder.
    """
    from weasyprint import HTML

    options = {"pdf_variant": PDF_VARIANT, "pdf_tags": True}
    with _collector_paused():
        document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(font_config=_font_config(), **options)
        content = document.write_pdf(finisher=_furniture_as_artifacts, **options)
        page_count = len(document.pages)
        del document
    return RenderedPdf(content=content, page_count=page_count)


_fonts = threading.local()


def _font_config():
    """This thread's WeasyPrint font configuration, made once and kept for its next documents.

    Left to itself, WeasyPrint makes a new one for every document: it loads Fontconfig's configuration
    and a new Pango font map, whose fonts, glyph metrics and text shaping are then all looked up again.
    Kept, they are found in its caches: the full demo pack's render does about 3.6 % fewer instructions
    (Valgrind cachegrind, issue #17) and the PDF is byte for byte the same. The portal's documents use
    the system fonts only (no @font-face, which would add fonts to it). Pango font maps are not to be
    shared between threads, hence one per thread; a Celery worker process renders one pack at a time.
    """
    config = getattr(_fonts, "config", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _fonts.config = FontConfiguration()
    return config


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block, then collect what the block left (the young
    generation: everything allocated while paused). Reference counting frees memory as usual meanwhile.
    Nested or concurrent use is safe: only the call that paused the collector turns it back on."""
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()
            gc.collect(0)


def _furniture_as_artifacts(document, pdf) -> None:
    """Turn marked content that no structure element reaches (margin boxes) into /Artifact.

    A `write_pdf` finisher: `pdf` is the pydyf document about to be written. Indirect objects are
    referred to as b"<number> 0 R" and `pdf.objects[number]` is the object; a page's content stream
    is the list of its operators, where WeasyPrint opens marked content as "/Tag", <</MCID n>>, b"BDC".
    """
    catalog_root = pdf.catalog.get("StructTreeRoot")
    if catalog_root is None:
        return
    objects = pdf.objects
    root = objects[_number(catalog_root)]
    reachable = _reachable(objects, root["K"])
    nums = objects[_number(root["ParentTree"])]["Nums"]
    parents = {nums[i]: nums[i + 1] for i in range(0, len(nums), 2)}
    for page_number in pdf.pages["Kids"][::3]:
        page = objects[page_number]
        mcids = parents.get(page.get("StructParents"))
        if not isinstance(mcids, list):
            continue
        orphans = {mcid for mcid, element in enumerate(mcids) if _number(element) not in reachable}
        if not orphans:
            continue
        stream = objects[_number(page["Contents"])]
        stream.stream = _as_artifacts(stream.stream, orphans)
        for mcid in orphans:
            mcids[mcid] = "null"
    # The elements WeasyPrint made for the margin boxes, outside the tree, are left empty.
    for number, element in enumerate(objects):
        if isinstance(element, dict) and element.get("Type") == "/StructElem" and number not in reachable:
            element.clear()


def _number(reference) -> int:
    return int(reference.split()[0])


def _reachable(objects: list, kids) -> set[int]:
    """The object numbers of the structure elements reachable from `kids` (the root's /K)."""
    seen: set[int] = set()
    stack = list(kids)
    while stack:
        kid = stack.pop()
        if not isinstance(kid, bytes):
            continue  # a marked-content id
        number = _number(kid)
        if number in seen:
            continue
        seen.add(number)
        element = objects[number]
        if isinstance(element, dict) and isinstance(element.get("K"), list):
            stack.extend(element["K"])
    return seen


def _as_artifacts(operators: list, orphans: set[int]) -> list:
    """The content stream's operators with the marked content of `orphans` opened as /Artifact."""
    result: list = []
    skip = 0
    for index, operator in enumerate(operators):
        if skip:
            skip -= 1
            continue
        if (
            isinstance(operator, dict)
            and operator.get("MCID") in orphans
            and index + 1 < len(operators)
            and operators[index + 1] == b"BDC"
            and result
            and isinstance(result[-1], str)
        ):
            result[-1] = b"/Artifact BMC"  # in place of the "/Tag" before the property list
            skip = 1  # and the BDC after it
            continue
        result.append(operator)
    return result
