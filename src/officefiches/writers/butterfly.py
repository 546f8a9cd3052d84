"""The balance slide's butterfly chart: a native, editable PowerPoint bar chart (imports drawn
to the left as negative values whose minus sign the number format hides, exports to the right),
and beside it the balance of each country, in green with "+" or in red with "−"."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime

from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.chart import XL_TICK_LABEL_POSITION as TICKS
from pptx.oxml import parse_xml
from pptx.util import Pt, lazyproperty
from xlsxwriter import Workbook

from officefiches.model import Partner
from officefiches.writers import palette, textfit
from officefiches.writers.drawing import FONT, Box, inches, para
from officefiches.writers.fr import signed_meur

UNSIGNED = "#,##0.0;#,##0.0;"  # negatives shown without their minus sign, zeros hidden
_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
LABEL_SIZE = 11
VALUE_SIZE = 10
BALANCE_WIDTH = inches(1.45)
LEGEND_HEIGHT = inches(0.4)
MAX_LABEL = inches(2.3)


def add(canvas, box: Box, partners: tuple[Partner, ...], descr: str, created: datetime) -> None:
    """The chart in `box`, its balance column at the right."""
    chart_box, balance_box = box.split_x(box.w - BALANCE_WIDTH, inches(0.1))
    labels = [textfit.shorten(p.label, LABEL_SIZE, MAX_LABEL) for p in partners]
    frame = canvas.slide.shapes.add_chart(
        XL_CHART_TYPE.BAR_CLUSTERED,
        chart_box.x,
        chart_box.y,
        chart_box.w,
        chart_box.h,
        chart_data(partners, labels, created),
    )
    frame.name = "Balance commerciale par pays"
    frame._element.nvGraphicFramePr.cNvPr.set("descr", descr)
    label_width = max(textfit.width(label, LABEL_SIZE) for label in labels) + inches(0.2)
    inner = _inner_layout(chart_box, min(label_width, MAX_LABEL + inches(0.2)))
    style(frame.chart, partners)
    _manual_layout(frame.chart, chart_box, inner)
    balances(canvas, balance_box, partners, inner)


class _Workbook(CategoryWorkbookWriter):
    """The chart's embedded workbook, dated like the deck (python-pptx lets XlsxWriter stamp
    the current time in it, so the same inputs would give different decks)."""

    def __init__(self, chart_data, created: datetime):
        super().__init__(chart_data)
        self._created = created

    @contextmanager
    def _open_worksheet(self, xlsx_file):
        workbook = Workbook(xlsx_file, {"in_memory": True})
        workbook.set_properties({"created": self._created, "author": "officefiches"})
        yield workbook, workbook.add_worksheet()
        workbook.close()


class _ChartData(CategoryChartData):
    def __init__(self, created: datetime, **options):
        super().__init__(**options)
        self._created = created

    @lazyproperty
    def _workbook_writer(self):
        return _Workbook(self, self._created)


def chart_data(partners, labels, created: datetime) -> CategoryChartData:
    data = _ChartData(created, number_format=UNSIGNED)
    data.categories = labels
    data.add_series("Exportations", [_millions(p.exports) for p in partners])
    data.add_series("Importations", [-_millions(p.imports) for p in partners])
    return data


def _millions(euros: int) -> float:
    return round(euros / 1_000_000, 1)


def _inner_layout(box: Box, label_width: int) -> Box:
    """The plot area (bars only) inside the chart frame, in slide EMU."""
    left = box.x + label_width
    top = box.y + LEGEND_HEIGHT
    return Box(left, top, box.right - inches(0.1) - left, box.bottom - inches(0.1) - top)


def style(chart, partners) -> None:
    chart.font.name = FONT
    chart.font.size = Pt(VALUE_SIZE)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.TOP
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(LABEL_SIZE)
    plot = chart.plots[0]
    plot.overlap = 100
    plot.gap_width = 45
    for series, color in zip(plot.series, (palette.EXPORTS, palette.IMPORTS), strict=True):
        series.invert_if_negative = False
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = RGBColor.from_string(color)
    _value_labels(plot)
    _axes(chart, partners)
    _french(chart)


def _value_labels(plot) -> None:
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = UNSIGNED
    labels.number_format_is_linked = False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    labels.show_value = True
    labels.font.size = Pt(VALUE_SIZE)
    labels.font.color.rgb = RGBColor.from_string(palette.TEXT)


def _axes(chart, partners) -> None:
    categories = chart.category_axis
    categories.reverse_order = True  # the largest partner at the top
    categories.tick_label_position = TICKS.LOW  # names at the left, not on the zero line
    categories.tick_labels.font.size = Pt(LABEL_SIZE)
    categories.has_major_gridlines = False
    categories.format.line.color.rgb = RGBColor.from_string("8C96A0")
    values = chart.value_axis
    largest = max(max(p.imports, p.exports) for p in partners) / 1_000_000
    limit = _nice(largest * 1.3) if largest > 0 else 1.0
    values.minimum_scale, values.maximum_scale = -limit, limit  # zero in the middle
    values.tick_labels.number_format = "#,##0;#,##0"
    values.tick_labels.number_format_is_linked = False
    values.has_major_gridlines = False
    values.visible = False  # the bars carry their values


def _french(chart) -> None:
    """Mark the chart as French, so viewers use the decimal comma in its numbers."""
    space = chart._chartSpace
    lang = parse_xml(f'<c:lang xmlns:c="{_C}" val="fr-FR"/>')
    date1904 = space.find("{*}date1904")
    (date1904.addnext if date1904 is not None else lambda e: space.insert(0, e))(lang)


def _nice(value: float) -> float:
    """A round axis limit at or above `value`."""
    magnitude = 10 ** (len(str(int(value))) - 1) if value >= 1 else 0.1
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def _manual_layout(chart, frame: Box, inner: Box) -> None:
    """Fix the plot area so the balance column lines up with the bars."""
    space = chart._chartSpace
    x = (inner.x - frame.x) / frame.w
    y = (inner.y - frame.y) / frame.h
    w = inner.w / frame.w
    h = inner.h / frame.h
    layout = parse_xml(
        '<c:layout xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        '<c:manualLayout><c:layoutTarget val="inner"/><c:xMode val="edge"/><c:yMode val="edge"/>'
        f'<c:x val="{x:.4f}"/><c:y val="{y:.4f}"/><c:w val="{w:.4f}"/><c:h val="{h:.4f}"/>'
        "</c:manualLayout></c:layout>"
    )
    plot_area = space.chart.plotArea
    for old in plot_area.findall("{*}layout"):
        plot_area.remove(old)
    plot_area.insert(0, layout)


def balances(canvas, box: Box, partners, inner: Box) -> None:
    """One signed balance per row, aligned with the bars, under a "Solde" header."""
    row = inner.h / len(partners)
    header = Box(box.x, inner.y - inches(0.42), box.w, inches(0.4))
    canvas.text(
        header, [para("Solde (M€)", LABEL_SIZE, "ctr", bold=True, color=palette.MUTED)], anchor="b"
    )
    height = min(int(row), textfit.line_height(12, 1) + inches(0.04))
    for index, partner in enumerate(partners):
        center = inner.y + row * (index + 0.5)
        cell = Box(box.x, int(center - height / 2), box.w, height)
        text = signed_meur(partner.balance)
        color = palette.balance(text)
        canvas.text(
            cell,
            [para(text, 12, "ctr", bold=True, color=color)],
            name=f"Solde {partner.label}",
            anchor="ctr",
        )
