"""Reading a table from CSV, Parquet or Excel (.xlsx), with the same checks and problem lists for all three.

:func:`read_table` tells the format from the file's first bytes (a Parquet file starts with ``PAR1``,
an .xlsx workbook is a ZIP archive), so a renamed file is read by what it is. CSV goes through
:func:`smote_core.io.read_csv`; Parquet (pyarrow) and Excel (openpyxl) are parsed by pandas and then
checked like a CSV: saved index, unnamed or repeated columns, empty, constant and half-numeric
columns, missing values and duplicate rows. What makes a file unusable raises a ``ValueError`` that
says what to do.
"""

from __future__ import annotations

import io
import zipfile

import pandas as pd

from .io import _column_names, _read_bytes, check_frame, read_csv

PARQUET, EXCEL, CSV = "parquet", "excel", "csv"
FORMAT_NAMES = {PARQUET: "Parquet", EXCEL: "Excel workbook", CSV: "CSV"}
_PARQUET_MAGIC = b"PAR1"
_ZIP_MAGIC = b"PK\x03\x04"
_OLD_EXCEL_MAGIC = b"\xd0\xcf\x11\xe0"


def file_format(raw: bytes) -> str:
    """``"parquet"``, ``"excel"`` or ``"csv"`` from the file's bytes.

    Raises ``ValueError`` for an old .xls workbook and for a ZIP archive that is not an .xlsx workbook.
    """
    if raw.startswith(_PARQUET_MAGIC):
        return PARQUET
    if raw.startswith(_OLD_EXCEL_MAGIC):
        raise ValueError("the file is an old Excel .xls workbook: in Excel, save it as .xlsx (Excel Workbook) "
                         "or as CSV, then upload that.")
    if raw.startswith(_ZIP_MAGIC):
        try:
            names = zipfile.ZipFile(io.BytesIO(raw)).namelist()
        except zipfile.BadZipFile:
            names = []
        if "xl/workbook.xml" not in names:
            raise ValueError("the file is a ZIP archive, not a table: unzip it and choose the CSV, Parquet or "
                             ".xlsx file inside.")
        return EXCEL
    return CSV


def read_table(source, *, encoding: str | None = None, delimiter: str | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Read a CSV, Parquet or .xlsx table and list the problems found in it.

    Parameters
    ----------
    source : str, path, bytes or binary file-like
    encoding, delimiter : str, optional
        For CSV files only (see :func:`smote_core.io.read_csv`).

    Returns
    -------
    frame : DataFrame
        ``frame.attrs`` holds ``format`` (``"csv"``, ``"parquet"`` or ``"excel"``), ``encoding``,
        ``delimiter`` and ``encoding_note`` (CSV only, else None) and ``sheet`` (Excel only, else None).
    problems : list of str

    Raises
    ------
    ValueError
        The file cannot be read, is empty, or is not one of the three formats.
    """
    raw = _read_bytes(source)
    kind = file_format(raw)
    if kind == CSV:
        frame, problems = read_csv(raw, encoding=encoding, delimiter=delimiter)
        frame.attrs.update(format=CSV, sheet=None)
        return frame, problems
    problems = []
    frame, sheet = _read_parquet(raw) if kind == PARQUET else _read_excel(raw, problems)
    if len(frame.columns) == 0:
        raise ValueError(f"the {FORMAT_NAMES[kind]} holds no columns: choose the file that contains the data.")
    frame = _named_columns(frame, problems)
    empty_rows = frame.isna().all(axis=1)
    if empty_rows.any():
        problems.append(f"{int(empty_rows.sum()):,} row(s) are empty in every column; they were left out.")
        frame = frame.loc[~empty_rows].reset_index(drop=True)
    if frame.empty:
        raise ValueError(f"the {FORMAT_NAMES[kind]} has a header ({len(frame.columns)} column(s)) but no data rows: "
                         "add the rows below the header.")
    blank = [name for name in frame.columns if name.startswith("Unnamed: ")]
    frame = check_frame(frame, problems, blank)
    frame.attrs.update(format=kind, encoding=None, delimiter=None, encoding_note=None, sheet=sheet)
    return frame, problems


def _read_parquet(raw: bytes) -> tuple[pd.DataFrame, None]:
    try:
        frame = pd.read_parquet(io.BytesIO(raw))
    except Exception as exc:  # noqa: BLE001 -- pyarrow raises many kinds; each becomes one clear message
        raise ValueError(f"the Parquet file could not be read ({exc}): export the table again, or as CSV.") from None
    if not isinstance(frame.index, pd.RangeIndex):  # an index saved with the table is a column of it
        frame = frame.reset_index()
    return frame.reset_index(drop=True), None


def _read_excel(raw: bytes, problems: list[str]) -> tuple[pd.DataFrame, str]:
    try:
        with pd.ExcelFile(io.BytesIO(raw), engine="openpyxl") as book:
            sheets = book.sheet_names
            frame = pd.read_excel(book, sheet_name=sheets[0])
    except ImportError:
        raise ValueError("reading .xlsx files needs openpyxl: pip install openpyxl (or save the sheet as CSV).") from None
    except Exception as exc:  # noqa: BLE001 -- openpyxl raises many kinds; each becomes one clear message
        raise ValueError(f"the Excel workbook could not be read ({exc}): save it again as .xlsx, or as CSV.") from None
    if len(sheets) > 1:
        problems.append(f"the workbook has {len(sheets)} sheets; the first, '{sheets[0]}', was read. Move the table "
                        "to the first sheet, or save that sheet alone, to use another.")
    return frame, sheets[0]


def _named_columns(frame: pd.DataFrame, problems: list[str]) -> pd.DataFrame:
    """Column names as text, checked like a CSV header (spaces, blanks, repeats, numbers as names)."""
    header = ["" if str(name).startswith("Unnamed: ") else str(name) for name in frame.columns]
    names, _ = _column_names(header, problems)
    return frame.set_axis(names, axis=1)
