"""One grid for the figure slides (issue 23): the treemap and the six flow slides put title,
caption, figure area, key figures column, reading key and footer at the same places and sizes,
with the default look and with a 4:3 template; the six flow diagrams label at one size."""

from __future__ import annotations

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from officefiches.options import BuildOptions
from officefiches.run.build import Reporter, run_build

FRAME = ("Légende du graphique", "Clé de lecture", "Pied de page")
FLOW_ONLY = ("Chiffres clés",)


@pytest.fixture(scope="module", params=["défaut", "4:3"])
def deck(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("grille")
    extra = {}
    if request.param == "4:3":
        extra["template"] = folder / "modele.pptx"
        Presentation().save(extra["template"])
    options = BuildOptions(
        departments=("18",), out=folder / "out", demo_lines=20_000, jobs=1, **extra
    )
    path = next(p for p in run_build(options, Reporter()).written if p.suffix == ".pptx")
    return Presentation(path)


def box(shape) -> tuple[int, int, int, int]:
    return (shape.left, shape.top, shape.width, shape.height)


def figure_slides(deck):
    """The treemap slide and the six flow slides, in order."""
    found = [
        s
        for s in deck.slides
        if any(
            sh.name.startswith(("Principales activités", "Diagramme de flux")) for sh in s.shapes
        )
    ]
    assert len(found) == 7, len(found)
    return found


def frame_of(slide, names) -> dict[str, tuple]:
    shapes = {sh.name: box(sh) for sh in slide.shapes if sh.name in names}
    title = next(sh for sh in slide.shapes if sh.is_placeholder or sh.name == "Titre")
    return shapes | {"titre": box(title)}


def test_the_treemap_and_the_six_flow_slides_share_one_frame(deck):
    slides = figure_slides(deck)
    frames = [frame_of(s, FRAME) for s in slides]
    assert all(set(f) == {"titre", *FRAME} for f in frames), frames
    assert all(f == frames[0] for f in frames), frames
    panels = [frame_of(s, FLOW_ONLY)["Chiffres clés"] for s in slides[1:]]
    assert len(set(panels)) == 1, panels


def test_the_six_flow_diagrams_have_one_label_size_and_one_place(deck):
    sizes, places = set(), set()
    for slide in figure_slides(deck)[1:]:
        group = next(sh for sh in slide.shapes if sh.name.startswith("Diagramme de flux"))
        assert group.shape_type == MSO_SHAPE_TYPE.GROUP
        headers = [c for c in group.shapes if c.name.startswith("En-tête")]
        places.add(tuple(sorted(box(h)[1] for h in headers)))  # the diagram's top
        for child in group.shapes:
            if child.name.startswith("Étiquette"):
                sizes |= {
                    run.font.size.pt
                    for paragraph in child.text_frame.paragraphs
                    for run in paragraph.runs
                    if run.font.size is not None
                }
    assert len(sizes) == 1, sizes
    assert len(places) == 1, places
