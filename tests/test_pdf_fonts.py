"""The PDF writer keeps one WeasyPrint font configuration per thread (mutuals_portal.lib.pdf)."""

import threading

from mutuals_portal.lib import pdf

HTML = (
    '<!doctype html><html lang="en"><head><title>Fonts kept</title></head>'
    "<body><h1>Fonts kept</h1><p>Some words in <b>bold</b> and <i>italic</i>.</p></body></html>"
)


def test_a_thread_keeps_its_font_configuration_and_the_pdf_is_the_same():
    first = pdf.html_to_pdf(HTML)
    config = pdf._font_config()
    second = pdf.html_to_pdf(HTML)

    assert pdf._font_config() is config
    assert second.content == first.content
    assert second.page_count == first.page_count == 1


def test_each_thread_has_its_own_font_configuration():
    mine = pdf._font_config()
    theirs = []
    rendered = []

    def render():
        rendered.append(pdf.html_to_pdf(HTML))
        theirs.append(pdf._font_config())

    thread = threading.Thread(target=render)
    thread.start()
    thread.join()

    assert theirs and theirs[0] is not mine
    assert rendered[0].content == pdf.html_to_pdf(HTML).content
