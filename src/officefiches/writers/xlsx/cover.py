"""Synthèse: identity of the document, key figures (exports, imports, balance, shares), the
fiche's sentences and the lines beyond the fiche. Every figure is a formula over the data Tables
(the department's, its region's and France's; or the whole's and France's), every sentence
holding a figure a formula over those cells."""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from officefiches import formatting
from officefiches.compute.indicators import UNITED_STATES
from officefiches.formatting import NOT_AVAILABLE
from officefiches.model import EXPORT, IMPORT, share_pct
from officefiches.writers.look import PARTIAL, SOURCE
from officefiches.writers.xlsx import formulas
from officefiches.writers.xlsx.book import Book, Sheet
from officefiches.writers.xlsx.bookmeta import COUNTRY
from officefiches.writers.xlsx.formulas import MILLION, ratio
from officefiches.writers.xlsx.sizing import text_lines
from officefiches.writers.xlsx.tables import TABLE_PREVIOUS

SENTENCE_CHARS = 150  # characters a line of a merged sentence (columns A:D)


def department(book: Book, sheet) -> None:
    row = synthese_start(book, sheet)
    columns = [(name, book.sums[table].totals, table) for table, name in book.table_scopes]
    region = book.fiche.region.scope.name
    shares = [(f"dans la région {region}", 2, "pct1"), ("dans la France entière", 3, "pct2")]
    note = book.sheet_text("synthese.note_departement")
    row = key_figures(
        book, sheet, row + 1, columns, book.sheet_text("synthese.part_departement"), shares, note
    )
    title = book.sheet_text("synthese.comme_la_fiche")
    row = sentences(book, sheet, row + 1, title, fiche_sentences(book, shares))
    row = sentences(book, sheet, row + 1, book.sheet_text("synthese.au_dela"), summary_lines(book))
    identity_rows(book, sheet, row + 1, _identity(book))


def _identity(book: Book) -> list[tuple[str, str]]:
    fiche = book.fiche
    ti = fiche.territoires
    names = "; ".join(ti.names) if ti.names else "aucun Territoire d'industrie connu"
    if ti.footnote:
        names += " (les Territoires comptant moins de 5 communes dans le département sont omis)"
    return [
        ("Département", f"{book.dept} ({fiche.department.scope.code})"),
        ("Région", fiche.region.scope.name),
        year_row(book),
        ("Territoires d'industrie", names),
        *source_rows(book),
    ]


def synthesis(book: Book, sheet) -> None:
    synthesis = book.synthesis
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
    identity += [year_row(book), *source_rows(book)]
    row = synthese_start(book, sheet)
    columns = [(scope.scope.name, book.sums[book.table_of(scope)].totals, book.table_of(scope))
               for scope in book.scopes]  # fmt: skip
    shares = [("dans la France entière", 2, "pct2")] if synthesis.parent is not None else []
    note = book.sheet_text("synthese.note_synthese")
    share_title = book.sheet_text("synthese.part_region")
    row = key_figures(book, sheet, row + 1, columns, share_title, shares, note)
    row = sentences(
        book, sheet, row + 1, book.sheet_text("synthese.chiffres"), fiche_sentences(book, shares)
    )
    row = sentences(book, sheet, row + 1, book.sheet_text("synthese.au_dela"), summary_lines(book))
    identity_rows(book, sheet, row + 1, identity)


def synthese_start(book: Book, sheet) -> int:
    """Columns, title and banner: the key figures come right under them (the sheet opens on
    them); returns the next free row."""
    book.set_widths(sheet, (34, 28, 28, 28))
    sheet.fit_to_pages(1, 1)
    sheet.freeze_panes(1, 0)
    return book.heading(sheet, book.sheet_text("synthese.titre"), width=4) - 1


def identity_rows(book: Book, sheet, row: int, identity: list[tuple[str, str]]) -> int:
    """What the document is about and where its figures come from, below the figures; returns
    the next free row."""
    sheet.write_string(row, 0, book.sheet_text("synthese.document"), book.fmt["subtitle"])
    row += 1
    for label, value in identity:
        sheet.write_string(row, 0, label, book.fmt["label"])
        sheet.merge_range(row, 1, row, 3, value, book.fmt["wrap"])
        sheet.set_row(row, 13.5 * text_lines(value, 95))  # merged cells do not auto-fit
        row += 1
    return row


def year_row(book: Book) -> tuple[str, str]:
    """(« Année », « 2024 ») or, over four quarters across two years, (« Période », « 12 mois à
    fin septembre 2024 : octobre 2023 – septembre 2024 (T4 2023, T1–T3 2024) »)."""
    period = book.doc.data.period
    if period is None:
        return "Année", year_text(book)
    return "Période", f"{period.months} : {period.words} ({period.quarters_text})"


