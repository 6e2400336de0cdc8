"""HTML to PDF with WeasyPrint: one place for the portal's printed documents."""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    page_count: int


def html_to_pdf(html: str) -> RenderedPdf:
    """Lay out `html` (title and lang come from its <title> and <html lang>) and write a PDF.

    Fonts are embedded (subset) by WeasyPrint; relative URLs resolve against the project folder.
    """
    from weasyprint import HTML

    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    return RenderedPdf(content=document.write_pdf(), page_count=len(document.pages))
