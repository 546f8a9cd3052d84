"""Native, editable PowerPoint bar charts: data embedded in a workbook dated like the deck,
French language, fixed plot area, and a column of texts lined up with the bars (the balance of
each partner, the change of each one). And line charts, one point per category (a year), where
a missing value is a gap in the line, never joined.

Used by the balance slide's butterfly chart, the change slide, the synthesis comparison and the
trends slide (lines).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.chart import XL_TICK_LABEL_POSITION as TICKS
from pptx.util import Pt

from officefiches.formatting import typographie
from officefiches.writers import look
from officefiches.writers.pptx import _pptx, textfit
from officefiches.writers.pptx._pptx import ChartData, parse_xml
from officefiches.writers.pptx.drawing import THEME_FONT, Box, inches, para

_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
LABEL_SIZE = 11
VALUE_SIZE = 10
LEGEND_HEIGHT = inches(0.4)
MILLIONS = "#,##0.0"
AXIS_IDS = 50_000_000  # the charts' axis ids count from here (XlsxWriter's are alike)


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]  # millions of euros (None: no bar)
    color: str


@dataclass(frozen=True)
class BarChart:
    """What a horizontal bar chart shows: one row per category, largest first at the top."""

    name: str  # the shape's name
    descr: str  # alt text
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    number_format: str = MILLIONS
    overlap: int = 0  # 100: series drawn on one line (butterfly); 0: side by side
    gap_width: int = 60
    value_labels: bool = True
    symmetric: bool = False  # zero in the middle (butterfly)


def millions(euros: int) -> float:
    return round(euros / 1_000_000, 1)


def millions_of(values: Iterable[int]) -> tuple[float, ...]:
    return tuple(millions(v) for v in values)


def label_width(labels: Sequence[str], max_width: int) -> int:
    """Room for the category names at the left of the bars (a name on two lines: its longer
    line)."""
    widest = max(
        (textfit.width(line, LABEL_SIZE) for label in labels for line in label.split("\n")),
        default=0,
    )
    return min(widest, max_width) + inches(0.2)


def category(name: str, max_width: int, canvas=None) -> str:
    """A category name as the chart stores it: whole on one line, else whole on two (a line
    break in the name: the chart's data keep the full name), else, the last resort, cut with
    an ellipsis (the slide's notes then give it whole)."""
    shown = typographie(name)
    lines = textfit.fit_lines(shown, LABEL_SIZE, max_width, 2)
    if lines is not None:
        return "\n".join(lines)
    if canvas is not None:
        canvas.shortened(name)
    return textfit.shorten(shown, LABEL_SIZE, max_width)


def add_bar_chart(canvas, box: Box, spec: BarChart, created: datetime, labels_w: int) -> Box:
    """The chart in `box`; returns its plot area (the bars only), in slide EMU."""
    data = ChartData(created, number_format=spec.number_format)
    data.categories = spec.categories
    for series in spec.series:
        data.add_series(typographie(series.name), series.values)
    frame = canvas.slide.shapes.add_chart(
        XL_CHART_TYPE.BAR_CLUSTERED, box.x, box.y, box.w, box.h, data
    )
    frame.name = spec.name
    _pptx.set_descr(frame, spec.descr)
    inner = inner_layout(box, labels_w)
    _style(frame.chart, spec, value_size(spec, inner.h))
    _manual_layout(frame.chart, box, inner)
    _positive_axis_ids(frame.chart)
    return inner


@dataclass(frozen=True)
class RowText:
    """A text beside one row of bars (a balance, a change), with the shape's name."""

    text: str
    color: str
    name: str


@dataclass(frozen=True)
class Column:
    """Texts lined up with the bars, at the chart's right: a header and one text per row."""

    width: int
    header: str
    rows: tuple[RowText, ...]


def add_with_column(
    canvas, box: Box, spec: BarChart, created: datetime, max_label: int, column: Column
) -> None:
    """The chart in `box`, with a column of texts (a balance, a change) at its right."""
    chart_box, column_box = box.split_x(box.w - column.width, inches(0.1))
    labels_w = label_width(spec.categories, max_label)
    inner = add_bar_chart(canvas, chart_box, spec, created, labels_w)
    row_texts(canvas, column_box, inner, column.header, column.rows)


def inner_layout(box: Box, label_w: int) -> Box:
    """The plot area (bars only) inside the chart frame, in slide EMU."""
    left = box.x + label_w
    top = box.y + LEGEND_HEIGHT
    return Box(left, top, box.right - inches(0.1) - left, box.bottom - inches(0.1) - top)


VALUE_FLOOR = 7  # points: the smallest value label


def value_size(spec: BarChart, plot_h: int) -> float:
    """The value labels' size: VALUE_SIZE, or less where a bar is thinner than its label (the
    labels of side-by-side bars would overlap: two series, ten rows, a 4:3 slide), down to
    VALUE_FLOOR; callers keep fewer rows where even that is too big (`rows_that_fit`)."""
    bar = _bar_thickness(spec, plot_h, len(spec.categories))
    fitting = bar / (textfit.PT_EMU * textfit.LINE_HEIGHT)
    return max(VALUE_FLOOR, min(VALUE_SIZE, int(fitting * 2) / 2))


def rows_that_fit(spec: BarChart, plot_h: int) -> int:
    """How many rows the plot holds with value labels of VALUE_FLOOR points (at least one)."""
    floor_bar = VALUE_FLOOR * textfit.PT_EMU * textfit.LINE_HEIGHT
    return max(1, int(plot_h // (floor_bar * _bars_a_row(spec))))


def _bar_thickness(spec: BarChart, plot_h: int, rows: int) -> float:
    return plot_h / max(rows, 1) / _bars_a_row(spec)


def _bars_a_row(spec: BarChart) -> float:
    """A row's band in bars: its bars side by side (one when they overlap) and the gap
    (gap_width, in percent of a bar)."""
    bars = 1 if spec.overlap == 100 else len(spec.series)
    return bars + spec.gap_width / 100


def _style(chart, spec: BarChart, labels_size: float = VALUE_SIZE) -> None:
    chart.font.name = THEME_FONT
    chart.font.size = Pt(VALUE_SIZE)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.TOP
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(LABEL_SIZE)
    plot = chart.plots[0]
    plot.overlap = spec.overlap
    plot.gap_width = spec.gap_width
    for series, shown in zip(plot.series, spec.series, strict=True):
        series.invert_if_negative = False
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = RGBColor.from_string(shown.color)
    if spec.value_labels:
        _value_labels(plot, spec.number_format, labels_size)
    _axes(chart, spec)
    _french(chart)


def french_format(number_format: str) -> str:
    """A number format shown the French way whatever the viewer's language (LCID 040C: decimal
    comma, space between thousands): each section prefixed with [$-40C]."""
    return ";".join(f"[$-40C]{section}" if section else "" for section in number_format.split(";"))


def _value_labels(plot, number_format: str, size: float) -> None:
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = french_format(number_format)
    labels.number_format_is_linked = False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    labels.show_value = True
    labels.font.size = Pt(size)
    labels.font.color.rgb = RGBColor.from_string(look.TEXT)


def _axes(chart, spec: BarChart) -> None:
    categories = chart.category_axis
    categories.reverse_order = True  # the first category at the top
    categories.tick_label_position = TICKS.LOW  # names at the left, not on the zero line
    categories.tick_labels.font.size = Pt(LABEL_SIZE)
    categories.has_major_gridlines = False
    categories.format.line.color.rgb = RGBColor.from_string(look.OTHER_NODE)
    values = chart.value_axis
    largest = max((abs(v) for s in spec.series for v in s.values if v is not None), default=0)
    limit = nice(largest * 1.3) if largest > 0 else 1.0  # room for the value labels
    values.minimum_scale = -limit if spec.symmetric else 0
    values.maximum_scale = limit
    values.tick_labels.number_format = french_format("#,##0;#,##0")
    values.tick_labels.number_format_is_linked = False
    values.has_major_gridlines = False
    values.visible = False  # the bars carry their values (or the table beside them does)


@dataclass(frozen=True)
class Line:
    name: str
    values: tuple[float | None, ...]  # millions of euros; None: no point (a gap)
    color: str
    dashed: bool = False
    marker: str = "circle"  # "circle", "square", "triangle", "diamond" or "x"


@dataclass(frozen=True)
class LineChart:
    """Lines with markers over categories (years): a value per category, None for a gap."""

    name: str  # the shape's name
    descr: str  # alt text
    categories: tuple[str, ...]
    lines: tuple[Line, ...]
    legend: str = "bottom"  # or "right"


MARKERS = ("circle", "square", "triangle", "diamond", "x")  # c:symbol values
LINE_WIDTH = 28575  # EMU: 2.25 points


def _line_look(ser, line: Line) -> None:
    """A series' line and markers (c:spPr and c:marker, after c:tx as the schema orders them);
    c:smooth off."""
    if line.marker not in MARKERS:
        raise ValueError(f"unknown marker {line.marker!r}")
    for old in ser.findall(f"{{{_C}}}spPr") + ser.findall(f"{{{_C}}}marker"):
        ser.remove(old)
    fill = f'<a:solidFill><a:srgbClr val="{line.color}"/></a:solidFill>'
    dash = '<a:prstDash val="dash"/>' if line.dashed else ""
    look = parse_xml(
        f'<c:look xmlns:c="{_C}" xmlns:a="{_A}">'
        f'<c:spPr><a:ln w="{LINE_WIDTH}" cap="rnd">{fill}{dash}<a:round/></a:ln></c:spPr>'
        f'<c:marker><c:symbol val="{line.marker}"/><c:size val="6"/>'
        f"<c:spPr>{fill}<a:ln>{fill}</a:ln></c:spPr></c:marker></c:look>"
    )
    anchor = ser.find(f"{{{_C}}}tx")
    for element in reversed(list(look)):
        anchor.addnext(element)
    smooth = ser.find(f"{{{_C}}}smooth")
    if smooth is not None:
        smooth.set("val", "0")


def add_line_chart(canvas, box: Box, spec: LineChart, created: datetime) -> None:
    """The line chart in `box`: values axis in M€ from zero (or below, for a negative value),
    light gridlines, the legend under the plot (or at its right); gaps stay gaps."""
    data = ChartData(created, number_format=MILLIONS)
    data.categories = spec.categories
    for line in spec.lines:
        data.add_series(line.name, line.values)
    frame = canvas.slide.shapes.add_chart(
        XL_CHART_TYPE.LINE_MARKERS, box.x, box.y, box.w, box.h, data
    )
    frame.name = spec.name
    _pptx.set_descr(frame, spec.descr)
    chart = frame.chart
    chart.font.name = THEME_FONT
    chart.font.size = Pt(VALUE_SIZE)
    chart.has_legend = True
    chart.legend.position = (
        XL_LEGEND_POSITION.RIGHT if spec.legend == "right" else XL_LEGEND_POSITION.BOTTOM
    )
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(VALUE_SIZE)
    # The series' look written as XML: python-pptx's setters cost about 10 ms a series.
    series = _pptx.chart_space(chart).iter(f"{{{_C}}}ser")
    for ser, line in zip(series, spec.lines, strict=True):
        _line_look(ser, line)
    categories = chart.category_axis
    categories.tick_labels.font.size = Pt(VALUE_SIZE)
    categories.format.line.color.rgb = RGBColor.from_string(look.OTHER_NODE)
    values = chart.value_axis
    values.tick_labels.number_format = french_format("#,##0")
    values.tick_labels.number_format_is_linked = False
    values.tick_labels.font.size = Pt(VALUE_SIZE - 1)
    values.has_major_gridlines = True
    values.major_gridlines.format.line.color.rgb = RGBColor.from_string(look.TABLE_RULE)
    values.format.line.fill.background()
    shown = [v for line in spec.lines for v in line.values if v is not None]
    if shown and min(shown) >= 0:
        values.minimum_scale = 0
    _french(chart)
    _positive_axis_ids(chart)


def _french(chart) -> None:
    """Mark the chart as French, so viewers use the decimal comma in its numbers."""
    space = _pptx.chart_space(chart)
    lang = parse_xml(f'<c:lang xmlns:c="{_C}" val="fr-FR"/>')
    date1904 = space.find("{*}date1904")
    (date1904.addnext if date1904 is not None else lambda e: space.insert(0, e))(lang)


def _positive_axis_ids(chart) -> None:
    """python-pptx's chart template numbers the axes with negative ids, which the schema refuses
    (c:axId is an xs:unsignedInt): small positive ids instead, in order of first appearance.
    They stay below 2³¹: LibreOffice reads them as signed 32-bit integers, and read as unsigned
    (2 226 939 960…) they lost the category axis there (no labels, order reversed)."""
    space = _pptx.chart_space(chart)
    renumbered: dict[str, str] = {}
    for element in space.iter(f"{{{_C}}}axId", f"{{{_C}}}crossAx"):
        old = element.get("val")
        new = renumbered.setdefault(old, str(AXIS_IDS + len(renumbered) + 1))
        element.set("val", new)


def nice(value: float) -> float:
    """A round axis limit at or above `value`."""
    magnitude = 10 ** (len(str(int(value))) - 1) if value >= 1 else 0.1
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def _manual_layout(chart, frame: Box, inner: Box) -> None:
    """Fix the plot area, so texts beside the chart line up with its bars."""
    space = _pptx.chart_space(chart)
    x = (inner.x - frame.x) / frame.w
    y = (inner.y - frame.y) / frame.h
    w = inner.w / frame.w
    h = inner.h / frame.h
    layout = parse_xml(
        f'<c:layout xmlns:c="{_C}">'
        '<c:manualLayout><c:layoutTarget val="inner"/><c:xMode val="edge"/><c:yMode val="edge"/>'
        f'<c:x val="{x:.4f}"/><c:y val="{y:.4f}"/><c:w val="{w:.4f}"/><c:h val="{h:.4f}"/>'
        "</c:manualLayout></c:layout>"
    )
    plot_area = space.chart.plotArea
    for old in plot_area.findall("{*}layout"):
        plot_area.remove(old)
    plot_area.insert(0, layout)


def row_texts(canvas, box: Box, inner: Box, header: str, rows: Sequence[RowText]) -> None:
    """One text per category row, lined up with the bars, under a header."""
    row = inner.h / max(len(rows), 1)
    head = Box(box.x, inner.y - inches(0.42), box.w, inches(0.4))
    canvas.text(head, [para(header, LABEL_SIZE, "ctr", bold=True, color=look.MUTED)], anchor="b")
    height = min(int(row), textfit.line_height(12, 1) + inches(0.04))
    for index, item in enumerate(rows):
        center = inner.y + row * (index + 0.5)
        cell = Box(box.x, int(center - height / 2), box.w, height)
        canvas.text(
            cell,
            [para(item.text, 12, "ctr", bold=True, color=item.color)],
            name=item.name,
            anchor="ctr",
        )
