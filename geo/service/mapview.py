"""The map of a session and what follows its date range.

The map gets every feature of the session's view once, for every date: the browser filters it
by day (static/atlas/map.js), so moving the range never redraws the map. Control zones and
frontlines change only on the days an observation or a control polygon is dated, so the map
gets one set per such day, each holding until the next; the browser shows the set holding on
the range's last day. The tables, chart and downloads get the same rows for the range
(:func:`in_range`), from the range the map sends back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

import geopandas as gpd
import pandas as pd

from geo.analysis.control import ControlMap, control_map, event_observations, main_country
from geo.analysis.repeats import merge_repeated_figures
from geo.features import (
    CRS,
    KINDS,
    as_timestamps,
    concat_features,
    empty_features,
    filter_kinds,
)
from geo.render.layers import Memo, digest, map_layers
from geo.service.control import ControlFiles
from geo.service.views import ZONE_KINDS, Period, View, in_view
from geo.store import GeoPackageStore, Store

MAX_SNAPSHOTS = 30
"""Zone sets sent with the map at most; with more change days, some are left out (the
browser then shows the latest set on or before the range's last day, and says its day)."""
SNAPSHOT_BUDGET = 6000
"""Places times zone sets tessellated at most (each set takes about 0.4 ms a place here):
with many places observed, fewer sets, at least MIN_SNAPSHOTS."""
MIN_SNAPSHOTS = 8
_CACHE_SIZE = 8


@dataclass(frozen=True)
class Snapshot:
    """The zones and frontlines holding from ``since`` until ``until`` (None: still)."""

    since: date
    until: date | None
    zones: ControlMap


@dataclass(frozen=True)
class MapFeatures:
    """What the session's map draws: every feature of its view and chosen kinds for every date
    (the index is each feature's id on the map), the zone sets, and the dated span."""

    features: gpd.GeoDataFrame
    snapshots: tuple[Snapshot, ...] = ()
    span: tuple[date, date] | None = None
    thinned: bool = False  # fewer zone sets than change days
    # what reading the store had to say (a count no feature can hold, left empty)
    warnings: tuple[str, ...] = ()

    def in_range(self, period: Period | None) -> gpd.GeoDataFrame:
        """The features the range shows (see :func:`in_range`)."""
        return in_range(self.features, period)

    def zones_as_of(self, day: date | None) -> ControlMap | None:
        """The zone set holding on ``day`` (the range's last day; None: the latest set)."""
        held = [s for s in self.snapshots if day is None or s.since <= day]
        if not held:
            return None
        if day is None or self.thinned:
            return held[-1].zones
        return replace(held[-1].zones, as_of=day)  # nothing changed since its day


_snapshots: Memo[Hashable, tuple[Snapshot, ...]] = Memo(_CACHE_SIZE)


def _thin(days: list[date], most: int) -> list[date]:
    """At most ``most`` of ``days``, evenly picked, the last one always kept."""
    if len(days) <= most:
        return days
    step = len(days) / most
    picked = {days[min(len(days) - 1, int(i * step))] for i in range(most - 1)}
    return sorted(picked | {days[-1]})


def _files_key(files: ControlFiles) -> Hashable:
    """What identifies the control files' content."""
    digest = hashlib.sha1()
    for name in sorted(files.polygons):
        frame = files.polygons[name]
        digest.update(name.encode() + b"".join(frame.geometry.to_wkb()))
        digest.update(str(list(frame["date"])).encode())
    if files.region is not None:
        digest.update(files.region[0].encode() + files.region[1].wkb)
    observations = tuple(o for name in sorted(files.observations) for o in files.observations[name])
    return observations, digest.hexdigest()


def zone_snapshots(
    features: gpd.GeoDataFrame, files: ControlFiles, most: int = MAX_SNAPSHOTS
) -> tuple[tuple[Snapshot, ...], bool]:
    """One zone set per change day (at most ``most``, fewer for many places), each holding
    until the next, from the events among ``features`` and the control files (as
    geo.service.control.control_for draws one day's); and whether days were left out.
    Remembered for the last few inputs: every rerun of every session asks again."""
    observations = list(event_observations(features).observations)
    observations.extend(o for name in sorted(files.observations) for o in files.observations[name])
    polygons = [files.polygons[name] for name in sorted(files.polygons)]
    all_days = {o.date for o in observations}
    all_days.update(pd.Timestamp(d).date() for f in polygons for d in f["date"] if pd.notna(d))
    places = len({(o.lon, o.lat) for o in observations})
    most = min(most, max(MIN_SNAPSHOTS, SNAPSHOT_BUDGET // max(places, 1)))
    days = _thin(sorted(all_days), most)
    key = (tuple(observations), _files_key(files), tuple(days))

    def compute() -> tuple[Snapshot, ...]:
        country = main_country(features)
        region_name, region = files.region or ("", None)
        snapshots = []
        for index, day in enumerate(days):
            zones = control_map(observations, as_of=day, polygons=polygons, boundary=region,
                                boundary_name=region_name, country=country)  # fmt: skip
            if zones.features.empty:
                continue
            until = days[index + 1] - timedelta(days=1) if index + 1 < len(days) else None
            snapshots.append(Snapshot(day, until, zones))
        return tuple(snapshots)

    return _snapshots.get(key, compute), len(days) < len(all_days)


def _snapshot_features(snapshots: Sequence[Snapshot], kinds: Sequence[str]) -> gpd.GeoDataFrame:
    frames = []
    for snapshot in snapshots:
        frame = filter_kinds(snapshot.zones.features, kinds)
        frame["start"] = snapshot.since
        frame["end"] = snapshot.until
        frames.append(frame)
    return concat_features(empty_features(), *frames)


_drawn: Memo[Hashable, MapFeatures] = Memo(_CACHE_SIZE)


def map_features(store: Store, view: View, files: ControlFiles) -> MapFeatures:
    """Every feature the session's map can draw, for every date: the stored features in
    ``view`` (a figure several articles repeat, once) and the zone sets. Choosing kinds
    (:func:`of_kinds`) keeps each feature's id. Remembered for the last few stores' contents,
    so a rerun only reads the store, or not even that while the store is unchanged (see
    :func:`store_version`)."""
    version = store_version(store)
    if version is None:
        return _read_and_draw(store, view, files)
    key = (version, None if view is None else frozenset(view), _files_key(files))
    return _unchanged.get(key, lambda: _read_and_draw(store, view, files))


def _read_and_draw(store: Store, view: View, files: ControlFiles) -> MapFeatures:
    everything = in_view(store.read(), view)
    # what reading said is part of the key: an emptied count digests like a missing one
    said = tuple(everything.attrs.get("warnings", ()))
    key = (digest(everything), said, _files_key(files))
    return _drawn.get(key, lambda: _drawn_for(everything, files, said))


_unchanged: Memo[Hashable, MapFeatures] = Memo(_CACHE_SIZE)


def store_version(store: Store) -> Hashable | None:
    """What changes whenever the store's contents may have, without reading them: for a
    GeoPackage, the inode, size and modification time of the file and of its write-ahead log
    (each commit writes one of them, whichever process makes it). None for other stores: they
    are read every time."""
    if not isinstance(store, GeoPackageStore):
        return None
    stamps: list[tuple[int, int, int] | None] = []
    for path in (store.path, store.path.with_name(store.path.name + "-wal")):
        try:
            stat = path.stat()
        except FileNotFoundError:
            stamps.append(None)
            continue
        except OSError:
            return None
        stamps.append((stat.st_ino, stat.st_size, stat.st_mtime_ns))
    return (str(store.path), *stamps)


def _drawn_for(
    everything: gpd.GeoDataFrame, files: ControlFiles, said: tuple[str, ...] = ()
) -> MapFeatures:
    features = merge_repeated_figures(everything)
    events = everything.loc[everything["kind"].isin(["event", "place"]).to_numpy()]
    snapshots, thinned = zone_snapshots(events, files)
    features = concat_features(features, _snapshot_features(snapshots, ZONE_KINDS))
    features = gpd.GeoDataFrame(features.reset_index(drop=True), geometry="geometry", crs=CRS)
    return MapFeatures(features, snapshots, dated_span(features), thinned, said)


def warm(store: Store) -> None:
    """Compute the map a new session opens on (every stored feature, every kind, no control
    files) so that its first visitor does not wait for it: the app's launcher calls this while
    the server starts, and a session asking meanwhile waits for this result."""
    drawn = map_features(store, None, ControlFiles())
    map_layers(of_kinds(drawn.features, kinds_present(drawn.features)))


def kinds_present(features: gpd.GeoDataFrame) -> list[str]:
    """The kinds of feature there is something of, in the usual order."""
    present = set(features["kind"]) if not features.empty else set()
    return [kind for kind in KINDS if kind in present]


def of_kinds(features: gpd.GeoDataFrame, kinds: Sequence[str]) -> gpd.GeoDataFrame:
    """The features of ``kinds``, each keeping its id (its index): ``features`` itself when
    that is all of them (the map of a frame seen before is not digested again)."""
    wanted = features["kind"].isin(list(kinds)).to_numpy()
    return features if wanted.all() else features.loc[wanted]


def dated_span(features: gpd.GeoDataFrame) -> tuple[date, date] | None:
    """The first and last day any feature touches (a zone set: its first day, as map.js
    reads it); None with no dates."""
    if features.empty:
        return None
    zone = features["kind"].isin(ZONE_KINDS).to_numpy()
    days = pd.concat(
        [as_timestamps(features["start"]), as_timestamps(features.loc[~zone, "end"])]
    ).dropna()
    if days.empty:
        return None
    return days.min().date(), days.max().date()


def in_range(features: gpd.GeoDataFrame, period: Period | None) -> gpd.GeoDataFrame:
    """The rows the range shows, with their index (their ids on the map): a feature whose
    [start, end] overlaps the range (one date: that day; none: kept when undated ones are);
    a zone or frontline holding on the range's last day. The same rule as map.js."""
    if period is None or features.empty:
        return features
    first_day, last_day, undated = period
    first = as_timestamps(features["start"])
    last = as_timestamps(features["end"])
    first_or_last, last_or_first = first.fillna(last), last.fillna(first)
    end = pd.Timestamp(last_day)
    zone = features["kind"].isin(ZONE_KINDS)
    holds = (first.isna() | (first <= end)) & (last.isna() | (last >= end))
    overlaps = (first_or_last <= end) & (last_or_first >= pd.Timestamp(first_day))
    keep = (zone & holds) | (~zone & (overlaps | (first_or_last.isna() & undated)))
    return features.loc[keep.to_numpy()]


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def chosen_period(
    sent: Mapping[str, Any] | None, address: Mapping[str, Any], span: tuple[date, date] | None
) -> Period | None:
    """The range to show: the last one the map ``sent`` (no dates: the whole span), else the
    page address's ``start``/``end``/``undated`` (a shared link), else the whole ``span``;
    clipped to the span. None when nothing is dated."""
    source = sent if sent is not None else address
    undated = source.get("undated", True) not in (False, "hide", "false", "0")
    first, last = _day(source.get("start")), _day(source.get("end"))
    if first is None or last is None:
        return None if span is None else (span[0], span[1], undated)
    return _clip(min(first, last), max(first, last), undated, span)


def _clip(first: date, last: date, undated: bool, span: tuple[date, date] | None) -> Period:
    if span is not None:
        first = min(max(first, span[0]), span[1])
        last = min(max(last, span[0]), span[1])
    return first, last, undated
