"""A region's (or France's) own workbook: its figures and a comparison of its members.

Sheets, in order: Synthèse, Départements (Régions for France: the members compared in the Excel
Table "Departements" / "Regions", with a chart), Balance par pays, Activités, Flux export,
Flux import (the whole's matrices, then France's for a region), Évolution and Exposition when
known, Méthode. The sheets the department's workbook shares are those of `Book`.

There is no data table here (the source lines are in each department's workbook): amounts are
numbers, and balances, shares and totals are formulas over them, with their cached values.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from xlsxwriter.utility import xl_rowcol_to_cell

from officefiches import formatting
from officefiches.model import EXPORT, IMPORT, Synthesis, Totals
from officefiches.writers.xlsx_indicators import (
    EVOLUTION_SHEET,
    EXPOSURE_SHEET,
    evolution_sheet,
    exposition_sheet,
    summary_lines,
)
from officefiches.writers.xlsx_sheets import (
    BLUE,
    FLOW_WORDS,
    MILLION,
    NO_TRADE,
    PURPLE,
    Book,
    close_workbook,
    label_width,
    new_workbook,
    rank_order_axes,
    ratio,
)

MEMBERS = {  # by whether the whole has a parent: sheet, Table, singular, plural, column
    True: ("Départements", "Departements", "département", "départements", "Département"),
    False: ("Régions", "Regions", "région", "régions", "Région"),
}


def write_synthesis_workbook(synthesis: Synthesis, path: Path, created: datetime) -> None:
    """Write the region's (or France's) workbook to `path`."""
    title = f"Commerce extérieur — {synthesis.whole.scope.name} ({synthesis.year}), synthèse"
    workbook = new_workbook(path, title, created)
    _SynthesisBook(workbook, synthesis).write()
    close_workbook(workbook, path)


class _SynthesisBook(Book):
    def __init__(self, workbook, synthesis: Synthesis):
        parent = (synthesis.parent,) if synthesis.parent is not None else ()
        exposures = (synthesis.exposure,) if synthesis.exposure is not None else None
        super().__init__(workbook, synthesis, (synthesis.whole, *parent), exposures)
        self.synthesis = synthesis
        self.sheet_name, self.table, self.one, self.many, self.column = MEMBERS[bool(parent)]

    def write(self) -> None:
        synthesis = self.synthesis
        synthese = self.sheet("Synthèse")
        members = self.sheet(self.sheet_name)
        balance, activites = self.sheet("Balance par pays"), self.sheet("Activités")
        flows = {flux: self.sheet(f"Flux {FLOW_WORDS[flux][1]}") for flux in (EXPORT, IMPORT)}
        evolution = self.sheet(EVOLUTION_SHEET) if synthesis.evolution else None
        exposition = self.sheet(EXPOSURE_SHEET) if self.exposures else None
        methode = self.sheet("Méthode")
        self.synthese(synthese)
        self.members(members)
        self.balance(balance)
        self.activites(activites)
        for flux, sheet in flows.items():
            self.flows(sheet, flux)
        if evolution is not None:
            evolution_sheet(self, evolution, synthesis.evolution)
        if exposition is not None:
            exposition_sheet(self, exposition, self.exposures)
        values = {"membres": self.many, "onglet_membres": self.sheet_name}
        self.methode(methode, values, {"synthèse"})
        synthese.activate()

    # -- Synthèse ----------------------------------------------------------------------------

    def synthese(self, sheet) -> None:
        synthesis, whole = self.synthesis, self.synthesis.whole
        if synthesis.parent is not None:
            members = ", ".join(f"{m.name} ({m.code})" for m in _by_code(synthesis.members))
            identity = [("Région", self.name), ("Départements", members or "aucun")]
        else:
            identity = [
                ("Territoire", self.name),
                ("Régions", f"{len(synthesis.members)} (onglet « {self.sheet_name} »)"),
            ]
        identity += [("Année", self.year_text()), *self.source_rows()]
        row = self.synthese_start(sheet, identity)
        columns = [(self.name, whole.totals, None)]
        shares = []
        if synthesis.parent is not None:
            columns.append((synthesis.parent.scope.name, synthesis.parent.totals, None))
            shares = [("dans la France entière", 2, "pct2")]
        note = "Montants calculés par officefiches sur les fichiers des douanes ; " + (
            "soldes et parts : formules sur ces cellules." if shares else "solde : formule."
        )
        share_title = f"Part de la région ({self.name})"
        row = self.key_figures(sheet, row + 1, columns, share_title, shares, note)
        texts = [self.subject_sentence(EXPORT), self.subject_sentence(IMPORT)]
        texts.append(self.balance_sentence())
        row = self.sentences(sheet, row + 1, "Chiffres de la synthèse", texts)
        self.sentences(sheet, row + 1, "Au-delà de la fiche", summary_lines(self))

    def subject_sentence(self, flux: str) -> str:
        """ "Total des exportations : X millions d'euros, soit Y % de la valeur … nationale"."""
        noun, _, participle = FLOW_WORDS[flux]
        value = self.subject.totals.of(flux)
        if value == 0:
            return f"Total des {noun} : {NO_TRADE}."
        text = f"Total des {noun} : {formatting.meur(value)} millions d'euros"
        if self.synthesis.parent is None:
            return text + "."
        share = formatting.pct(self.synthesis.parent_share(flux), 2)
        return text + f", soit {share} de la valeur {participle} au niveau national."

    # -- Départements / Régions ----------------------------------------------------------------

    def members(self, sheet) -> None:
        fmt, synthesis = self.fmt, self.synthesis
        whole = "France" if synthesis.parent is None else f"la région {self.name}"
        title = f"Les {self.many} de {whole} ({self.year})"
        note = (
            f"En millions d'euros ; parts en % du total de {whole}. Solde = exportations − "
            "importations (« + » excédent, « − » déficit). Premier partenaire : le pays des plus "
            "grands échanges (exportations + importations)."
        )
        row = self.heading(sheet, title, note, width=9)
        members = synthesis.members
        names = [m.name for m in members] + [f"Total {self.name}"]
        partners = [m.top_partner.label for m in members if m.top_partner is not None]
        widths = (7, label_width(names, 16, 40), 14, 14, 13, 13, 13, label_width(partners, 18), 18)
        for col, width in enumerate(widths):
            sheet.set_column(col, col, width)
        if not members:
            sheet.write_string(row, 0, NO_TRADE, fmt["text"])
            return
        heads = [
            "Code",
            self.column,
            "Exportations (M€)",
            "Importations (M€)",
            "Solde (M€)",
            "Part des exportations",
            "Part des importations",
            "Premier partenaire",
            "Échanges avec le premier partenaire (M€)",
        ]
        first, last = row + 1, row + len(members)
        sheet.add_table(
            row,
            0,
            last,
            len(heads) - 1,
            {
                "name": self.table,
                "style": "Table Style Light 9",
                "columns": [{"header": h, "header_format": fmt["header"]} for h in heads],
            },
        )
        sheet.set_row(row, 45)
        total_row = last + 1
        rest = self._unassigned()
        if rest is not None:
            total_row += 1
        totals = {col: xl_rowcol_to_cell(total_row, col, row_abs=True) for col in (2, 3)}
        whole_totals = synthesis.whole.totals
        for i, member in enumerate(members):
            r = first + i
            self._member_row(sheet, r, member.code, member.name, member.totals, totals)
            partner = member.top_partner
            if partner is None:
                sheet.write_string(r, 7, NO_TRADE, fmt["cell"])
                sheet.write_blank(r, 8, None, fmt["meur"])
            else:
                sheet.write_string(r, 7, partner.label, fmt["cell"])
                sheet.write_number(r, 8, (partner.exports + partner.imports) / MILLION, fmt["meur"])
        if rest is not None:
            label = f"Non rattaché à {'une' if self.one == 'région' else 'un'} {self.one}"
            self._member_row(sheet, last + 1, "", label, rest, totals)
        sheet.write_string(total_row, 1, f"Total {self.name}", fmt["total_label"])
        sheet.write_blank(total_row, 0, None, fmt["total_label"])
        for col, euros in ((2, whole_totals.exports), (3, whole_totals.imports)):
            self.sum_cell(sheet, (total_row, col), (first, col), (total_row - 1, col), euros)
        exp, imp = (xl_rowcol_to_cell(total_row, c) for c in (2, 3))
        balance = whole_totals.balance / MILLION
        sheet.write_formula(total_row, 4, f"={exp}-{imp}", fmt["signed"], balance)
        self.balance_colours(sheet, first, 4, total_row, 4)
        sheet.freeze_panes(first, 2)
        self._members_chart(sheet, first, last, total_row + 2)

    def _member_row(self, sheet, r: int, code: str, name: str, totals: Totals, whole) -> None:
        """Code, name, exports, imports, balance (formula), shares of the whole (formulas)."""
        fmt = self.fmt
        sheet.write_string(r, 0, code, fmt["code"])
        sheet.write_string(r, 1, name, fmt["cell"])
        sheet.write_number(r, 2, totals.exports / MILLION, fmt["meur"])
        sheet.write_number(r, 3, totals.imports / MILLION, fmt["meur"])
        exp, imp = (xl_rowcol_to_cell(r, c) for c in (2, 3))
        sheet.write_formula(r, 4, f"={exp}-{imp}", fmt["signed"], totals.balance / MILLION)
        for col, value_col, flux in ((5, 2, EXPORT), (6, 3, IMPORT)):
            part, total = xl_rowcol_to_cell(r, value_col), whole[value_col]
            formula = f'=IF({total}=0,"{formatting.NOT_AVAILABLE}",{part}/{total})'
            cached = ratio(totals.of(flux), self.subject.totals.of(flux))
            sheet.write_formula(r, col, formula, fmt["pct1"], cached)

    def _unassigned(self) -> Totals | None:
        """What the whole holds beyond its members (lines of no known department), if any."""
        whole, members = self.synthesis.whole.totals, self.synthesis.members
        rest = Totals(
            whole.exports - sum(m.totals.exports for m in members),
            whole.imports - sum(m.totals.imports for m in members),
        )
        return rest if (rest.exports, rest.imports) != (0, 0) else None

    def _members_chart(self, sheet, first: int, last: int, at: int) -> None:
        chart = self.chart("bar", f"Exportations et importations par {self.one}, {self.name}")
        series = ((2, "Exportations", PURPLE), (3, "Importations", BLUE))
        self.add_series(chart, sheet, (first, last), 1, series, 50, "#,##0.0")
        rank_order_axes(chart, {"num_format": "#,##0"})
        count = last - first + 1
        chart.set_size({"width": 760, "height": 100 + (40 if count <= 8 else 28) * count})
        if count > 8:  # the chart on its own page
            sheet.set_h_pagebreaks([at])
        description = (
            f"Barres groupées : exportations (violet) et importations (bleu) de chacun des "
            f"{count} {self.many} {self.of_subject}, en millions d'euros, du plus grand total "
            "des échanges au plus petit."
        )
        sheet.insert_chart(at, 0, chart, {"description": description})


def _by_code(members):
    return sorted(members, key=lambda m: m.code)
