"""Categorical codes the stages hand each other: text columns travel as codes through
merges, never as strings."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from integration_indicators.analysis.series import categorical

#: Text columns the engine carries as categories (codes travel through merges, not strings).
CATEGORY_COLUMNS = ("indicator", "geo", "counterpart", "period", "as_of", "qualifier")


def taken_at(column: pd.Series, rows: np.ndarray) -> pd.Categorical:
    """*column* at *rows* (missing where -1), as a categorical built from codes."""
    codes, uniques = pd.factorize(column)
    if not len(codes):
        return categorical(np.full(len(rows), -1), [])
    return categorical(np.where(rows >= 0, codes[np.where(rows >= 0, rows, 0)], -1), uniques)


def row_codes(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """One integer per distinct combination of *columns*, 0 to n - 1 (factorised column by
    column: categorical columns by their codes; renumbered whenever the product of the
    sizes could leave int64)."""
    codes = np.zeros(len(frame), dtype="int64")
    size = 1
    for column in columns:
        column_codes, uniques = pd.factorize(frame[column], use_na_sentinel=False)
        if size * (len(uniques) + 1) >= 2**62:
            distinct, codes = np.unique(codes, return_inverse=True)
            size = len(distinct)
        codes = codes * (len(uniques) + 1) + column_codes
        size *= len(uniques) + 1
    return np.unique(codes, return_inverse=True)[1].astype("int64").reshape(-1)


def mapped_per_category(column: pd.Series, mapping: pd.Series | dict[str, str]) -> np.ndarray:
    """*mapping* of each value of a categorical *column*, looked up once per category
    ("" for a missing value or one the mapping lacks)."""
    categories = pd.Series(np.asarray(column.cat.categories, dtype=object))
    mapped = categories.map(mapping).astype("object").fillna("").to_numpy(dtype=object)
    return np.append(mapped, "")[column.cat.codes.to_numpy()]


def labelled_codes(codes: np.ndarray, labels: Iterable[object]) -> pd.Categorical:
    """A categorical of *labels* from integer *codes*, -1 read as "" (never missing, so
    that the reasons read "" as nothing to say)."""
    label_codes, distinct = pd.factorize(np.asarray(["", *labels], dtype=object))
    return categorical(label_codes[np.asarray(codes, dtype="int64") + 1], distinct)
