"""officefiches: departmental foreign-trade fiches (Excel + PowerPoint) from DGDDI customs data."""

__version__ = "0.1.0"
