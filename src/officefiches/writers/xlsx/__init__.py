"""The Excel workbooks (XlsxWriter). A workbook is a `Book` and an ordered list of sheets (in
the order of writers/sections.py): department.py (a department's) and synthesis.py (a region's
or France's); book.py holds the scaffolding, one module per section, _xlsxwriter.py every
XlsxWriter internal."""
