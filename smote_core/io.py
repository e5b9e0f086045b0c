"""Reading CSV files people upload, and writing results a spreadsheet can open safely.

:func:`read_csv` decodes (UTF-8, or UTF-16 with a byte-order mark), finds the delimiter, parses, and
returns the table with a list of the problems it noticed; what makes the file unusable raises a
``ValueError`` that says what is wrong and what to do. :func:`split_target` takes the target column
out. :func:`export_table` and :func:`to_csv_bytes` write a resampled table back: same column order, an
``is_synthetic`` column, and text cells that a spreadsheet would run as a formula made inert.
"""

from __future__ import annotations

import csv
import difflib
import io
import os
import re
import warnings

import numpy as np
import pandas as pd

from ._validation import check_target, is_numeric_kind

SYNTHETIC_COLUMN = "is_synthetic"
DELIMITERS = ",;\t|"
_SNIFF_CHARS = 64_000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?[0-9]+(,[0-9]+)?$")
# file signatures of things people upload by mistake
_SIGNATURES = {
    b"PK\x03\x04": "a ZIP archive or an Excel .xlsx workbook",
    b"\xd0\xcf\x11\xe0": "an old Excel .xls workbook",
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
}
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}
# tried in this order when a file is not UTF-8; Latin-1 decodes any bytes, so the last always succeeds
LEGACY_ENCODINGS = ("cp1252", "latin-1")
ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16", "cp1252": "Windows-1252 (cp1252)",
                  "latin-1": "Latin-1 (ISO-8859-1)"}


class EncodingError(ValueError):
    """The file's bytes are not text in the encoding tried; the message says where and what to choose
    (each interface adds how to choose it: a flag, a widget, an argument)."""


