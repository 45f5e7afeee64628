"""Document-level disambiguation: pick one gazetteer place for each mention.

Each name gets one place per document (one sense per discourse). A candidate's score adds its
prior (population, feature type, main name or alternate), the document's country focus (countries
named, and countries of big unambiguous towns), an admin-suffix rule ("Idlib Province" is the
governorate; a bare "Idlib" is the town when both exist) and closeness to the other places chosen.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from extract.normalize import name_key
from extract.records import Mention
from extract.toponyms import mention_key
from geo.gazetteer import Gazetteer, Place, name_prior
from geo.geodesy import great_circle_km
from geo.geoparse.score import Evidence, probability

_FOCUS_WEIGHT = 3.0  # a candidate in the document's main country gains up to this much
_NEAR_WEIGHT = 2.0  # a candidate next to the other places gains up to this much
_NEAR_KM = 250.0
_INSIDE_WEIGHT = 2.5  # a town inside an admin area the document names ("Moscow", "Idaho")
_BIG_FEATURES = frozenset({"PCLI", "CONT", "RGN"})


@dataclass(frozen=True)
class Resolved:
    """A mention placed on the map.

    ``geo_precision`` is 1 for a town or city, 2 for an admin area or region, 3 for a country or
    continent. ``demonym`` marks mentions like "Syrian" that name a country by its people.
    ``note`` says how a name the gazetteer does not hold was placed: at a near spelling
    ("spelled Quamishli in the text"), or at the place its sentence ties it to ("not in
    gazetteer, southern countryside of Idlib"), ``place`` being that place.
    """

    mention: Mention
    place: Place
    score: float  # calibrated probability of a toponym placed within 161 km (geo.geoparse.score)
    geo_precision: int
    evidence: Evidence
    demonym: bool = False
    note: str = ""
    anchored: bool = False  # placed at another place: the name itself is not in the gazetteer

    @property
    def label(self) -> str:
        """The name to show: the gazetteer's, or the text's own with how it was placed."""
        if self.anchored:
            return f"{self.mention.text} ({self.note})"
        return self.place.name


@dataclass(frozen=True)
class _Name:
    key: str
    admin: bool  # written with an admin suffix ("Idlib Province")
    candidates: tuple[tuple[Place, bool], ...]  # (place, named by its main name)


def _focus(names: dict[tuple[str, bool], _Name], counts: Counter[tuple[str, bool]]) -> Counter[str]:
    """Countries the document is about: those named, and homes of big unambiguous towns."""
    focus: Counter[str] = Counter()
    for ident, name in names.items():
        places = [place for place, _ in name.candidates]
        countries = [p for p in places if p.feature_code == "PCLI"]
        if countries:
            focus[countries[0].country_code] += 2 * counts[ident]
            continue
        ranked = sorted(places, key=lambda p: p.importance, reverse=True)
        top = ranked[0]
        clear = len(ranked) == 1 or ranked[1].importance < top.importance - 1.0
        big = top.population >= 50_000 or top.feature_code == "ADM1"
        if top.country_code and clear and big:
            focus[top.country_code] += counts[ident]
    return focus


def resolve(
    mentions: Sequence[Mention], gazetteer: Gazetteer, fronts: Sequence[str] = ()
) -> list[Resolved]:
    """Place every mention that the gazetteer knows, using the whole document as context.

    Parameters
    ----------
    mentions
        Mentions of one document (from :func:`extract.toponyms.find_mentions`).
    gazetteer
        The offline index the mentions' names came from.
    fronts
        Countries the text's armed groups fight in (ISO codes): each counts as a country the
        text names ("Al Bayda" in a note on AQAP is Yemen's, not Libya's).

    Returns
    -------
    list of Resolved
        In mention order; mentions with no candidate are left out.
    """
    idents: list[tuple[str, bool]] = []
    names: dict[tuple[str, bool], _Name] = {}
    for mention in mentions:
        key, admin = mention_key(mention)
        ident = (key, admin)
        if ident not in names:
            entries = gazetteer.entries(key)
            if not entries and admin:
                entries = gazetteer.entries(name_of(mention))
            names[ident] = _Name(key, admin, tuple(entries))
        idents.append(ident)
    names = {ident: name for ident, name in names.items() if name.candidates}
    counts = Counter(ident for ident in idents if ident in names)
    choice = _choose(names, counts, fronts)
    demonyms = gazetteer.demonym_keys
    out: list[Resolved] = []
    for mention, ident in zip(mentions, idents, strict=True):
        if ident not in choice:
            continue
        place, confidence = choice[ident]
        evidence = Evidence(
            recognition=mention.score,
            share=confidence,
            ner_label=mention.ner_label,
            population=place.population,
            geo_precision=place.geo_precision,
            text=mention.text,
        )
        out.append(
            Resolved(
                mention=mention,
                place=place,
                score=round(probability(evidence), 3),
                geo_precision=place.geo_precision,
                demonym=ident[0] in demonyms,
                evidence=evidence,
            )
        )
    return out


def name_of(mention: Mention) -> str:
    """The mention's full normalised name, suffix included."""
    return name_key(mention.text)


def _choose(
    names: dict[tuple[str, bool], _Name],
    counts: Counter[tuple[str, bool]],
    fronts: Sequence[str] = (),
) -> dict[tuple[str, bool], tuple[Place, float]]:
    """Score candidates of every distinct name; return the winner and its share of the vote."""
    focus = _focus(names, counts)
    focus.update({code: 2 for code in fronts})  # as a country named once
    total = sum(focus.values()) or 1
    priors: dict[tuple[str, bool], np.ndarray] = {}
    for ident, name in names.items():
        siblings = {
            (p.country_code, p.admin1_code) for p, _ in name.candidates if p.feature_code == "ADM1"
        }
        priors[ident] = np.array(
            [
                name_prior(place, is_main, admin=name.admin, siblings=siblings)
                + _FOCUS_WEIGHT * focus[place.country_code] / total
                for place, is_main in name.candidates
            ]
        )
    chosen = {ident: int(np.argmax(scores)) for ident, scores in priors.items()}
    for _ in range(2):
        chosen = _by_distance(names, priors, chosen)
    result: dict[tuple[str, bool], tuple[Place, float]] = {}
    for ident, name in names.items():
        scores = _with_distance(names, priors, chosen, ident)
        best = int(np.argmax(scores))
        weights = np.exp(scores - scores.max())
        result[ident] = (name.candidates[best][0], float(0.5 + 0.5 * weights[best] / weights.sum()))
    return result


def _by_distance(
    names: dict[tuple[str, bool], _Name],
    priors: dict[tuple[str, bool], np.ndarray],
    chosen: dict[tuple[str, bool], int],
) -> dict[tuple[str, bool], int]:
    return {ident: int(np.argmax(_with_distance(names, priors, chosen, ident))) for ident in names}


def _with_distance(
    names: dict[tuple[str, bool], _Name],
    priors: dict[tuple[str, bool], np.ndarray],
    chosen: dict[tuple[str, bool], int],
    ident: tuple[str, bool],
) -> np.ndarray:
    """Prior plus a bonus for being near the places chosen for the document's other names."""
    scores = priors[ident]
    name = names[ident]
    if len(name.candidates) == 1:
        return scores
    others = [
        names[o].candidates[i][0]
        for o, i in chosen.items()
        if o != ident and names[o].candidates[i][0].feature_code not in _BIG_FEATURES
    ]
    if not others:
        return scores
    areas = {(p.country_code, p.admin1_code) for p in others if p.feature_code == "ADM1"}
    lats = np.array([p.lat for p in others])
    lons = np.array([p.lon for p in others])
    near = np.array(
        [
            float(np.exp(-great_circle_km(p.lat, p.lon, lats, lons).min() / _NEAR_KM))
            for p, _ in name.candidates
        ]
    )
    inside = np.array(
        [
            p.feature_code != "ADM1" and (p.country_code, p.admin1_code) in areas
            for p, _ in name.candidates
        ],
        dtype=float,
    )
    return np.asarray(scores + _NEAR_WEIGHT * near + _INSIDE_WEIGHT * inside)
