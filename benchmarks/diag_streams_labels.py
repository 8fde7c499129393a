"""Which missing labels cost the grouping its recall without labels (a diagnosis, not a test).

Builds ``scenario(10_000, seed=s, label_rate=0.0)`` for a stream set, puts back one kind of
planted label on every item (the texts do not depend on ``label_rate``: the generator draws
the label roll for every item), groups and scores each; ``oracle-cue`` instead gives each
text its planted side as a firm reading of the cues (what a perfect lexicon would give, not
a label, so the subject-group checks still apply). For the pairs of items of one planted
stream that end in different groups it also counts how many have different side readings
(the side :func:`dlxh.synthesis.group_items` works with: label, wording majority, cues),
and how each planted orientation is read. Reads private parts of ``dlxh.synthesis.streams``.

    PYTHONPATH=src python benchmarks/diag_streams_labels.py validation,held-out \\
        1,2,3,4,5,6,7,11 none,orient,oracle-cue,topic,mood,orient+topic

prints one JSON line per set, condition and seed, then the means.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from typing import Any

import attrs

from dlxh.model.enums import Mood
from dlxh.model.opinions import Label, OpinionItem
from dlxh.synthesis import streams
from dlxh.synthesis.concepts import default_thesaurus, strip_places
from dlxh.testing.scenario import (
    SCENARIO_CLASSIFIER,
    Scenario,
    StreamSpec,
    load_stream_specs,
    pairwise_scores,
    scenario,
)

_KINDS = {
    "none": "",
    "orient": "o",
    "topic": "t",
    "mood": "m",
    "orient+topic": "ot",
    "all": "otm",
    "oracle-cue": "",
}
_seen: dict[int, str] = {}
_cluster = streams._cluster
_cue_of = streams._Cues.of
_true_cue: dict[str, str] = {}


def _spy(keys: list[Any], *args: Any, **kwargs: Any) -> list[int]:
    """Keep each item's side as grouping reads it."""
    _seen.clear()
    for key in keys:
        for i in key.items:
            _seen[i] = key.side
    return _cluster(keys, *args, **kwargs)


def _oracle(self: Any, text: str) -> tuple[str, str]:
    side = _true_cue.get(text)
    return _cue_of(self, text) if side is None else (side, "")


def _label(dimension: str, value: str) -> Label:
    return Label(dimension=dimension, value=value, classifier=SCENARIO_CLASSIFIER)


def _labelled(sc: Scenario, specs: tuple[StreamSpec, ...], kinds: str) -> list[OpinionItem]:
    by_id = {spec.id: spec for spec in specs}
    out = []
    for item, stream in zip(sc.items, sc.truth, strict=True):
        spec = by_id[stream]
        labels = []
        if "o" in kinds:
            labels.append(_label("orientation", str(spec.orientation)))
        if "t" in kinds:
            labels.append(_label("topic", spec.topic))
        if "m" in kinds:
            labels += [_label("mood", str(Mood(m))) for m in spec.moods]
        out.append(attrs.evolve(item, labels=tuple(labels)) if labels else item)
    return out


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def _split(truth: list[str], members: list[tuple[int, ...]]) -> tuple[int, int, int]:
    """All pairs of one stream, those split into different groups, and those of them whose
    two items are read as different sides."""
    group_of = {i: g for g, group in enumerate(members) for i in group}
    per: dict[str, dict[str, Counter[int]]] = defaultdict(lambda: defaultdict(Counter))
    for i, stream in enumerate(truth):
        per[stream][_seen.get(i, "?")][group_of[i]] += 1
    actual = split = differ = 0
    for by_side in per.values():
        n = sum(sum(c.values()) for c in by_side.values())
        by_group: Counter[int] = Counter()
        for counts in by_side.values():
            by_group.update(counts)
        apart = _pairs(n) - sum(_pairs(v) for v in by_group.values())
        same_side = sum(
            _pairs(sum(c.values())) - sum(_pairs(v) for v in c.values()) for c in by_side.values()
        )
        actual += _pairs(n)
        split += apart
        differ += apart - same_side
    return actual, split, differ


def run(name: str, seed: int, condition: str) -> dict[str, Any]:
    held = name == "held-out"
    specs = load_stream_specs(True) if held else load_stream_specs(validation=True)
    sc = scenario(10_000, seed=seed, label_rate=0.0, held_out=held, specs=specs)
    items = _labelled(sc, specs, _KINDS[condition]) if _KINDS[condition] else list(sc.items)
    orientation = {spec.id: str(spec.orientation) for spec in specs}
    _true_cue.clear()
    if condition == "oracle-cue":
        markers = default_thesaurus().marker_forms
        votes: dict[str, Counter[str]] = defaultdict(Counter)
        for item, stream in zip(sc.items, sc.truth, strict=True):
            votes[strip_places(item.text, markers)][orientation[stream]] += 1
        for core, counts in votes.items():
            side = counts.most_common(1)[0][0]
            _true_cue[core] = side if side == "approve" else f"~{side}"
    members = [g.members for g in streams.group_items(items)]
    precision, recall, f1 = pairwise_scores(sc.truth, members)
    actual, split, differ = _split(list(sc.truth), members)
    read = Counter(f"{orientation[s]}|{_seen.get(i, '?')}" for i, s in enumerate(sc.truth))
    return {
        "set": name,
        "seed": seed,
        "cond": condition,
        "p": precision,
        "r": recall,
        "f": f1,
        "actual": actual,
        "split": split,
        "diff": differ,
        "read": dict(read),
    }


def main() -> None:
    names, seeds, conditions = sys.argv[1].split(","), sys.argv[2].split(","), sys.argv[3]
    streams._cluster = _spy
    streams._Cues.of = _oracle  # type: ignore[method-assign]
    rows = []
    for name in names:
        for condition in conditions.split(","):
            for seed in seeds:
                rows.append(run(name, int(seed), condition))
                print(json.dumps(rows[-1]), flush=True)
    print("set condition P R F1 recall-lost split-pairs-read-as-different-sides")
    for name in names:
        for condition in conditions.split(","):
            got = [r for r in rows if r["set"] == name and r["cond"] == condition]
            mean = {k: sum(r[k] for r in got) / len(got) for k in ("p", "r", "f")}
            split = sum(r["split"] for r in got)
            lost = split / sum(r["actual"] for r in got)
            differ = sum(r["diff"] for r in got) / max(1, split)
            print(
                f"{name} {condition} {mean['p']:.3f} {mean['r']:.3f} {mean['f']:.3f} "
                f"{lost:.3f} {differ:.2f}"
            )


if __name__ == "__main__":
    main()