def read_csv(source, *, encoding: str | None = None, delimiter: str | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Read a CSV file into a DataFrame and list the problems found in it.

    Parameters
    ----------
    source : str, path, bytes or binary file-like
        A path, the file's bytes, or an object with ``read()`` (e.g. an uploaded file).
    encoding : str, optional
        The text encoding. By default UTF-8 (a byte-order mark is honoured, UTF-16 too); a file that is
        not valid UTF-8 is read as Windows-1252 (cp1252), or as Latin-1 when cp1252 cannot decode it,
        and ``frame.attrs["encoding_note"]`` says so.
    delimiter : str, optional
        The field separator; by default sniffed among comma, semicolon, tab and vertical bar.

    Returns
    -------
    frame : DataFrame
        ``frame.attrs`` holds the ``encoding`` and ``delimiter`` used, and ``encoding_note``: a sentence
        when the encoding was guessed from a file that is not UTF-8, else None.
    problems : list of str
        Things worth fixing that did not stop the reading, one sentence each.

    Raises
    ------
    ValueError
        The file cannot be found or read, is empty, is not text in the encoding given, is not a table,
        or has a row with more fields than the header.
    """
    raw = _read_bytes(source)
    head, used_encoding, note = _decode(raw, encoding)
    if not head.strip():
        raise ValueError("the file is empty: it holds no text. Choose the CSV file that contains the data.")
    sep = delimiter or _sniff(head)
    problems = []
    names, blank = _column_names(next(csv.reader(io.StringIO(head), delimiter=sep)), problems)
    try:
        with warnings.catch_warnings():
            # a row longer than the header must stop the reading, not silently lose its extra fields
            warnings.simplefilter("error", pd.errors.ParserWarning)
            # parsed from the bytes: a decoded copy of a large file would take several times its size
            frame = pd.read_csv(io.BytesIO(raw), encoding=used_encoding, sep=sep, header=0, names=names,
                                index_col=False)
    except (pd.errors.ParserError, pd.errors.ParserWarning):
        raise ValueError(_long_row_message(raw.decode(used_encoding), sep, len(names))) from None
    if frame.empty:
        raise ValueError(
            f"the file has a header ({len(frame.columns)} column(s)) but no data rows: add the rows below the header."
        )
    if sep == ";":
        _decimal_commas(frame, problems)
    frame = check_frame(frame, problems, blank)
    frame.attrs.update(encoding=used_encoding, delimiter=sep, encoding_note=note)
    return frame, problems


def check_frame(frame: pd.DataFrame, problems: list[str], blank=()) -> pd.DataFrame:
    """The checks every file format shares: a saved index dropped, then the problems of the data listed
    (appended to ``problems``); ``blank`` names the columns that had no name in the file."""
    frame = _drop_saved_index(frame, problems)
    blank = [name for name in blank if name in frame.columns]
    if blank:
        problems.append(f"{len(blank)} column(s) have no name; they were called {_names(blank)}: name them in the header.")
    _describe_problems(frame, problems)
    return frame


def _names(names) -> str:
    """Column names for a sentence: ``'a', 'b' and 'c'`` (not a Python list)."""
    quoted = [f"'{name}'" for name in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _read_bytes(source) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    if hasattr(source, "read"):
        content = source.read()
        return content.encode("utf-8") if isinstance(content, str) else bytes(content)
    path = os.fspath(source)
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise ValueError(f"file {path!r} not found: check the path.") from None
    except IsADirectoryError:
        raise ValueError(f"{path!r} is a folder, not a file: give the path of the CSV file.") from None
    except PermissionError:
        raise ValueError(f"cannot read {path!r}: permission denied. Check the file's permissions.") from None
    except OSError as exc:
        raise ValueError(f"cannot read {path!r}: {exc.strerror or exc}.") from None


def _decode(raw: bytes, encoding: str | None) -> tuple[str, str, str | None]:
    """The start of the file's text (enough to sniff), the encoding it is read with, and a note when
    that encoding was guessed because the file is not UTF-8."""
    note = None
    if encoding is None:
        for signature, kind in _SIGNATURES.items():
            if raw.startswith(signature):
                raise ValueError(f"the file is {kind}, not a CSV text file: save or export the table as CSV.")
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            encoding = "utf-16"
        elif raw.startswith(b"\xef\xbb\xbf"):
            encoding = "utf-8-sig"
        elif b"\x00" in raw:
            raise ValueError("the file contains NUL bytes, so it is binary, not CSV text: export the table as CSV.")
        else:
            try:
                return raw.decode("utf-8")[:_SNIFF_CHARS], "utf-8", None
            except UnicodeDecodeError as exc:
                encoding = next(name for name in LEGACY_ENCODINGS if _decodes(raw, name))
                note = (f"The file is not UTF-8 ({_where(raw, exc)}); it was read as {ENCODING_NAMES[encoding]}, "
                        "the usual encoding of files saved by Excel on Windows. If accented letters look wrong, "
                        "choose the file's encoding.")
    try:
        return raw.decode(encoding)[:_SNIFF_CHARS], encoding, note
    except LookupError:
        raise ValueError(f"unknown encoding {encoding!r}: use a name such as 'utf-8', 'cp1252' or 'latin-1'.") from None
    except UnicodeDecodeError as exc:
        raise EncodingError(
            f"the file is not valid {encoding.upper()} text: {_where(raw, exc)} cannot be decoded. Choose the "
            "file's encoding (cp1252 or latin-1 for files saved by Excel on Windows), or re-save the file as "
            "UTF-8 (in Excel: 'CSV UTF-8')."
        ) from None


def _decodes(raw: bytes, encoding: str) -> bool:
    try:
        raw.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _where(raw: bytes, exc: UnicodeDecodeError) -> str:
    """``byte 0xE9 at line 2, column 7`` for the first byte a decoder refused."""
    line = raw[: exc.start].count(b"\n") + 1
    column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
    return f"byte 0x{raw[exc.start]:02X} at line {line}, column {column}"


def _sniff(text: str) -> str:
    """The delimiter of ``text``: the sniffed one, else the one splitting the header most, else comma."""
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS:
        sample = sample[: sample.rfind("\n") + 1] or sample
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        first = sample.splitlines()[0]
        counts = {sep: first.count(sep) for sep in DELIMITERS}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


def _long_row_message(text: str, sep: str, n_fields: int) -> str:
    """Name the first row with more fields than the header (or the parser's complaint)."""
    for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=sep), start=1):
        if len(row) > n_fields:
            return (
                f"line {number} has {len(row)} fields but the header has {n_fields} "
                f"({DELIMITER_NAMES.get(sep, repr(sep))}-separated): quote values that contain the delimiter, "
                "or fix that line."
            )
    return "the file could not be parsed as CSV: check its quoting (an unclosed quote?) and its delimiter."


def _column_names(header: list[str], problems: list[str]) -> tuple[list[str], list[str]]:
    """Column names from the header row (spaces stripped, blanks named, repeats numbered) and the names
    given to blank ones; problems noted."""
    names = [name.strip() for name in header]
    if any(name != raw for name, raw in zip(names, header)):
        problems.append("some column names had spaces around them; they were removed.")
    if names and all(_PLAIN_NUMBER.match(name) for name in names):
        problems.append(
            "the first row looks like data (every value is a number), not column names: "
            "add a header row naming the columns."
        )
    taken = set(names)
    out = []
    for position, name in enumerate(names):
        if not name:
            name = f"Unnamed: {position}"
        elif name in out:
            copy = 1
            while f"{name}.{copy}" in taken:
                copy += 1
            problems.append(f"column name {name!r} appears more than once; the copy at position {position + 1} "
                            f"was renamed {name}.{copy}.")
            name = f"{name}.{copy}"
        taken.add(name)
        out.append(name)
    return out, [out[i] for i, name in enumerate(names) if not name]


