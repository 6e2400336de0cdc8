"""The business plan's narrative as a Word document (DOCX), for people who must paste it into their
council's own template: plain headings, paragraphs and tables, no styling of our own to strip out."""

import io

from docx import Document
from docx.shared import Pt

from .models import Journey


def _table(document, headings: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.text = heading
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value


def _paragraphs(document, text: str) -> None:
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line.strip())


def narrative_docx(journey: Journey, sections: list[dict], *, on) -> bytes:
    """`sections` as journeys.narrative_read.narrative_for gives them."""
    document = Document()
    document.core_properties.title = f"Business plan narrative: {journey.group.name}"
    document.core_properties.author = journey.group.name
    document.core_properties.language = "en-GB"
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(f"{journey.group.name}: business plan narrative", level=0)
    document.add_paragraph(f"{journey.group.service_name}. Exported from the Mutuals Portal on {on:%-d %B %Y}.")
    for section in sections:
        document.add_heading(section["title"], level=1)
        if not section["started"]:
            document.add_paragraph("Not written yet.")
            continue
        options = section["options"]
        if options:
            _table(
                document,
                ["Option", *options["criteria"], f"Total (out of {options['out_of']})"],
                [
                    [row["name"] + (" (preferred)" if row["preferred"] else ""), *row["scores"], str(row["total"])]
                    for row in options["rows"]
                ],
            )
        if section["stakeholders"]:
            _table(
                document,
                ["Stakeholder", "Position", "What they have said"],
                [[s["who"], s["position"], s["notes"] or "Not recorded"] for s in section["stakeholders"]],
            )
        if section["milestones"]:
            _table(document, ["Date", "Milestone"], [[m["date"], m["name"]] for m in section["milestones"]])
        for part in section["parts"]:
            if not part["text"]:
                continue
            document.add_heading(part["label"], level=2)
            if section["key"] == "ask" and part["name"] == "recommendations":
                for line in part["paragraphs"]:
                    document.add_paragraph(line, style="List Number")
            else:
                _paragraphs(document, part["text"])
        for note in section["notes"]:
            document.add_paragraph(f"From the notes of the task “{note['task']}”:").runs[0].italic = True
            quote = document.add_paragraph(style="Quote")
            quote.add_run(note["notes"])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
