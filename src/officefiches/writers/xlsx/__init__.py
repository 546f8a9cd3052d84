"""The Excel workbooks (XlsxWriter). A workbook is a `Book` and an ordered list of sheets:
department.py (a department's) and synthesis.py (a region's or France's); book.py holds the
scaffolding and formats, one module per sheet, _xlsxwriter.py every XlsxWriter internal."""
