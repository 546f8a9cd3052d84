"""A workbook we wrote, as a team saved it, read back: its marker and Tables (workbook.py), then
the same Fiche or Synthesis as the build's, with the team's labels and messages (fiche.py)."""