def year_text(book: Book) -> str:
    doc = book.doc
    if not doc.data.partial_year:
        return str(doc.year)
    present = doc.data.partial_note or (
        "trimestres présents : " + (", ".join(f"T{q}" for q in doc.data.quarters) or "aucun")
    )
    return f"{doc.year} — {PARTIAL} ({present})"


def source_rows(book: Book) -> list[tuple[str, str]]:
    """The source, and the data files in one line: each file's name, date, size and SHA-256
    are in Méthode (ten years of files are twenty rows)."""
    data = book.doc.data
    count = len(data.sources)
    files = book.sheet_text(
        "synthese.fichiers", nombre=f"{formatting.integer(count)} fichier{'s' if count > 1 else ''}"
    )
    rows = [("Source", SOURCE), ("Fichiers de données", files)]
    if data.label_source:
        rows.append(("Libellés", data.label_source))
    return rows


def key_figures(book: Book, sheet, row: int, columns, share_title: str, shares, note: str) -> int:
    """Exports, imports and balance (M€) of each column, then the subject's shares.

    `columns`: (name, Totals, the Table summed); `shares`: (heading, key-figures column of the
    whole, style). Records `key_cells` (the figures) and `share_cells` (the shares)."""
    fmt = book.fmt
    sheet.write_string(row, 0, book.sheet_text("synthese.chiffres_cles"), fmt["subtitle"])
    sheet.write_row(row + 1, 0, ["", *(name for name, _, _ in columns)], fmt["header"])
    sheet.set_row(row + 1, 28)
    first = row + 2
    for i, (flux, label) in enumerate(
        ((EXPORT, "Exportations (FAB)"), (IMPORT, "Importations (CAF)"))
    ):
        sheet.write_string(first + i, 0, label, fmt["label"])
        for col, (_, totals, table) in enumerate(columns, start=1):
            value = totals.of(flux) / MILLION
            formula = f"={book.sumifs(table, flux)}/{MILLION}"
            sheet.write_formula(first + i, col, formula, fmt["meur"], value)
            book.key_cells[(col, flux)] = qualified(sheet, first + i, col)
    sheet.write_string(first + 2, 0, "Solde commercial", fmt["label"])
    for col, (_, totals, _) in enumerate(columns, start=1):
        exp, imp = (xl_rowcol_to_cell(first + i, col) for i in (0, 1))
        sheet.write_formula(
            first + 2, col, f"={exp}-{imp}", fmt["signed"], totals.balance / MILLION
        )
        book.key_cells[(col, "solde")] = qualified(sheet, first + 2, col)
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
                book.share_cells[(whole_col, flux)] = qualified(sheet, row, col)
            row += 1
    sheet.write_string(row, 0, note, fmt["note"])
    return row + 1


def qualified(sheet, row: int, col: int) -> str:
    """An absolute reference to a cell of `sheet` usable from any sheet: 'Synthèse'!$B$12."""
    return f"'{sheet.get_name()}'!{xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)}"


def sentences(book: Book, sheet, row: int, title: str, lines: list[tuple[str, str]]) -> int:
    """A subtitle and one merged, wrapped line per (formula or text, cached text); returns the
    next free row."""
    if not lines:
        return row
    sheet.write_string(row, 0, title, book.fmt["subtitle"])
    row += 1
    for formula, cached in lines:
        sheet.merge_range(row, 0, row, 3, "", book.fmt["wrap"])
        if formula.startswith("="):
            sheet.write_formula(row, 0, formula, book.fmt["wrap"], cached)
        else:
            sheet.write_string(row, 0, formula, book.fmt["wrap"])
        sheet.set_row(row, 13.5 * text_lines(cached, SENTENCE_CHARS))
        row += 1
    return row


def _share_text(cell: str, decimals: int) -> str:
    """A share cell (a fraction, or "n.d.") as text: "12,3 %"."""
    return f'IF(ISNUMBER({cell}),{formulas.percent(cell, decimals)},"{NOT_AVAILABLE}")'


def fiche_sentences(book: Book, shares) -> list[tuple[str, str]]:
    """The totals as the fiche writes them, and the balance, as formulas over the key
    figures."""
    lines = []
    subject = book.subject.totals
    for flux in (EXPORT, IMPORT):
        total_cell = book.key_cells[(1, flux)]
        figures = {"total": (formulas.millions(total_cell), formatting.meur(subject.of(flux)))}
        for heading_col, name, decimals in _share_names(book, shares):
            cell = book.share_cells[(heading_col, flux)]
            whole = book.scopes[heading_col - 1].totals.of(flux)
            figures[name] = (
                _share_text(cell, decimals),
                formatting.pct(share_pct(subject.of(flux), whole, decimals), decimals),
            )
        prefix, values = total_key(book)
        formula, cached = book.sentence(f"synthese.total_{prefix}{flux.key}", figures, **values)
        empty = book.sheet_text(f"synthese.aucun_{flux.key}")
        book.total_lines[flux] = (
            f"=IF({total_cell}=0,{formulas.quote(empty)},{formula[1:]})",
            empty if subject.of(flux) == 0 else cached,
        )
        lines.append(book.total_lines[flux])
    lines.append(balance_sentence(book))
    return lines


