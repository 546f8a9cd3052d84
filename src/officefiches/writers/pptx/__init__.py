"""The PowerPoint decks (python-pptx). A deck is a context and an ordered list of slide functions
(in the order of writers/sections.py): department.py (a department's context) and synthesis.py
(a region's or France's). deck.py opens the presentation and writes the list; one module per
slide kind (cover, text, balance, activities, flows, evolution, exposure, key_figures, members)
and per figure (butterfly, treemap, sankey, images); drawing.py writes raw DrawingML, _pptx.py
holds every python-pptx internal."""
