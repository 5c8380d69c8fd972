"""Tests of the event recorder."""

import pandas as pd
import pytest

from sim.recorder import EventRecorder


def test_to_frame_columns_dtypes_categories():
    rec = EventRecorder(["t", "who", "kind"])
    rec.record(0.5, 1, 0)
    rec.append((1.5, 2, 2))
    rec.record(2.0, 3, 1)
    assert len(rec) == 3
    df = rec.to_frame(dtypes={"who": "int32", "t": "float32"}, categories={"kind": ["a", "b", "c"]})
    assert list(df.columns) == ["t", "who", "kind"]
    assert df["who"].dtype == "int32" and df["t"].dtype == "float32"
    assert isinstance(df["kind"].dtype, pd.CategoricalDtype)
    assert list(df["kind"].cat.categories) == ["a", "b", "c"]
    assert df["kind"].tolist() == ["a", "c", "b"]


def test_bad_codes_and_columns():
    rec = EventRecorder(["t", "kind"])
    rec.record(0.0, 5)
    with pytest.raises(ValueError, match="kind"):
        rec.to_frame(categories={"kind": ["a"]})
    with pytest.raises(KeyError, match="nope"):
        rec.to_frame(dtypes={"nope": "int8"})


def test_disabled_records_nothing():
    rec = EventRecorder(["t", "x"], enabled=False)
    rec.record(1.0, 2)
    rec.append((1.0, 2))
    assert len(rec) == 0 and rec.rows == []
    df = rec.to_frame(categories={"x": ["a"]})
    assert list(df.columns) == ["t", "x"] and len(df) == 0
