"""Cleaning samplers: remove the rows a rule marks (Tomek links, Edited Nearest Neighbours, the
iterative-partitioning filter)."""

from ._enn import EditedNearestNeighbours
from ._ipf import IterativePartitioningFilter
from ._tomek import TomekLinks, tomek_links

__all__ = ["EditedNearestNeighbours", "IterativePartitioningFilter", "TomekLinks", "tomek_links"]
