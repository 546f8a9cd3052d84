"""Synthèse: identity of the document, key figures (exports, imports, balance, shares), the
fiche's sentences and the lines beyond the fiche. A department's figures are formulas over its
data Tables; a synthesis's are numbers, its balance and shares formulas over them."""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from officefiches import formatting
from officefiches.model import EXPORT, IMPORT
from officefiches.writers import look
from officefiches.writers.look import PARTIAL, SOURCE
from officefiches.writers.xlsx.book import MILLION, Book, ratio, text_lines
from officefiches.writers.xlsx.tables import TABLE_FRANCE, TABLE_LINES, TABLE_REGION


def department(book: Book, sheet) -> None:
    row = synthese_start(book, sheet, _identity(book))
    tables = (TABLE_LINES, TABLE_REGION, TABLE_FRANCE)
    columns = [
        (name, book.sums[table].totals, lambda flux, t=table: book.sumifs(t, flux))
        for (_, name), table in zip(book.table_scopes, tables, strict=True)
    ]
    region = book.fiche.region.scope.name
    shares = [(f"dans la région {region}", 2, "pct1"), ("dans la France entière", 3, "pct2")]
    note = book.sheet_text("synthese.note_departement")
    row = key_figures(
        book, sheet, row + 1, columns, book.sheet_text("synthese.part_departement"), shares, note
    )
    texts = [book.subject_sentence(EXPORT), book.subject_sentence(IMPORT)]
    title = book.sheet_text("synthese.comme_la_fiche")
    row = sentences(book, sheet, row + 1, title, [*texts, balance_sentence(book)])
    sentences(book, sheet, row + 1, book.sheet_text("synthese.au_dela"), summary_lines(book))


def _identity(book: Book) -> list[tuple[str, str]]:
    fiche = book.fiche
    ti = fiche.territoires
    names = "; ".join(ti.names) if ti.names else "aucun Territoire d'industrie connu"
    if ti.footnote:
        names += " (les Territoires comptant moins de 5 communes dans le département sont omis)"
    return [
        ("Département", f"{book.dept} ({fiche.department.scope.code})"),
        ("Région", fiche.region.scope.name),
        ("Année", year_text(book)),
        ("Territoires d'industrie", names),
        *source_rows(book),
    ]


def synthesis(book: Book, sheet) -> None:
    synthesis, whole = book.synthesis, book.synthesis.whole
    if synthesis.parent is not None:
        members = ", ".join(
            f"{m.name} ({m.code})" for m in sorted(synthesis.members, key=lambda m: m.code)
        )
        identity = [("Région", book.name), ("Départements", members or "aucun")]
    else:
        identity = [
            ("Territoire", book.name),
            ("Régions", f"{len(synthesis.members)} (onglet « {book.sheet_name} »)"),
        ]
    identity += [("Année", year_text(book)), *source_rows(book)]
    row = synthese_start(book, sheet, identity)
    columns = [(book.name, whole.totals, None)]
    shares = []
    if synthesis.parent is not None:
        columns.append((synthesis.parent.scope.name, synthesis.parent.totals, None))
        shares = [("dans la France entière", 2, "pct2")]
    note = book.sheet_text("synthese.note_region" if shares else "synthese.note_france")
    share_title = book.sheet_text("synthese.part_region")
    row = key_figures(book, sheet, row + 1, columns, share_title, shares, note)
    texts = [book.subject_sentence(EXPORT), book.subject_sentence(IMPORT)]
    texts.append(balance_sentence(book))
    row = sentences(book, sheet, row + 1, book.sheet_text("synthese.chiffres"), texts)
    sentences(book, sheet, row + 1, book.sheet_text("synthese.au_dela"), summary_lines(book))


def synthese_start(book: Book, sheet, identity: list[tuple[str, str]]) -> int:
    """Columns, title, banner and the identity rows; returns the next free row."""
    sheet.set_column("A:A", 34)
    sheet.set_column("B:D", 24)
    sheet.set_column("E:F", 12)
    sheet.fit_to_pages(1, 1)
    sheet.freeze_panes(1, 0)
    title = book.sheet_text("synthese.titre")
    row = book.heading(sheet, title, width=4)
    for label, value in identity:
        sheet.write_string(row, 0, label, book.fmt["label"])
        sheet.merge_range(row, 1, row, 3, value, book.fmt["wrap"])
        sheet.set_row(row, 13.5 * text_lines(value, 80))  # merged cells do not auto-fit
        row += 1
    return row


def year_text(book: Book) -> str:
    doc = book.doc
    if not doc.data.partial_year:
        return str(doc.year)
    present = doc.data.partial_note or (
        "trimestres présents : " + (", ".join(f"T{q}" for q in doc.data.quarters) or "aucun")
    )
    return f"{doc.year} — {PARTIAL} ({present})"


