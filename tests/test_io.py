"""CSV reading (encodings, delimiters, header and data problems) and safe export."""

import io

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from smote_core import SMOTE
from smote_core.io import (
    constant_columns, count_duplicate_rows, export_table, neutralize_formulas, read_csv, split_target, synthetic_mask,
    to_csv_bytes, write_csv,
)


def test_reads_paths_bytes_and_file_objects_alike(tmp_path):
    content = b"a,b,y\n1,2.5,no\n3,4.5,yes\n"
    path = tmp_path / "d.csv"
    path.write_bytes(content)
    for source in (path, str(path), content, io.BytesIO(content)):
        frame, problems = read_csv(source)
        assert list(frame.columns) == ["a", "b", "y"] and len(frame) == 2
        assert frame["b"].dtype == float and problems == []
        assert frame.attrs == {"encoding": "utf-8", "delimiter": ",", "encoding_note": None}


@pytest.mark.parametrize("sep", [";", "\t", "|"])
def test_delimiter_is_sniffed(sep):
    text = sep.join(["x", "name", "y"]) + "\n" + "\n".join(sep.join([str(i), f"n{i}", str(i % 2)]) for i in range(6))
    frame, _ = read_csv(text.encode())
    assert list(frame.columns) == ["x", "name", "y"] and frame.attrs["delimiter"] == sep


def test_semicolon_files_with_decimal_commas_become_numbers():
    frame, problems = read_csv("a;b;y\n1,5;x;0\n-2,25;z;1\n".encode())
    assert frame["a"].tolist() == [1.5, -2.25]
    assert any("decimal commas" in p for p in problems)


def test_byte_order_marks_utf8_and_utf16():
    frame, _ = read_csv("\ufeffcafé,y\n1,0\n2,1\n".encode("utf-8"))
    assert list(frame.columns) == ["café", "y"]
    frame, _ = read_csv("a,y\n1,0\n2,1\n".encode("utf-16"))
    assert frame.attrs["encoding"] == "utf-16" and frame["a"].tolist() == [1, 2]


def test_a_file_that_is_not_utf8_is_read_as_cp1252_and_says_so():
    windows = "name,price,y\nJosé,3 €,1\nAnn,4 €,0\n".encode("cp1252")
    frame, problems = read_csv(windows)
    assert frame["name"].tolist() == ["José", "Ann"] and frame["price"].tolist() == ["3 €", "4 €"]
    assert frame.attrs["encoding"] == "cp1252"
    assert frame.attrs["encoding_note"].startswith("The file is not UTF-8 (byte 0xE9 at line 2, column 4); it was "
                                                   "read as Windows-1252 (cp1252)")
    utf8, _ = read_csv("name,y\nJosé,1\n".encode("utf-8"))
    assert utf8.attrs["encoding"] == "utf-8" and utf8.attrs["encoding_note"] is None


def test_bytes_cp1252_cannot_decode_are_read_as_latin1():
    frame, _ = read_csv(b"name,y\nA\x81b,1\nJos\xe9,0\n")  # 0x81 is unassigned in cp1252
    assert frame.attrs["encoding"] == "latin-1" and frame["name"].tolist() == ["A\x81b", "José"]
    assert "Latin-1" in frame.attrs["encoding_note"]


def test_a_chosen_encoding_that_fails_names_the_place_and_the_fix():
    latin = "name,y\nJosé,1\n".encode("latin-1")
    with pytest.raises(ValueError, match=r"not valid UTF-8.*0xE9 at line 2, column 4.*cp1252 or latin-1") as caught:
        read_csv(latin, encoding="utf-8")
    assert "--encoding" not in str(caught.value) and "encoding=" not in str(caught.value)  # no one interface's way
    frame, _ = read_csv(latin, encoding="cp1252")
    assert frame["name"].tolist() == ["José"] and frame.attrs["encoding_note"] is None


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b" \n\n", "empty"),
    (b"a,b,y\n", "header .* but no data rows"),
    (b"PK\x03\x04rest", "Excel"),
    (b"a,b\x00\x01", "binary"),
    (b"a,b\n1,2\n3,4,5\n", "line 3 has 3 fields but the header has 2"),
    (b'a,b\n"1,2\n', "quoting"),
])
def test_unusable_files_raise_what_to_do(content, message):
    with pytest.raises(ValueError, match=message):
        read_csv(content)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ValueError, match="not found"):
        read_csv(tmp_path / "nope.csv")
    with pytest.raises(ValueError, match="folder"):
        read_csv(tmp_path)


def test_header_problems_are_fixed_and_listed():
    frame, problems = read_csv(b" a ,a,,y\n1,2,3,0\n4,5,6,1\n")
    assert list(frame.columns) == ["a", "a.1", "Unnamed: 2", "y"]
    text = " ".join(problems)
    assert "spaces" in text and "'a' appears more than once" in text and "no name" in text


def test_a_saved_pandas_index_is_dropped():
    saved = pd.DataFrame({"a": [1.0, 2.0, 3.0], "y": [0, 1, 0]}).to_csv().encode()
    frame, problems = read_csv(saved)
    assert list(frame.columns) == ["a", "y"] and any("saved index" in p for p in problems)


