"""Read a change history page (templates/includes/history_table.html) as a screen reader would."""

from html.parser import HTMLParser

VOID = {"br", "hr", "img", "input", "meta", "link", "wbr"}


class _Rows(HTMLParser):
    """The text of each body row of the page's tables, skipping aria-hidden content."""

    def __init__(self):
        super().__init__()
        self.rows: list[str] = []
        self._row: list[str] | None = None
        self._in_body = False
        self._hidden_depth = 0  # > 0 inside an aria-hidden element

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        if self._hidden_depth:
            self._hidden_depth += 1
        elif ("aria-hidden", "true") in attrs:
            self._hidden_depth = 1
        if tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self._row = []

    def handle_startendtag(self, tag, attrs):
        pass  # <br> and the like: no text, and they must not count as open elements

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self._hidden_depth:
            self._hidden_depth -= 1
        if tag == "tbody":
            self._in_body = False
        elif tag == "tr" and self._row is not None:
            self.rows.append(" ".join(" ".join(self._row).split()))
            self._row = None

    def handle_data(self, data):
        if self._row is not None and not self._hidden_depth:
            self._row.append(data)


def history_rows(response) -> list[str]:
    """The rows of the change history table as text, newest first."""
    assert response.status_code == 200, response.status_code
    parser = _Rows()
    parser.feed(response.content.decode())
    return parser.rows
