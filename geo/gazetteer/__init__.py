"""The offline gazetteer: an index of GeoNames names built from what installed packages carry.

:func:`default_gazetteer` loads the index (building it on first use) under the configured data
folder (:mod:`geo.config`); :class:`Gazetteer` looks names up; :class:`Place` is one entry.
"""

from geo.gazetteer.adding import add_gazetteer, remove_gazetteer
from geo.gazetteer.build import build_index
from geo.gazetteer.index import Gazetteer, default_gazetteer, place_dict
from geo.gazetteer.places import ADMIN_CODES, Place, name_prior, split_admin_suffix
from geo.gazetteer.readers import SUFFIXES
from geo.gazetteer.sources import AddedSource, list_sources

__all__ = [
    "ADMIN_CODES",
    "SUFFIXES",
    "AddedSource",
    "Gazetteer",
    "Place",
    "add_gazetteer",
    "build_index",
    "default_gazetteer",
    "list_sources",
    "name_prior",
    "place_dict",
    "remove_gazetteer",
    "split_admin_suffix",
]