def test_numbers_as_header_and_data_problems_are_reported():
    frame, problems = read_csv(b"1,2,3\n4,5,6\n7,5,6\n")
    assert any("looks like data" in p for p in problems)
    body = "x,k,c,y\n" + "".join(f"{v},{i},1,{i % 2}\n" for i, v in enumerate(["1", "2", "?", "4", "5", "6", "7",
                                                                                "8", "9", "10", "", "1"]))
    frame, problems = read_csv(body.encode())
    text = " ".join(problems)
    assert "'x' is mostly numbers but also holds text such as '?', so" in text
    assert "missing values in 1 column(s): 'x' (1)" in text
    assert "column(s) 'c' hold a single value" in text


def test_split_target_checks_the_target():
    frame, _ = read_csv(b"f,Class,is_synthetic\n1,a,False\n2,,False\n3,b,True\n4,a,False\n")
    with pytest.raises(ValueError, match="'class' not found.*Did you mean 'Class'"):
        split_target(frame, "class")
    X, y, problems = split_target(frame, "Class")
    assert list(X.columns) == ["f"] and y.tolist() == ["a", "b", "a"]
    assert any("no 'Class' label" in p for p in problems)
    with pytest.raises(ValueError, match="fractional"):
        split_target(pd.DataFrame({"f": [1, 2, 3], "price": [1.5, 2.25, 3.0]}), "price")
    with pytest.raises(ValueError, match="only 1 class"):
        split_target(pd.DataFrame({"f": [1, 2], "y": [1, 1]}), "y")
    with pytest.raises(ValueError, match="no column besides the target"):
        split_target(pd.DataFrame({"y": [0, 1]}), "y")


def test_export_keeps_column_order_and_marks_synthetic_rows(tmp_path):
    table = pd.DataFrame({"f1": np.arange(12, dtype=float), "label": ["a"] * 9 + ["b"] * 3,
                          "f2": np.arange(12, dtype=float) ** 2})
    X, y = table.drop(columns="label"), table["label"]
    sampler = SMOTE(k_neighbors=2, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    out = export_table(table.columns, "label", X_res, y_res, synthetic_mask(sampler, len(X_res)))
    assert list(out.columns) == ["f1", "label", "f2", "is_synthetic"]
    assert out["is_synthetic"].sum() == 6 and not out["is_synthetic"][:12].any()
    write_csv(out, tmp_path / "out.csv")
    back, _ = read_csv(tmp_path / "out.csv")
    pd.testing.assert_frame_equal(back, out, check_dtype=False)
    with pytest.raises(ValueError, match="cannot write"):
        write_csv(out, tmp_path / "missing-folder" / "out.csv")


def test_formulas_are_neutralised_in_text_columns_only():
    frame = pd.DataFrame({
        "num": [-3.2, 1.0, 2.0, 5.0],
        "text": ["=SUM(A1:A2)", "+1", "-3.2", "@cmd"],
        "more": ["-x", "plain", "\tTAB", None],
        "=evil": [1, 2, 3, 4],
    })
    csv_text = to_csv_bytes(frame).decode()
    back = pd.read_csv(io.StringIO(csv_text))
    assert list(back.columns) == ["num", "text", "more", "'=evil"]
    assert back["num"].tolist() == [-3.2, 1.0, 2.0, 5.0]
    assert back["text"].tolist() == ["'=SUM(A1:A2)", "+1", "-3.2", "'@cmd"]
    assert back["more"].tolist()[:3] == ["'-x", "plain", "'\tTAB"] and pd.isna(back["more"][3])
    assert frame["text"][0] == "=SUM(A1:A2)"  # the caller's frame is untouched


@given(st.lists(st.text(min_size=0, max_size=8), min_size=1, max_size=20))
def test_no_text_cell_can_start_a_formula(cells):
    out = neutralize_formulas(pd.DataFrame({"t": cells, "n": np.arange(len(cells), dtype=float)}))
    for original, cell in zip(cells, out["t"]):
        assert cell == original or cell == "'" + original
        if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
            assert float(cell) == float(original)  # only plain numbers keep their sign
    assert out["n"].tolist() == list(range(len(cells)))


# --- the fast checks give the answers of the plain pandas ones -------------------------------------

_CELLS = {
    "number": st.one_of(st.sampled_from([0.0, 1.0, -2.5]), st.just(float("nan"))),
    "text": st.one_of(st.sampled_from(["a", "b", "1", "2.5"]), st.none()),
    "flag": st.sampled_from([True, False]),
    "integer": st.sampled_from([0, 7, -3]),
}


@st.composite
def _tables(draw):
    n_rows = draw(st.integers(1, 30))
    kinds = draw(st.lists(st.sampled_from(sorted(_CELLS)), min_size=1, max_size=4))
    columns = {f"c{i}": draw(st.lists(_CELLS[kind], min_size=n_rows, max_size=n_rows)) for i, kind in enumerate(kinds)}
    frame = pd.DataFrame(columns)
    if draw(st.booleans()) and "c0" in frame and frame["c0"].dtype == object:
        frame["c0"] = frame["c0"].astype("category")
    return frame


@given(_tables())
def test_duplicate_rows_counted_by_hash_as_by_comparison(frame):
    assert count_duplicate_rows(frame) == int(frame.duplicated().sum())


@given(_tables())
def test_constant_columns_found_without_nunique(frame):
    assert constant_columns(frame) == [name for name in frame.columns if frame[name].nunique(dropna=True) == 1]