def _drop_saved_index(frame: pd.DataFrame, problems: list[str]) -> pd.DataFrame:
    """Drop an unnamed first column that counts rows 0, 1, 2, ... (an index saved by pandas)."""
    first = frame.columns[0]
    if first == "Unnamed: 0" and pd.api.types.is_integer_dtype(frame[first]) and \
            np.array_equal(frame[first].to_numpy(), np.arange(len(frame))):
        problems.append("the first column had no name and counted rows 0, 1, 2, ... (a saved index); it was dropped.")
        return frame.drop(columns=first)
    return frame


def _decimal_commas(frame: pd.DataFrame, problems: list[str]) -> None:
    """Turn text columns written with decimal commas (``3,5``) into numbers, in place."""
    for name in frame.columns:
        column = frame[name]
        if is_numeric_kind(column.dtype) or pd.api.types.is_bool_dtype(column.dtype):
            continue
        values = column.dropna().astype(str)
        if len(values) and values.str.match(_DECIMAL_COMMA).all() and values.str.contains(",").any():
            frame[name] = pd.to_numeric(column.str.replace(",", ".", regex=False))
            problems.append(f"column {name!r} uses decimal commas (e.g. {values.iloc[0]!r}); it was read as numbers.")


def _describe_problems(frame: pd.DataFrame, problems: list[str]) -> None:
    """Append the data problems of ``frame`` to ``problems``: empty, constant or half-numeric columns,
    missing values, duplicate rows, a leftover ``is_synthetic`` column."""
    n_rows = len(frame)
    missing = frame.isna().sum()
    empty = [name for name, n in missing.items() if n == n_rows]
    if empty:
        problems.append(f"column(s) {_names(empty)} are empty in every row: drop them.")
    partly = {name: int(n) for name, n in missing.items() if 0 < n < n_rows}
    if partly:
        listed = ", ".join(f"{name!r} ({n})" for name, n in partly.items())
        problems.append(
            f"missing values in {len(partly)} column(s): {listed}. Fill them (e.g. with the median) or drop "
            "those rows; the samplers need complete rows."
        )
    constant = [name for name in constant_columns(frame) if name not in empty]
    if constant and n_rows > 1:
        problems.append(f"column(s) {_names(constant)} hold a single value in every row; they carry no information.")
    for name in frame.columns:
        column = frame[name]
        if is_numeric_kind(column.dtype) or pd.api.types.is_bool_dtype(column.dtype) or name in empty:
            continue
        # each distinct value parsed once, weighted by how often it occurs
        counts = column.value_counts(dropna=True)
        counts = counts[counts > 0]  # a categorical lists its unused categories too
        is_number = pd.to_numeric(pd.Series(counts.index, dtype=object), errors="coerce").notna().to_numpy()
        n_values = int(counts.sum())
        if n_values >= 5 and 0.9 <= counts[is_number].sum() / n_values < 1:
            odd = sorted(set(counts.index[~is_number].astype(str)))[:3]
            problems.append(
                f"column {name!r} is mostly numbers but also holds text such as {_names(odd)}, so it is read as a "
                "category: fix or blank those cells."
            )
    n_duplicates = count_duplicate_rows(frame)
    if n_duplicates:
        problems.append(f"{n_duplicates} row(s) repeat an earlier row exactly.")
    if SYNTHETIC_COLUMN in frame.columns:
        problems.append(
            f"column {SYNTHETIC_COLUMN!r} marks rows made by an earlier SMOTE Lab export; it is not a feature "
            "and is left out of the features."
        )


def constant_columns(frame: pd.DataFrame) -> list:
    """The columns that hold one value in every row that has one (``nunique() == 1``), without hashing
    every value: numpy number columns by smallest == largest, one reduction per dtype over all its
    columns (NaN skipped); any other column by comparing every value with its first."""
    one_value = {}
    for dtype, names in frame.columns.groupby(frame.dtypes).items():
        if isinstance(dtype, np.dtype) and dtype.kind in "iuf":
            values = frame[list(names)].to_numpy()
            low, high = np.fmin.reduce(values, axis=0), np.fmax.reduce(values, axis=0)  # NaN only when all are
            one_value.update(zip(names, low == high))
    for name in frame.columns:
        if name not in one_value:
            column = frame[name]
            first = column.first_valid_index()
            one_value[name] = first is not None and bool((column.isna() | (column == column.loc[first])).all())
    return [name for name in frame.columns if one_value[name]]


