"""The one great-circle distance: a degree of longitude at the equator, Idlib to Aleppo, and one
point against many at once."""

from __future__ import annotations

import numpy as np
import pytest

from geo.geodesy import great_circle_km


def test_a_degree_along_the_equator_is_111_km() -> None:
    assert great_circle_km(0.0, 0.0, 0.0, 1.0) == pytest.approx(111.19, abs=0.01)


def test_idlib_to_aleppo_is_about_56_km() -> None:
    # Idlib (35.93, 36.63) and Aleppo (36.20, 37.16), their GeoNames points, as the crow flies
    assert great_circle_km(35.93062, 36.63393, 36.20124, 37.16117) == pytest.approx(56.1, abs=0.2)


def test_one_point_against_many_gives_an_array_in_order() -> None:
    km = great_circle_km(0.0, 0.0, np.array([0.0, 1.0, 0.0]), np.array([0.0, 0.0, 180.0]))
    assert isinstance(km, np.ndarray)
    assert km.tolist() == pytest.approx([0.0, 111.19, 20015.1], abs=0.1)
