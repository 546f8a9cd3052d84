"""One writer per output format: xlsx (XlsxWriter), pptx (python-pptx)."""
