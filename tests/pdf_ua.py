"""Read a PDF's tagging with pikepdf, as assistive technology would: the checks every portal PDF passes.

PDF/UA-1 (ISO 14289-1) asks for a structure tree, /MarkInfo /Marked true, a document language, a
title shown in the window (dc:title in XMP, /DisplayDocTitle), alternative text on every figure and
page furniture (running headers, footers, page numbers) marked as artefacts, outside the tree.
"""

import io
import re

import pikepdf

PDFUA_NS = "http://www.aiim.org/pdfua/ns/id/"


def structure(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every structure element reachable from the structure tree root, in reading (tree) order."""
    elements: list[pikepdf.Dictionary] = []
    seen: set[tuple[int, int]] = set()

    def walk(node):
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)
        elif isinstance(node, pikepdf.Dictionary) and node.get("/Type") != "/OBJR" and node.objgen not in seen:
            seen.add(node.objgen)
            if "/S" in node:
                elements.append(node)
            if "/K" in node:
                walk(node.K)

    walk(pdf.Root.StructTreeRoot.K)
    return elements


def tag(element) -> str:
    return str(element.S)[1:]


def ancestors(element):
    node = element.get("/P")
    while isinstance(node, pikepdf.Dictionary) and "/S" in node:
        yield node
        node = node.get("/P")


def outline_titles(pdf: pikepdf.Pdf) -> list[str]:
    with pdf.open_outline() as outline:
        titles = []
        stack = list(outline.root)
        while stack:
            item = stack.pop(0)
            titles.append(item.title)
            stack[:0] = list(item.children)
        return titles


def check_tagged(content: bytes, *, title: str, lang: str = "en-GB") -> pikepdf.Pdf:
    """Assert the PDF/UA-1 basics (`title` may be a beginning, ending in "…") and return the opened PDF."""
    pdf = pikepdf.open(io.BytesIO(content))
    root = pdf.Root
    assert "/StructTreeRoot" in root, "no structure tree"
    assert str(root.Lang) == lang
    assert bool(root.MarkInfo.Marked) is True
    assert bool(root.ViewerPreferences.DisplayDocTitle) is True
    meta = pdf.open_metadata()
    shown = meta.get("dc:title") or ""
    assert shown.startswith(title[:-1]) if title.endswith("…") else shown == title, shown
    assert meta.get(f"{{{PDFUA_NS}}}part") == "1", "not declared PDF/UA-1"
    assert str(pdf.docinfo.get("/Title")) == shown

    elements = structure(pdf)
    assert elements, "empty structure tree"
    reachable = {e.objgen for e in elements}
    for figure in (e for e in elements if tag(e) == "Figure"):
        assert str(figure.get("/Alt", "")).strip(), "a figure without alternative text"

    # Every marked-content id on a page belongs to an element of the tree; whatever is not in the
    # tree (the running header, footer and page number) is an artefact.
    nums = root.StructTreeRoot.ParentTree.Nums
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for page in pdf.pages:
        data = page.obj.Contents.read_bytes()
        mcids = [int(m) for m in re.findall(rb"<<\s*/MCID\s+(\d+)\s*>>\s*BDC", data)]
        owners = parents[int(page.obj.StructParents)]
        for mcid in mcids:
            assert owners[mcid].objgen in reachable, f"marked content {mcid} outside the structure tree"
    return pdf


def page_furniture_is_artifact(pdf: pikepdf.Pdf, page_number: int) -> bool:
    return b"/Artifact BMC" in pdf.pages[page_number - 1].obj.Contents.read_bytes()
