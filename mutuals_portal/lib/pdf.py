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

Speed (issue #21, point 7): Python's cyclic garbage collector is paused while WeasyPrint lays out and
writes a document. A render allocates a few hundred thousand objects that live until it ends (boxes,
styles, text layouts); with the collector on, each young-generation pass walks them again and they
trigger full passes over the whole process (the Django app included). The full demo pack's median render
fell from 2.05 s to 1.65 s on a busy 2-core machine (bench/README.md, 4 December 2026).
The render's cyclic garbage is collected once, after it, so memory does not grow from one render to
the next.
"""

import gc
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

from django.conf import settings

PDF_VARIANT = "pdf/ua-1"
_MARKED = re.compile(rb"/[A-Za-z]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")


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
        document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(**options)
        content = _furniture_as_artifacts(document.write_pdf(**options))
        page_count = len(document.pages)
        del document
    return RenderedPdf(content=content, page_count=page_count)


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


def _reachable(root) -> set[tuple[int, int]]:
    """The object ids of the structure elements reachable from the structure tree root."""
    import pikepdf

    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
            continue
        if not isinstance(node, pikepdf.Dictionary) or node.objgen in seen:
            continue
        if node.objgen != (0, 0):
            seen.add(node.objgen)
        kids = node.get("/K")
        if kids is not None:
            stack.append(kids)
    return seen


def _artifact(orphans: set[int], match: re.Match[bytes]) -> bytes:
    return b"/Artifact BMC" if int(match.group(1)) in orphans else match.group(0)


def _furniture_as_artifacts(content: bytes) -> bytes:
    """Turn marked content that no structure element reaches (margin boxes) into /Artifact."""
    import pikepdf

    with pikepdf.open(io.BytesIO(content)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return content
        reachable = _reachable(root.get("/K"))
        nums = root.ParentTree.Nums
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        changed = False
        for page in pdf.pages:
            key = page.obj.get("/StructParents")
            mcids = parents.get(int(key)) if key is not None else None
            if not isinstance(mcids, pikepdf.Array):
                continue
            orphans = {
                mcid
                for mcid, element in enumerate(mcids)
                if isinstance(element, pikepdf.Dictionary) and element.objgen not in reachable
            }
            if not orphans:
                continue
            # WeasyPrint writes each opening as "/Tag <</MCID n>> BDC" and text as hex glyph ids, so a
            # pattern finds them; parsing the whole stream with pikepdf takes seconds a pack.
            stream = page.obj.Contents
            data = _MARKED.sub(partial(_artifact, orphans), stream.read_bytes())
            page.obj.Contents = pdf.make_stream(data)
            for mcid in orphans:
                mcids[mcid] = None
            changed = True
        if not changed:
            return content
        out = io.BytesIO()
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
        return out.getvalue()
