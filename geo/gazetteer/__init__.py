"""The offline gazetteer: an index of GeoNames names built from what installed packages carry.

:func:`default_gazetteer` loads the index (building it on first use) under the configured data
folder (:mod:`geo.config`); :class:`Gazetteer` looks names up; :class:`Place` is one entry.
"""

from geo.gazetteer.build import build_index
from geo.gazetteer.index import Gazetteer, default_gazetteer, place_dict
from geo.gazetteer.places import ADMIN_CODES, Place, name_prior, split_admin_suffix

__all__ = [
    "ADMIN_CODES",
    "Gazetteer",
    "Place",
    "build_index",
    "default_gazetteer",
    "name_prior",
    "place_dict",
    "split_admin_suffix",
]
