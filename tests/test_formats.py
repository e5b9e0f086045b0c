"""Parquet and Excel tables are read like CSV files: same checks, same problem lists."""

import io

import numpy as np
import pandas as pd
import pytest

from smote_core.formats import file_format, read_table


def _xlsx(frames: dict) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in frames.items():
            frame.to_excel(writer, sheet_name=name, index=False)
    return buffer.getvalue()


def _parquet(frame: pd.DataFrame, **kwargs) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, **kwargs)
    return buffer.getvalue()


TABLE = pd.DataFrame({"amount": [1.5, 2.5, np.nan, 4.0, 5.0, 5.0], "city": ["Lyon", "Köln", "Lyon", "a", "b", "b"],
                      "same": [7, 7, 7, 7, 7, 7], "label": [0, 0, 0, 1, 1, 1]})
CSV_PROBLEMS = [
    "missing values in 1 column(s): 'amount' (1). Fill them (e.g. with the median) or drop those rows; "
    "the samplers need complete rows.",
    "column(s) 'same' hold a single value in every row; they carry no information.",
    "1 row(s) repeat an earlier row exactly.",
]


@pytest.mark.parametrize("kind, content", [
    ("csv", TABLE.to_csv(index=False).encode()),
    ("parquet", _parquet(TABLE, index=False)),
    ("excel", _xlsx({"data": TABLE})),
])
def test_every_format_gives_the_same_table_and_problems(kind, content):
    frame, problems = read_table(content)
    assert file_format(content) == kind and frame.attrs["format"] == kind
    pd.testing.assert_frame_equal(frame, TABLE, check_dtype=False)
    assert problems == CSV_PROBLEMS


def test_excel_names_the_sheet_read_and_fixes_its_header():
    messy = pd.DataFrame([[1, 2, 0], [3, 4, 1]], columns=[" a ", "b", "y"])
    frame, problems = read_table(_xlsx({"first": messy, "second": TABLE}))
    assert list(frame.columns) == ["a", "b", "y"] and frame.attrs["sheet"] == "first"
    assert "some column names had spaces around them; they were removed." in problems
    assert "the workbook has 2 sheets; the first, 'first', was read." in " ".join(problems)


def test_parquet_keeps_a_saved_index_as_a_column():
    frame, _ = read_table(_parquet(TABLE.set_index("city")))
    assert list(frame.columns) == ["city", "amount", "same", "label"]


@pytest.mark.parametrize("content, message", [
    (b"\xd0\xcf\x11\xe0rest", r"old Excel \.xls workbook: in Excel, save it as \.xlsx"),
    (b"PK\x03\x04not a zip", "ZIP archive, not a table"),
    (b"PAR1broken", "Parquet file could not be read"),
    (_xlsx({"empty": pd.DataFrame({"a": [], "y": []})}), "header .* but no data rows"),
])
def test_unreadable_files_say_what_to_do(content, message):
    with pytest.raises(ValueError, match=message):
        read_table(content)
