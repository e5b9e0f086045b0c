"""Tomek links among the original rows (in Spark) and the synthetic rows (on the driver).

Every link has an end outside the largest class, so the nearest neighbour of each such row (collected
originals and synthetic rows) is searched over the table and over the synthetic rows; the rows of the
largest class named by one of them (the candidate partners) then have their own nearest neighbour
searched the same way. A link is a pair of rows of different classes that are each other's nearest
neighbour; both ends are removed (``TomekLinks`` with ``sampling_strategy="all"``, as ``SMOTETomek``
uses it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._search import Queries, merge_found, top_k
from ._techniques import collect_ids, search_rows


@dataclass
class Points:
    """Rows known on the driver: ids, class codes, numeric values."""

    ids: np.ndarray
    codes: np.ndarray
    values: np.ndarray

    def take(self, mask) -> Points:
        return Points(self.ids[mask], self.codes[mask], self.values[mask])

    def concat(self, other: Points) -> Points:
        return Points(np.concatenate([self.ids, other.ids]), np.concatenate([self.codes, other.codes]),
                      np.vstack([self.values, other.values]))

    def frame(self, features: list) -> pd.DataFrame:
        out = pd.DataFrame(self.values, columns=features)
        out["id"], out["code"] = self.ids, self.codes
        return out


def tomek_links(prepared, originals: Points, synthetic: Points, largest: int) -> pd.DataFrame:
    """Rows in a Tomek link: columns ``id``, ``code``, ``partner`` (the other end's id).

    Parameters
    ----------
    originals : Points
        The collected original rows of every class but ``largest``.
    synthetic : Points
        Every synthetic row.
    largest : int
        Code of the class whose original rows stay in Spark.
    """
    stacked = originals.concat(synthetic)
    queries = stacked.take(stacked.codes != largest)
    first = _nearest(prepared, queries, synthetic)
    named = first["id"].to_numpy()[first["code"].to_numpy() == largest]
    partner_ids = np.unique(named)
    from_table = partner_ids[~np.isin(partner_ids, synthetic.ids)]
    rows = collect_ids(prepared, from_table)
    partners = Points(rows[prepared.id_col].to_numpy(np.int64), np.full(len(rows), largest, dtype=np.int32),
                      rows[prepared.numeric].to_numpy(np.float64)).concat(
        synthetic.take(np.isin(synthetic.ids, partner_ids)))
    second = (_nearest(prepared, partners, synthetic) if len(partners.ids)
              else pd.DataFrame({"id": np.empty(0, dtype=np.int64)}))
    ids = np.concatenate([queries.ids, partners.ids])
    codes = np.concatenate([queries.codes, partners.codes])
    nearest = np.concatenate([first["id"].to_numpy(), second["id"].to_numpy()])
    position = pd.Series(np.arange(len(ids)), index=ids)
    back = position.reindex(nearest).to_numpy()
    known = ~np.isnan(back)
    at = back[known].astype(np.intp)
    mutual = np.zeros(len(ids), dtype=bool)
    mutual[known] = (nearest[at] == ids[known]) & (codes[at] != codes[known])
    return pd.DataFrame({"id": ids[mutual], "code": codes[mutual], "partner": nearest[mutual]})


def _nearest(prepared, queries: Points, synthetic: Points) -> pd.DataFrame:
    """Nearest row (table or synthetic) of each query: columns q, id, code, dist, one row per query."""
    search = Queries(queries.values, queries.ids, 1)
    in_table = search_rows(prepared, search)
    among_synthetic = top_k([synthetic.frame(prepared.numeric)], search, prepared.numeric)
    ids, codes, dists = merge_found([in_table, among_synthetic], len(queries.ids), 1)
    return pd.DataFrame({"id": ids[:, 0], "code": codes[:, 0], "dist": dists[:, 0]})
