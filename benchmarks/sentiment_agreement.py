"""Pearson r of each sentiment lens against human ratings (NYT editorial snippets, VADER paper's ground truth).

usage: python benchmarks/sentiment_agreement.py ../shared/corpus/sentiment_nyt_editorial/nytEditorialSnippets_GroundTruth.txt
"""

from __future__ import annotations

import sys

import numpy as np

from analysis.sentiment import score_quote


def main(path: str) -> None:
    human, blob, vader = [], [], []
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3:
                continue
            tone = score_quote(parts[2])
            human.append(float(parts[1]))
            blob.append(tone.polarity)
            vader.append(tone.vader)
    h = np.array(human)
    for name, xs in (("TextBlob polarity", blob), ("VADER compound", vader)):
        print(f"{name:18s} r = {np.corrcoef(h, np.array(xs))[0, 1]:.3f}  (n = {len(h):,})")


if __name__ == "__main__":
    main(sys.argv[1])
