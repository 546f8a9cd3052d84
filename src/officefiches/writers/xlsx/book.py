"""What every workbook shares (XlsxWriter): its creation, sheet scaffolding and the ordered list
of its sheets. How its cells and charts look is styles.py, the sizes of its texts sizing.py.

A workbook is a `Book` (the department's or a synthesis's, see department.py / synthesis.py)
and an ordered list of `Sheet`s, each declared by its section's module (`SHEETS`) in the order of
writers/sections.py. Sheets are created in the list's order (the tab order); then the data
sheets are written (their sums are the cached values of every formula over them), then the
others in tab order: a sheet may use what an earlier one recorded in the book (Comparaison
refers to the key-figure cells of Synthèse).

Every figure is a formula over the workbook's data Tables (`Book.value_cell`, `Book.sumifs`:
SUMIFS in M€, with its cached value), every product or country name a formula showing the
team's short label when « Libellés » has one (`Book.label_cell`), every sentence holding a
figure a formula over cells (`Book.sentence_cell`): a changed, zeroed or deleted line of a
Table changes every figure, chart and sentence of the workbook.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from officefiches import __version__
from officefiches.errors import OutputError
from officefiches.model import FOLDED_CODES, ScopeFigures, TeamWork
from officefiches.writers import look, texts
from officefiches.writers.look import DEMO_NOTICE, NO_TRADE, SOURCE
from officefiches.writers.xlsx import bookmeta, formulas
from officefiches.writers.xlsx._xlsxwriter import BulkSheet, FastWorkbook, FormulaSheet
from officefiches.writers.xlsx.formulas import MILLION
from officefiches.writers.xlsx.sizing import french_spaces, header_height, text_lines
from officefiches.writers.xlsx.styles import data_labels, font, formats
from officefiches.writers.xlsx.tables import FLUX_LABEL, Sums

# The data Table holding each kind of scope's lines, in every workbook.
TABLE_OF_KIND = {
    "department": bookmeta.TABLE_LINES,
    "region": bookmeta.TABLE_REGION,
    "france": bookmeta.TABLE_FRANCE,
}

SUBJECT_OF = {  # how a sentence names the subject and the year: "du département (Cher, 2024)"
    "department": "du département ({name}, {year})",
    "region": "de la région ({name}, {year})",
    "france": "de la France entière ({year})",
}


def workbook_options() -> dict:
    """XlsxWriter's options for every workbook we write: strings stay text (a label "=cmd|…" or
    "http://…" is never a formula nor a link), in memory, Arial. A new dict each time: XlsxWriter
    changes the one it is given (the default format's properties)."""
    return {
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
        "in_memory": True,
        "default_format_properties": {"font_name": "Arial", "font_size": 10},
    }


def always(book) -> bool:
    return True


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook's ordered list."""

    name: str | Callable[[Book], str]  # or the book's own name for it ("Départements")
    write: Callable[[Book, object], None]
    when: Callable[[Book], bool] = always  # the sheet exists only when this holds
    data: bool = False  # a bulk data table (written first: the formulas' cached values)
    last: bool = False  # written after the others (« Libellés » lists the names they show)


def write_sheets(book: Book, sheets: tuple[Sheet, ...]) -> None:
    """Create the sheets in the list's order, write them (data first, then the others, those
    marked `last` at the end), open on the first."""
    shown = []
    for spec in sheets:
        if not spec.when(book):
            continue
        name = spec.name(book) if callable(spec.name) else spec.name
        shown.append((spec, book.data_sheet(name) if spec.data else book.sheet(name)))
    order = sorted(shown, key=lambda s: (not s[0].data, s[0].last))  # stable: tab order within
    for spec, sheet in order:
        spec.write(book, sheet)
    shown[0][1].activate()


def write_workbook(book_class, doc, tables, path: Path, created: datetime, team=None) -> None:
    """Write `doc`'s workbook to `path`: `book_class` (DepartmentBook, SynthesisBook) says its
    title, kind and code (`identity`), its sheets (`SHEETS`) and how they are written."""
    title, kind, code = book_class.identity(doc)
    workbook = new_workbook(title, created, kind, code, doc.year)
    write_sheets(book_class(workbook, doc, tables, team), book_class.SHEETS)
    close_workbook(workbook, path)


def new_workbook(title: str, created: datetime, kind: str, code: str, year: int) -> FastWorkbook:
    """An empty workbook, zipped in memory (`close_workbook` writes it): strings stay strings,
    fixed creation date (same inputs, same bytes), and officefiches' marker in its custom
    properties (`officefiches deck` reads only workbooks that carry it): the layout's version,
    the document's kind, code and year."""
    workbook = FastWorkbook(io.BytesIO(), workbook_options())
    workbook.set_properties(
        {
            "title": title,
            "subject": "Les indicateurs clés : commerce extérieur",
            "author": "officefiches",
            "company": "",
            "comments": f"Source : {SOURCE}. Produit par officefiches {__version__}.",
            "created": created,
        }
    )
    workbook.set_custom_property(bookmeta.GENERATOR, __version__, "text")
    workbook.set_custom_property(bookmeta.FORMAT, bookmeta.FORMAT_VERSION, "number_int")
    workbook.set_custom_property(bookmeta.DOCUMENT, kind, "text")
    workbook.set_custom_property(bookmeta.CODE, code, "text")
    workbook.set_custom_property(bookmeta.YEAR, year, "number_int")
    return workbook


def close_workbook(workbook: FastWorkbook, path: Path) -> None:
    """Zip the workbook in memory, then write it to `path` in one go. XlsxWriter leaves its
    ZIP file open when a write to disk fails (a full disk), and Python then prints a traceback
    as it closes it: in memory nothing can fail that way, and our own write's error is
    reported as any other (atomic.py: « Disque plein : … »)."""
    try:
        workbook.close()
    except xlsxwriter.exceptions.XlsxWriterException as error:
        raise OutputError(f"Impossible d'écrire le classeur {path.name} : {error}") from error
    with open(path, "wb") as handle:
        handle.write(workbook.filename.getbuffer())


class Book:
    """A workbook being written for one subject: its formats and its sheet scaffolding.

    `doc` is the Fiche or the Synthesis (year, data, evolution); `scopes` the subject and the
    scopes it is compared with (flow matrices), each with its data Table (`table_of`);
    `exposures` the Exposure of each of them that is known; `team` the short labels and
    messages carried from the previous workbook (`model.TeamWork`). Subclasses say what the hidden
    sheet holds (`parameters`) and what the Méthode sheet adds (`METHODE_TAG`,
    `methode_values`).
    """

    METHODE_TAG = ""  # the lines of templates/methode.md kept: "[département]", "[synthèse]"
    KIND = ""  # the document's kind in bookmeta: "departement", "region", "france"

    def __init__(self, workbook, doc, scopes: tuple[ScopeFigures, ...], exposures=None, team=None):
        self.wb = workbook
        self.doc = doc
        self.subject = scopes[0]
        self.scopes = scopes
        self.exposures = exposures
        self.team = team if team is not None else TeamWork()
        self.fmt = formats(workbook)
        self.name = self.subject.scope.name
        self.year = doc.year
        self.when = doc.data.when  # what the figures cover, in words: « 2024 », a period's months
        # Synthèse's cells, as 'Synthèse'!$B$12: (key-figures column, flux or "solde") -> the
        # total; (column of the whole, flux) -> the subject's share of it; flux -> the total's
        # sentence (formula, cached text)
        self.key_cells: dict[tuple[int, str], str] = {}
        self.share_cells: dict[tuple[int, str], str] = {}
        self.total_lines: dict[str, tuple[str, str]] = {}
        self.sums: dict[str, Sums] = {}  # each data Table's sums, recorded by its sheet
        self.code_lists: dict[tuple, list[str]] = {}  # parameters.code_list's, made once
        self.shown: dict[tuple[str, str], str] = {}  # (kind, code) -> official label shown
        self._label_cells: dict[tuple[str, str, str], tuple] = {}  # label_cell's, made once
        self._widths: dict[str, dict[int, float]] = {}  # sheet -> column -> width set

    @property
    def subject_table(self) -> str:
        return self.table_of(self.subject)

    def table_of(self, scope: ScopeFigures) -> str:
        """The data Table holding a scope's lines."""
        return TABLE_OF_KIND[scope.scope.kind]

    @property
    def of_subject(self) -> str:
        """The subject and the year in a sentence: "du département (Cher, 2024)"."""
        return SUBJECT_OF[self.subject.scope.kind].format(name=self.name, year=self.when)

    def sheet_text(self, key: str, **values) -> str:
        """A text of templates/classeur.toml ("section.key"), with the placeholders every
        sheet has: {territoire}, {annee}, {sujet} ("du département (Cher, 2024)") and
        {aucun_echange}."""
        common = {
            "territoire": self.name,
            "annee": self.when,
            "sujet": self.of_subject,
            "aucun_echange": NO_TRADE,
        }
        return french_spaces(texts.sheet_text(key, common | {k: str(v) for k, v in values.items()}))

    def parameters(self) -> list[tuple[str, str]]:
        """The hidden sheet's rows (bookmeta.parameters)."""
        raise NotImplementedError

    def methode_values(self) -> dict[str, str]:
        return {}

    # -- sheet scaffolding -------------------------------------------------------------------

    def sheet(self, name: str):
        sheet = self.wb.add_worksheet(name, worksheet_class=FormulaSheet)
        self.print_setup(sheet)
        sheet.hide_gridlines(2)
        return sheet

    def data_sheet(self, name: str):
        """A sheet holding one large Table, its body written in bulk."""
        sheet = self.wb.add_worksheet(name, worksheet_class=BulkSheet)
        self.print_setup(sheet)
        return sheet

    def print_setup(self, sheet) -> None:
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
        sheet.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.7)
        sheet.set_header(f"&L&8{escape_hf(self.name)} — commerce extérieur {self.when}&R&8&A")
        sheet.set_footer(f"&L&8Source : {SOURCE}, {self.when}&R&8Page &P / &N")

    def set_widths(self, sheet, widths, first: int = 0) -> None:
        """Column widths (characters) from column `first`, remembered (`widths`)."""
        known = self._widths.setdefault(sheet.get_name(), {})
        for col, width in enumerate(widths, start=first):
            sheet.set_column(col, col, width)
            known[col] = width

    def widths(self, sheet) -> list[float]:
        """The widths set so far, from column A (Excel's default 8.43 where none was set)."""
        known = self._widths.get(sheet.get_name(), {})
        return [known.get(col, 8.43) for col in range(max(known, default=-1) + 1)]

    def team_table(self, sheet, header: int, last: int, name: str, columns) -> None:
        """A Table a team fills in (« Libellés », « Messages »): its header at row `header`,
        its rows down to `last`."""
        heads = [{"header": h, "header_format": self.fmt["header"]} for h in columns]
        options = {"name": name, "style": "Table Style Light 9", "columns": heads}
        sheet.add_table(header, 0, last, len(columns) - 1, options)
        sheet.set_row(header, 18)

    def typed_cells(self, sheet, rows: tuple[int, int], col: int, key: str, limit: int) -> None:
        """A column a team types into (`rows`: first and last): its length bounded by what the
        slides hold, the bound said when a cell is selected, a warning beyond it (the text is
        kept: `deck` shortens it where it shows); `key`: the sheet's texts."""
        sheet.data_validation(
            rows[0], col, rows[1], col,
            {
                "validate": "length", "criteria": "<=", "value": limit,
                "input_title": self.sheet_text(f"{key}.saisie_titre"),
                "input_message": self.sheet_text(f"{key}.saisie", longueur=limit),
                "error_type": "warning",
                "error_title": self.sheet_text(f"{key}.saisie_titre"),
                "error_message": self.sheet_text(f"{key}.trop_long", longueur=limit),
            },
        )  # fmt: skip

    def fixed_cells(self, sheet, rows: tuple[int, int], cols: tuple[int, int], key: str) -> None:
        """Columns officefiches writes and reads back (codes, slide titles): typing there is
        refused, as Excel's data validation does it, without a password (a team may still
        sort, filter and restructure its file)."""
        text = self.sheet_text(f"{key}.fixe")
        title = self.sheet_text(f"{key}.fixe_titre")
        sheet.data_validation(
            rows[0], cols[0], rows[1], cols[1],
            {
                "validate": "custom", "value": "=FALSE",
                "input_title": title, "input_message": text,
                "error_type": "stop", "error_title": title, "error_message": text,
            },
        )  # fmt: skip

    def header_row(self, sheet, row: int, heads: list[str]) -> None:
        """A table's header row, high enough for its longest header wrapped in its column."""
        sheet.write_row(row, 0, heads, self.fmt["header"])
        sheet.set_row(row, header_height(heads, self.widths(sheet)))

    def heading(self, sheet, title: str, note: str = "", width: int = 6, chars: int = 0) -> int:
        """Title (row 1), demo banner, note; returns the first free row. The note is merged
        over the `width` first columns and wrapped (about `chars` characters a line, the
        columns' width by default) so that it prints whole."""
        sheet.write_string(0, 0, title, self.fmt["title"])
        row = 1
        if self.doc.data.is_demo:
            sheet.merge_range(row, 0, row, width - 1, DEMO_NOTICE, self.fmt["banner"])
            row += 1
        if note:
            per_line = chars or int(sum(self.widths(sheet)[:width]) * 1.1) or 120
            sheet.merge_range(row, 0, row, width - 1, note, self.fmt["wrap_note"])
            sheet.set_row(row, 12.5 * text_lines(note, per_line))
            row += 1
        return row + 1

    def chart(self, kind: str, title: str):
        chart = self.wb.add_chart({"type": kind})
        chart.set_title({"name": title, "name_font": font(11, bold=True, color=look.ACCENT)})
        chart.set_chartarea({"border": {"none": True}})
        chart.set_legend({"position": "bottom", "font": font(9)})
        return chart

    def add_series(self, chart, sheet, rows, label_col, series, gap, labels=None, **extra):
        """One series per (values column, name, look colour) over `rows` (first, last),
        categories read in `label_col`; `labels`: number format of data labels (none when
        None)."""
        name = sheet.get_name()
        first, last = rows
        for col, title, colour in series:
            options = {
                "name": title,
                "categories": [name, first, label_col, last, label_col],
                "values": [name, first, col, last, col],
                "fill": {"color": look.xl(colour)},
                "border": {"none": True},
                "gap": gap,
                **extra,
            }
            if labels is not None:
                options["data_labels"] = data_labels(labels)
            chart.add_series(options)

    def balance_colours(self, sheet, first_row, first_col, last_row, last_col) -> None:
        """Green when positive, red when negative (the number format adds the sign)."""
        for criteria, key in ((">", "positive"), ("<", "negative")):
            sheet.conditional_format(
                first_row,
                first_col,
                last_row,
                last_col,
                {"type": "cell", "criteria": criteria, "value": 0, "format": self.fmt[key]},
            )

    def sumifs(self, table: str, flux: str, *criteria: tuple[str, str]) -> str:
        """SUMIFS over a Table's values for one flow (and `criteria`: column, cell or literal)."""
        return formulas.sumifs(table, FLUX_LABEL[flux], *criteria)

    def value_cell(
        self, sheet, row, col, euros, fluxes, criterion=None, style="meur", table=None, extra=None
    ) -> None:
        """A value in M€: the SUMIFS of `fluxes` over `table` (the subject's by default),
        restricted by `criterion` and `extra` (column, code cell or literal), with its cached
        value."""
        table = table or self.subject_table
        criteria = [c for c in (criterion, extra) if c]
        terms = [self.sumifs(table, f, *criteria) for f in fluxes]
        sums = terms[0] if len(terms) == 1 else f"({'+'.join(terms)})"
        sheet.write_formula(row, col, f"={sums}/{MILLION}", self.fmt[style], euros / MILLION)

    # -- names: the team's short labels ------------------------------------------------------

    def shown_label(self, kind: str, code: str, label: str) -> str:
        """What a name cell shows when written: the team's short label carried from the
        previous workbook, else our display name (look.display_name); the official `label` is
        recorded for « Libellés »."""
        if code not in FOLDED_CODES:
            self.shown.setdefault((kind, code), label)
        return look.display_name(kind, code, label, self.team.short_labels)

    def label_cell(self, sheet, row, col, kind: str, code: str, label: str, style="cell") -> None:
        """A product's or country's name (`label`: the official one): a formula giving its
        « Libellé court » when the team filled one, else our display name; charts reading the
        cell show the same name."""
        known = self._label_cells.get((kind, code, label))
        if known is None:  # a name is written in several sheets: its formula made once
            shown = self.shown_label(kind, code, label)
            formula = None  # "Autres": not a code of « Libellés »
            if code not in FOLDED_CODES:
                fallback = look.default_name(kind, code, label)
                formula = "=" + formulas.label(code, fallback)
            known = self._label_cells[(kind, code, label)] = (formula, shown)
        formula, shown = known
        if formula is None:
            sheet.write_string(row, col, label, self.fmt[style])
        else:
            sheet.write_formula(row, col, formula, self.fmt[style], shown)

    # -- sentences holding figures -------------------------------------------------------------

    def sentence(self, key: str, figures: dict[str, tuple[str, str]], **values) -> tuple[str, str]:
        """A text of templates/classeur.toml whose placeholders in `figures` are cells:
        (formula, cached text). `figures`: placeholder -> (formula expression giving text,
        the text it gives now)."""
        common = {
            "territoire": self.name,
            "annee": self.when,
            "sujet": self.of_subject,
            "aucun_echange": NO_TRADE,
        }
        raw = texts.table(texts.WORKBOOK)[key]
        values = common | {k: str(v) for k, v in values.items()}
        filled = french_spaces(texts.fill(raw, values, texts.WORKBOOK))
        cached = texts.fill(filled, {k: v[1] for k, v in figures.items()}, texts.WORKBOOK)
        formula = formulas.sentence(filled, {k: v[0] for k, v in figures.items()})
        return "=" + formula, cached

    def sum_cell(self, sheet, at: tuple[int, int], first, last, euros: int) -> None:
        """A bold SUM total in M€ with its cached value."""
        span = f"{xl_rowcol_to_cell(*first)}:{xl_rowcol_to_cell(*last)}"
        sheet.write_formula(*at, f"=SUM({span})", self.fmt["total"], euros / MILLION)


def escape_hf(text: str) -> str:
    """Header/footer text: "&" is a control character there."""
    return text.replace("&", "&&")
