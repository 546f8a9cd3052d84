"""What a deck shows, slide by slide, read back with python-pptx: titles, texts (groups
included), native charts' categories and values, table cells and notes, so that two decks can be
compared figure by figure."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from officefiches.writers.sections import key


@dataclass
class Shown:
    title: str
    texts: list[str]
    charts: list[tuple[tuple, tuple]]  # (categories, ((series name, values), ...))
    tables: list[list[list[str]]]
    notes: str

    @property
    def text(self) -> str:
        return "\n".join(self.texts)


def all_shapes(shapes):
    """Every shape, those inside groups included."""
    for shape in shapes:
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            yield from all_shapes(shape.shapes)
        else:
            yield shape


def shown(path: Path) -> list[Shown]:
    slides = []
    for slide in Presentation(str(path)).slides:
        texts, charts, tables = [], [], []
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        for shape in all_shapes(slide.shapes):
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if getattr(shape, "has_chart", False) and shape.has_chart:
                plot = shape.chart.plots[0]
                series = tuple((s.name, tuple(s.values)) for s in plot.series)
                charts.append((tuple(plot.categories), series))
            if getattr(shape, "has_table", False) and shape.has_table:
                tables.append([[cell.text for cell in row.cells] for row in shape.table.rows])
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        slides.append(Shown(title or (texts[0] if texts else ""), texts, charts, tables, notes))
    return slides


def slide_titled(slides: list[Shown], start: str) -> Shown:
    """The first slide whose title starts with `start`, compared without French typography
    (the deck prints « Exportations\u00a0: Cher »)."""
    return next(s for s in slides if key(s.title).startswith(key(start)))