def source_rows(book: Book) -> list[tuple[str, str]]:
    data = book.doc.data
    files = "; ".join(look.source_text(s) for s in data.sources)
    rows = [("Source", SOURCE), ("Fichiers de données", files or "non précisés")]
    if data.label_source:
        rows.append(("Libellés", data.label_source))
    return rows


def key_figures(book: Book, sheet, row: int, columns, share_title: str, shares, note: str) -> int:
    """Exports, imports and balance (M€) of each column, then the subject's shares.

    `columns`: (name, Totals, formula(flux) or None: a number is written); `shares`:
    (heading, key-figures column of the whole, style). Records `key_cells`.
    """
    fmt = book.fmt
    sheet.write_string(row, 0, book.sheet_text("synthese.chiffres_cles"), fmt["subtitle"])
    sheet.write_row(row + 1, 0, ["", *(name for name, _, _ in columns)], fmt["header"])
    sheet.set_row(row + 1, 28)
    first = row + 2
    for i, (flux, label) in enumerate(
        ((EXPORT, "Exportations (FAB)"), (IMPORT, "Importations (CAF)"))
    ):
        sheet.write_string(first + i, 0, label, fmt["label"])
        for col, (_, totals, formula) in enumerate(columns, start=1):
            value = totals.of(flux) / MILLION
            if formula is None:
                sheet.write_number(first + i, col, value, fmt["meur"])
            else:
                sheet.write_formula(
                    first + i, col, f"={formula(flux)}/{MILLION}", fmt["meur"], value
                )
            cell = xl_rowcol_to_cell(first + i, col, row_abs=True, col_abs=True)
            book.key_cells[(col, flux)] = cell
    sheet.write_string(first + 2, 0, "Solde commercial", fmt["label"])
    for col, (_, totals, _) in enumerate(columns, start=1):
        exp, imp = (xl_rowcol_to_cell(first + i, col) for i in (0, 1))
        sheet.write_formula(
            first + 2, col, f"={exp}-{imp}", fmt["signed"], totals.balance / MILLION
        )
    book.balance_colours(sheet, first + 2, 1, first + 2, len(columns))
    row = first + 4
    if shares:
        sheet.write_string(row, 0, share_title, fmt["subtitle"])
        sheet.write_row(row + 1, 0, ["", *(heading for heading, _, _ in shares)], fmt["header"])
        sheet.set_row(row + 1, 28)
        row += 2
        subject = columns[0][1]
        for i, (flux, label) in enumerate(((EXPORT, "Exportations"), (IMPORT, "Importations"))):
            sheet.write_string(row, 0, label, fmt["label"])
            part = xl_rowcol_to_cell(first + i, 1)
            for col, (_, whole_col, style) in enumerate(shares, start=1):
                whole = xl_rowcol_to_cell(first + i, whole_col)
                formula = f'=IF({whole}=0,"{formatting.NOT_AVAILABLE}",{part}/{whole})'
                totals = columns[whole_col - 1][1]
                cached = ratio(subject.of(flux), totals.of(flux))
                sheet.write_formula(row, col, formula, fmt[style], cached)
            row += 1
    sheet.write_string(row, 0, note, fmt["note"])
    return row + 1


def sentences(book: Book, sheet, row: int, title: str, texts: list[str]) -> int:
    """A subtitle and one merged, wrapped line per text; returns the next free row."""
    if not texts:
        return row
    sheet.write_string(row, 0, title, book.fmt["subtitle"])
    row += 1
    for text in texts:
        sheet.merge_range(row, 0, row, 3, text, book.fmt["wrap"])
        sheet.set_row(row, 13.5 * text_lines(text, 120))
        row += 1
    return row


def balance_sentence(book: Book) -> str:
    balance = book.subject.totals.balance
    word = "excedent" if balance > 0 else "deficit" if balance < 0 else "equilibre"
    return book.sheet_text(f"synthese.solde_{word}", solde=formatting.signed_meur(balance))


SHORT_NAME = {"region": "région", "france": "France"}  # a comparison scope in a Synthèse line


def summary_lines(book: Book) -> list[str]:
    """The Synthèse's lines beyond the fiche: exposure to the US, change since last year."""
    lines = []
    if book.exposures:
        subject, *others = book.exposures
        part = formatting.pct(subject.us_pct, 1)
        compared = ", ".join(
            f"{SHORT_NAME.get(e.scope.kind, e.scope.name)} {formatting.pct(e.us_pct, 1)}"
            for e in others
        )
        if compared:
            lines.append(book.sheet_text("synthese.us_compare", part=part, autres=compared))
        else:
            lines.append(book.sheet_text("synthese.us", part=part))
    evolution = book.doc.evolution
    if evolution is not None:
        exports, imports = (
            formatting.signed_pct(c.pct) for c in (evolution.exports, evolution.imports)
        )
        before = evolution.previous_year
        lines.append(
            book.sheet_text(
                "synthese.evolution", annee_precedente=before, exports=exports, imports=imports
            )
        )
    return lines
