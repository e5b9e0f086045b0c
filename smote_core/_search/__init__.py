"""The exact nearest-neighbour search behind ``smote_core._neighbors``, one job per module.

- ``cost``: which path is cheaper, from counted flops and bytes (never a clock);
- ``products``: tiled ``|x|² − 2 q·x`` products of scaled rows and each group's minimum;
- ``screening``: the few groups that surely hold a query row's nearest rows, and their bound;
- ``tree``: candidates from a KD-tree (few features);
- ``rerank``: exact float64 ordering of candidates, ties by position;
- ``bound``: the rounding-error bound that proves a row's answer;
- ``exact``: the loop that ties them together and widens the search for unproven rows;
- ``cross``: for the cleaners, how near the other classes come to each row (one pass per pair);
- ``reach``: for ProWSyn's levels, which rows some query row has among its nearest (the union of
  the answers), searching exactly only the query rows that may add to it.

docs/search.md explains the algorithm and proves the bound.
"""
