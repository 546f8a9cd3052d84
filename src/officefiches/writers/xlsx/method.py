"""Méthode: templates/methode.md, its lines tagged for a department or a synthesis (and for the
Évolution and Exposition sheets when they exist), placeholders filled, then the run's warnings."""

from __future__ import annotations

from officefiches import __version__
from officefiches.writers import look, texts
from officefiches.writers.look import DEMO_NOTICE, PARTIAL
from officefiches.writers.xlsx.book import Book, Sheet
from officefiches.writers.xlsx.sizing import text_lines


def write(book: Book, sheet) -> None:
    """templates/methode.md: its lines tagged "[tag] " kept for the book's tag ("département" or
    "synthèse") and "évolution" / "exposition" when those sheets exist, {placeholders} filled
    (the book's own `methode_values()` beside the common ones)."""
    doc, fmt = book.doc, book.fmt
    sheet.set_column("A:A", 125)
    values = {
        "annee": doc.data.when,
        "l_annee": f"les {doc.data.period.months} ({doc.data.period.words})"
        if doc.data.period
        else f"l'année {doc.year}",
        "territoire": book.name,
        "mention_partielle": f" ({PARTIAL})" if doc.data.partial_year else "",
        "fichiers": "; ".join(f"{s.name} (du {s.modified})" for s in doc.data.sources)
        or "non précisés",
        "libelles": doc.data.label_source or "libellés intégrés",
        "trimestres": doc.data.period.quarters_text
        if doc.data.period
        else ", ".join(f"T{q}" for q in doc.data.quarters) or "aucun",
        "annee_precedente": doc.data.when_of(doc.evolution.previous_year) if doc.evolution else "",
        "premiere": str(doc.trends.first) if doc.trends else "",
        "derniere": str(doc.trends.last) if doc.trends else "",
        "version": __version__,
        "date": book.wb.doc_properties["created"].date().isoformat(),
    } | book.methode_values()
    tags = {book.METHODE_TAG}
    if doc.evolution is not None:
        tags.add("évolution")
    if book.exposures:
        tags.add("exposition")
    if doc.trends is not None:
        tags.add("tendances")
    row = 0
    if doc.data.is_demo:
        sheet.write_string(row, 0, DEMO_NOTICE, fmt["banner"])
        row += 2
    for line in texts.tagged_lines("methode.md", tags, values):
        if line.startswith("# "):
            sheet.write_string(row, 0, line[2:].strip(), fmt["title"])
            row += 1
        elif line.startswith("## "):
            sheet.write_string(row + 1, 0, line[3:].strip(), fmt["subtitle"])
            row += 2
        else:
            sheet.write_string(row, 0, line.strip(), fmt["wrap"])
            sheet.set_row(row, 13.5 * text_lines(line, 140))  # viewers rarely auto-fit
            row += 1
    files = [look.source_text(source) for source in doc.data.sources]
    row = _lines(book, sheet, row, "methode.fichiers", files)
    _lines(book, sheet, row, "methode.avertissements", list(doc.data.warnings))


def _lines(book: Book, sheet, row: int, heading: str, lines: list[str]) -> int:
    """A subtitle and one wrapped row per line (nothing when there is none)."""
    if not lines:
        return row
    sheet.write_string(row + 1, 0, book.sheet_text(heading), book.fmt["subtitle"])
    row += 2
    for line in lines:
        sheet.write_string(row, 0, line, book.fmt["wrap"])
        sheet.set_row(row, 13.5 * text_lines(line, 140))
        row += 1
    return row


# The sheets of this section (writers/sections.py), in tab order.
SHEETS = (Sheet("Méthode", write),)
