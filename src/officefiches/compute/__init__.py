"""Stage 2, the figures (pure, no I/O): the lines summed per scope (aggregate.py), the indicators
beyond the fiche (indicators.py), the trends over several years (trends.py), and the figures a
run shares, assembled into each Fiche and Synthesis (figures.py)."""
