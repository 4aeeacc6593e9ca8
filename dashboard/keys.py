"""The keys of the widgets bound to the URL, written once: each is the widget's key, its query parameter and the
share link's (no Streamlit here)."""

from __future__ import annotations

# the sidebar: the data source and the filters
FOLDER = "folder"
DATES = "dates"
UNDATED = "undated"
OUTLETS = "outlets"
ACTORS = "actors"
SPEAKERS = "speakers"
TROOPS_OF = "troops_of"
POLARITY = "polarity"
SEARCH = "q"
ONCE = "once"
FREQ = "freq"
TAB = "tab"
LISTS = (OUTLETS, ACTORS, SPEAKERS, TROOPS_OF)  # the multiselects: a value the data lacks is dropped
# the views' own settings
COVERAGE_AS = "cov_as"
PER_ARTICLE = "norm"
COMENTION_N = "comention_n"
LENS = "lens"
TOP_SPEAKERS = "top_speakers"
