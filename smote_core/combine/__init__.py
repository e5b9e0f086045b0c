"""Combined samplers: SMOTE, then a cleaner over the originals and the new rows together."""

# the over-samplers first: SMOTE-IPF among them builds on this package's base, which imports SMOTE from there
from .. import over_sampling  # noqa: F401
from ._smote_enn import SMOTEENN
from ._smote_tomek import SMOTETomek

__all__ = ["SMOTEENN", "SMOTETomek"]
