"""What every Excel file the product reads or writes shares: its content type, and cells
that never turn a user's text into a formula."""

from openpyxl.cell import WriteOnlyCell

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@")


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def safe_cell(sheet, value):
    """A write-only cell holding `value`. Text Excel would read as a formula is stored as a
    string with Excel's quote prefix, so that editing the cell keeps it text."""
    cell = WriteOnlyCell(sheet, value=value)
    if looks_like_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell
