"""The jobs a command runs: `build` (build.py) and `deck` (deck.py) over one job model
(jobs.py), worker processes (parallel.py), the manifest of what we wrote (manifest.py) and the
PDF copies (pdf.py)."""
