"""Cleaning samplers: remove the rows a rule marks (Tomek links, Edited Nearest Neighbours)."""

from ._enn import EditedNearestNeighbours
from ._tomek import TomekLinks, tomek_links

__all__ = ["EditedNearestNeighbours", "TomekLinks", "tomek_links"]
