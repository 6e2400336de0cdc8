"""CSV downloads: one rule for every export, so that no cell can run as a spreadsheet formula.

Spreadsheet programs run a cell that starts with = + - or @ (and, for some, a tab, a carriage
return, a line feed or a NUL) as a formula; such a cell gets a leading apostrophe, which
spreadsheets read as "this is text" (OWASP ASVS 5.0, requirement 1.2.10).
"""

import csv

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_response(*, filename: str, header: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return response