def _share_names(book: Book, shares) -> list[tuple[int, str, int]]:
    """(key-figures column of the whole, placeholder, decimals) of each share."""
    found = []
    for _, whole_col, style in shares:
        kind = book.scopes[whole_col - 1].scope.kind
        found.append((whole_col, f"part_{kind}", 2 if style == "pct2" else 1))
    return found


def total_key(book: Book) -> tuple[str, dict[str, str]]:
    """Which template of the subject's total sentence ("synthese.total_{prefix}export"), and
    its text placeholders."""
    kind = book.subject.scope.kind
    if kind == "department":
        return "departement_", {"region": book.scopes[1].scope.name}
    return ("region_" if kind == "region" else ""), {}


def balance_sentence(book: Book) -> tuple[str, str]:
    """ "Solde commercial : +12,3 millions d'euros (excédent)." as a formula."""
    cell = book.key_cells[(1, "solde")]
    balance = book.subject.totals.balance
    parts = {}
    for word in ("excedent", "deficit", "equilibre"):
        figures = {"solde": (formulas.signed_millions(cell), formatting.signed_meur(balance))}
        parts[word] = book.sentence(f"synthese.solde_{word}", figures)
    formula = (
        f"=IF(ROUND({cell},1)>0,{parts['excedent'][0][1:]},"
        f"IF(ROUND({cell},1)<0,{parts['deficit'][0][1:]},{parts['equilibre'][0][1:]}))"
    )
    word = "excedent" if balance > 0 else "deficit" if balance < 0 else "equilibre"
    return formula, parts[word][1]


SHORT_NAME = {"region": "région", "france": "France"}  # a comparison scope in a Synthèse line


def _us_share(book: Book, table: str, pct) -> tuple[str, str]:
    """The share of a Table's exports going to the United States, as text."""
    total = book.sumifs(table, EXPORT)
    us = book.sumifs(table, EXPORT, (COUNTRY, formulas.quote(UNITED_STATES)))
    formula = f'IF({total}=0,"{NOT_AVAILABLE}",{formulas.percent(f"{us}/{total}", 1)})'
    return formula, formatting.pct(pct, 1)


def summary_lines(book: Book) -> list[tuple[str, str]]:
    """The Synthèse's lines beyond the fiche: exposure to the US, change since last year."""
    lines = []
    if book.exposures:
        subject, *others = book.exposures
        figures = {"part": _us_share(book, book.subject_table, subject.us_pct)}
        if others:
            texts = [
                _us_share(book, book.table_of(scope), e.us_pct)
                for scope, e in zip(book.scopes[1:], others, strict=False)
            ]
            names = [SHORT_NAME.get(e.scope.kind, e.scope.name) for e in others]
            formula = "&" + formulas.quote(", ") + "&"
            figures["autres"] = (
                formula.join(
                    f"{formulas.quote(n + ' ')}&({t[0]})" for n, t in zip(names, texts, strict=True)
                ),
                ", ".join(f"{n} {t[1]}" for n, t in zip(names, texts, strict=True)),
            )
            lines.append(book.sentence("synthese.us_compare", figures))
        else:
            lines.append(book.sentence("synthese.us", figures))
    evolution = book.doc.evolution
    if evolution is not None:
        figures = {}
        for flux, name in ((EXPORT, "exports"), (IMPORT, "imports")):
            change = evolution.totals(flux)
            cached = formatting.signed_pct(change.pct)
            if TABLE_PREVIOUS in book.sums:
                now = book.sumifs(book.subject_table, flux)
                before = book.sumifs(TABLE_PREVIOUS, flux)
                formula = (
                    f'IF({before}=0,"{NOT_AVAILABLE}",'
                    f"{formulas.signed_percent(f'({now}-{before})/{before}')})"
                )
            else:
                formula = formulas.quote(cached)
            figures[name] = (formula, cached)
        lines.append(
            book.sentence(
                "synthese.evolution",
                figures,
                annee_precedente=book.doc.data.when_of(evolution.previous_year),
            )
        )
    return lines


# The sheets of this section (writers/sections.py), in tab order.
DEPARTMENT = (Sheet("Synthèse", department),)
SYNTHESIS = (Sheet("Synthèse", synthesis),)
