"""Stage 1, the sources: the official customs files found (inputs.py), parsed and checked
(parsing.py), read once and cached (reading.py, cache.py, reader.py), their label annexes
(labels.py), the Territoires d'industrie (territoires.py), the synthetic demo data (demo.py) and
the download of the official files (fetch.py)."""
