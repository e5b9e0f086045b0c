"""Combined samplers: SMOTE, then a cleaner over the originals and the new rows together."""

from ._smote_enn import SMOTEENN
from ._smote_tomek import SMOTETomek

__all__ = ["SMOTEENN", "SMOTETomek"]