def count_duplicate_rows(frame: pd.DataFrame) -> int:
    """Rows that repeat an earlier row exactly (as ``frame.duplicated().sum()``).

    Rows are hashed first; only rows whose hash occurs more than once are compared value by value, so
    a table without repeats costs one hash per row instead of a row-by-row comparison.
    """
    hashes = pd.util.hash_pandas_object(frame, index=False).to_numpy()
    candidates = pd.Series(hashes).duplicated(keep=False).to_numpy()
    return int(frame.loc[candidates].duplicated().sum()) if candidates.any() else 0


def split_target(frame: pd.DataFrame, target: str) -> tuple[pd.DataFrame, pd.Series, list[str]]:
    """Separate features and target; rows without a label are dropped and reported.

    Returns
    -------
    X : DataFrame
        Every column except the target (and a leftover ``is_synthetic`` column).
    y : Series
    problems : list of str

    Raises
    ------
    ValueError
        The target column is missing, holds no usable labels, looks continuous, or is the only column.
    """
    if target not in frame.columns:
        names = [str(c) for c in frame.columns]
        close = [n for n in names if n.lower() == str(target).lower()] or \
            difflib.get_close_matches(str(target), names, n=1, cutoff=0.6)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ValueError(f"target column {target!r} not found; the columns are: {', '.join(names)}.{hint}")
    problems = []
    labels = frame[target]
    unlabeled = labels.isna()
    if unlabeled.all():
        raise ValueError(f"target column {target!r} is empty: choose the column that holds the class labels.")
    if unlabeled.any():
        problems.append(f"{int(unlabeled.sum())} row(s) have no {target!r} label; they were left out.")
        frame = frame.loc[~unlabeled].reset_index(drop=True)
        labels = frame[target]
    if pd.api.types.is_float_dtype(labels.dtype) and not np.all(np.mod(labels.to_numpy(dtype=float), 1) == 0):
        raise ValueError(
            f"target column {target!r} holds fractional numbers ({labels.nunique()} distinct values): it looks "
            "continuous, not class labels. Choose the column that holds the classes."
        )
    X = frame.drop(columns=[c for c in (target, SYNTHETIC_COLUMN) if c in frame.columns])
    if X.shape[1] == 0:
        raise ValueError(f"the table has no column besides the target {target!r}: add the feature columns.")
    check_target(labels)
    return X, labels, problems


def synthetic_mask(sampler, n_rows: int) -> np.ndarray:
    """Which of a sampler's ``n_rows`` output rows are synthetic, read from its ``provenance_``."""
    mask = np.zeros(n_rows, dtype=bool)
    provenance = getattr(sampler, "provenance_", None)
    if provenance is not None and len(provenance):
        mask[provenance["row"].to_numpy()] = True
    return mask


def export_table(columns, target: str, X_res, y_res, synthetic) -> pd.DataFrame:
    """The resampled table, columns in the original file's order, with an ``is_synthetic`` column last.

    Parameters
    ----------
    columns : sequence
        The original table's columns (target included), in file order.
    target : str
    X_res : DataFrame
        Resampled features.
    y_res : array-like
        Resampled labels.
    synthetic : array-like of bool
        One flag per output row (see :func:`synthetic_mask`).
    """
    table = pd.DataFrame(X_res).reset_index(drop=True).copy()
    table[target] = np.asarray(y_res)
    ordered = [c for c in columns if c in table.columns]
    table = table[ordered + [c for c in table.columns if c not in ordered]]
    if SYNTHETIC_COLUMN in table.columns:
        table = table.drop(columns=SYNTHETIC_COLUMN)
    table[SYNTHETIC_COLUMN] = np.asarray(synthetic, dtype=bool)
    return table


def neutralize_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` in which no text cell or column name starts a spreadsheet formula.

    Text cells starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return get a leading
    apostrophe, which spreadsheets show as text; a text cell that is just a number (``-3.2``) is left
    alone, and so are numeric columns.
    """
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if is_numeric_kind(column.dtype) or pd.api.types.is_bool_dtype(column.dtype):
            continue
        out[name] = column.astype(object).map(_inert, na_action="ignore")
    out.columns = [_inert(name) if isinstance(name, str) else name for name in out.columns]
    return out


def _inert(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """``frame`` as UTF-8 CSV bytes, formulas neutralised (what a download button serves)."""
    return neutralize_formulas(frame).to_csv(index=False, lineterminator="\n").encode("utf-8")


def write_csv(frame: pd.DataFrame, path) -> None:
    """Write ``frame`` as a UTF-8 CSV file, formulas neutralised; unwritable paths raise ``ValueError``."""
    try:
        with open(path, "wb") as handle:
            handle.write(to_csv_bytes(frame))
    except OSError as exc:
        raise ValueError(f"cannot write {os.fspath(path)!r}: {exc.strerror or exc}.") from None
