"""Reading uploads, choosing the target, marking categories and handling missing values, before any page."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard import tabular
from smote_core.datasets import dataset_names, load_dataset

GOOD = b"age,income,region,label\n" + b"".join(
    f"{20 + i % 40},{1000 + 37 * i},{'nsew'[i % 4]},{'yes' if i % 5 == 0 else 'no'}\n".encode() for i in range(60)
)


def upload(raw: bytes, **kwargs) -> tabular.Source:
    return tabular.read_upload("data.csv", raw, 200, **kwargs)


def test_a_good_upload_is_read_with_its_target_guessed():
    source = upload(GOOD)
    assert source.default_target == "label" and source.encoding == "utf-8" and source.delimiter == ","
    prepared = tabular.prepare(source, "label")
    assert prepared.features == ["age", "income", "region"]
    assert prepared.numeric == ["age", "income"] and prepared.non_numeric == ["region"]
    assert prepared.counts == {"no": 48, "yes": 12}
    assert list(prepared.table.columns) == ["age", "income", "region", "label"]


def test_semicolon_and_utf16_files_are_detected():
    text = GOOD.decode().replace(",", ";")
    assert upload(text.encode()).delimiter == ";"
    source = upload(text.encode("utf-16"))
    assert source.encoding == "utf-16" and len(source.frame) == 60


def test_the_key_follows_the_content_and_the_encoding():
    assert upload(GOOD).key == upload(GOOD).key
    assert upload(GOOD).key != upload(GOOD + b"30,1,n,no\n").key
    assert upload(GOOD).key != upload(GOOD, encoding="latin-1").key


@pytest.mark.parametrize("raw, words", [
    (b"", "empty"),
    (b"PK\x03\x04rest", "ZIP archive"),
])
def test_unreadable_files_raise_what_to_do(raw, words):
    with pytest.raises(ValueError, match=words):
        upload(raw)


def test_a_legacy_file_is_detected_and_the_note_says_so():
    source = upload("a,b,label\n1,café,x\n2,thé,y\n".encode("cp1252"))
    assert source.frame["b"].tolist() == ["café", "thé"] and source.encoding == "cp1252"
    assert "read as Windows-1252 (cp1252)" in source.encoding_note
    assert tabular.read_note(source) == "Read as Windows-1252 (cp1252) CSV, comma-separated: 2 rows, 3 columns."
    with pytest.raises(ValueError, match="not valid UTF-8"):
        upload("a,b,label\n1,café,x\n".encode("cp1252"), encoding="utf-8")


def test_a_named_encoding_reads_a_legacy_file():
    source = upload("a,b,label\n1,café,x\n2,thé,y\n".encode("cp1252"), encoding="cp1252")
    assert source.frame["b"].tolist() == ["café", "thé"]


def test_the_size_limit_comes_from_the_caller():
    with pytest.raises(ValueError, match="more than the 1 MB limit"):
        tabular.read_upload("big.csv", b"x" * (2 * 1024 * 1024), 1)


@pytest.mark.parametrize("raw, target, words", [
    (b"a,b,label\n1,2,x\n3,4,x\n5,6,x\n", "label", "1 class"),
    (b"name,city,label\nann,rome,x\nbob,oslo,y\ncid,rome,x\ndan,oslo,y\n", "label", "no numeric feature column"),
    (b"a,b,label\n1,2,x\n3,4,x\n5,6,y\n7,8,x\n", "label", "single row"),
    (b"a,label\n1.5,x\n2.5,y\n", "a", "continuous"),
])
def test_unusable_tables_raise_what_to_do(raw, target, words):
    with pytest.raises(ValueError, match=words):
        tabular.prepare(upload(raw), target)


def test_identifier_and_constant_columns_are_left_out_and_said_so():
    frame = pd.DataFrame({"customer_id": range(30), "same": 1, "x": np.linspace(0, 1, 30),
                          "label": ["a"] * 20 + ["b"] * 10})
    prepared = tabular.prepare(tabular.Source("t", "t", frame), "label")
    assert prepared.features == ["x"]
    assert prepared.kinds["customer_id"] == "identifier" and prepared.kinds["same"] == "constant"
    assert any("customer_id (identifier)" in note for note in prepared.notes)


def test_marking_a_numeric_column_categorical_changes_its_dtype_and_kind():
    source = upload(GOOD)
    assert "age" in tabular.switchable_columns(source, "label")
    prepared = tabular.prepare(source, "label", categorical=("age",))
    assert isinstance(prepared.table["age"].dtype, pd.CategoricalDtype)
    assert prepared.kinds["age"] == "categorical" and prepared.numeric == ["income"]
    assert prepared.key != tabular.prepare(source, "label").key


MISSING = b"x,y,label\n1,,a\n2,5,a\n,6,a\n4,7,a\n5,8,b\n6,9,b\n7,1,b\n"


def test_missing_values_need_a_choice_and_are_counted():
    source = upload(MISSING)
    report = tabular.missing_report(source.frame, "label")
    assert report.cells == {"x": 1, "y": 1} and report.rows == 2 and report.n_rows == 7
    with pytest.raises(ValueError, match="choose whether to drop"):
        tabular.prepare(source, "label")


def test_dropping_rows_with_missing_values():
    prepared = tabular.prepare(upload(MISSING), "label", missing=tabular.MISSING_DROP)
    assert len(prepared.table) == 5 and not prepared.table.isna().any().any()
    assert prepared.notes == ["Dropped 2 of 7 rows with missing values."]


def test_filling_uses_the_median_and_the_most_frequent_value():
    raw = b"x,kind,label\n1,u,a\n,u,a\n3,,a\n10,v,b\n11,u,b\n12,v,b\n"
    prepared = tabular.prepare(upload(raw), "label", missing=tabular.MISSING_FILL)
    assert prepared.table.loc[1, "x"] == 10.0  # median of 1, 3, 10, 11, 12
    assert prepared.table.loc[2, "kind"] == "u"
    assert len(prepared.table) == 6 and "Filled missing values" in prepared.notes[0]


@pytest.mark.parametrize("name", dataset_names())
def test_every_demo_prepares(name):
    source = tabular.demo_source(name)
    frame, target = load_dataset(name)
    prepared = tabular.prepare(source, source.default_target)
    assert source.default_target == target and len(prepared.table) == len(frame)


def test_target_guess_prefers_a_usual_name_then_few_values():
    assert tabular.guess_target(pd.DataFrame({"Outcome": [0, 1], "x": [1.0, 2.0]})) == "Outcome"
    frame = pd.DataFrame({"kind": ["a", "b"] * 10, "x": np.arange(20.0)})
    assert tabular.guess_target(frame) == "kind"
