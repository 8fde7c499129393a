"""Concept weights, the signature merge, and the validation stream set."""

from __future__ import annotations

import pytest

from dlxh.errors import FormatError
from dlxh.model.enums import Orientation
from dlxh.model.opinions import OpinionItem
from dlxh.synthesis.concepts import default_thesaurus, thesaurus_from_document
from dlxh.synthesis.similarity import idf_weights
from dlxh.synthesis.streams import GroupingSettings, group_items
from dlxh.testing.scenario import StreamSpec, load_stream_specs, pairwise_scores, scenario


def test_a_concept_weight_scales_its_feature() -> None:
    doc = {
        "concepts": {
            "pension": {"label": "Lương hưu", "terms": ["lương hưu"]},
            "rise": {"label": "Tăng", "terms": ["tăng lên"], "weight": 0.5},
        }
    }
    thesaurus = thesaurus_from_document(doc)
    assert thesaurus.weights == {"@rise": 0.5}
    weights = idf_weights(
        {"@pension": 10, "@rise": 10, "word": 10},
        100,
        floor=1.0,
        concept_weight=3.0,
        bigram_weight=0.3,
        concept_factors=thesaurus.weights,
    )
    assert weights["@pension"] == pytest.approx(3 * weights["word"])
    assert weights["@rise"] == pytest.approx(1.5 * weights["word"])
    # An extension may set a weight back to 1.
    again = thesaurus_from_document({"concepts": {"rise": {"weight": 1}}}, base=thesaurus)
    assert again.weights == {}


@pytest.mark.parametrize("weight", [-1, "heavy", True])
def test_a_bad_concept_weight_is_a_format_error(weight: object) -> None:
    with pytest.raises(FormatError, match="weight"):
        thesaurus_from_document({"concepts": {"rise": {"terms": ["tăng"], "weight": weight}}})


def test_the_shipped_thesaurus_weighs_generic_aspects_below_matters() -> None:
    thesaurus = default_thesaurus()
    for aspect in ("@speed", "@request", "@hardship", "@quality"):
        assert 0 < thesaurus.weights[aspect] < 1
    # Matters, and the words of direction that say what happens to them, weigh in full.
    for full in ("@pension", "@water-supply", "@traffic-fines", "@fake-news", "@increase", "@cut"):
        assert full not in thesaurus.weights
    assert len(thesaurus.labels) >= 95


def test_the_validation_set_is_a_third_set_of_other_matters() -> None:
    tuned, held_out = load_stream_specs(), load_stream_specs(held_out=True)
    validation = load_stream_specs(validation=True)
    assert len(validation) >= 12
    assert all(6 <= len(spec.templates) <= 10 for spec in validation)
    others = {s.id for s in tuned} | {s.id for s in held_out}
    assert not {s.id for s in validation} & others
    templates = {t for s in (*tuned, *held_out) for t in s.templates}
    assert not {t for s in validation for t in s.templates} & templates
    sides: dict[str, set[Orientation]] = {}
    for spec in validation:
        sides.setdefault(spec.issue, set()).add(spec.orientation)
    assert sum(len(v) > 1 for v in sides.values()) >= 3
    assert len({s.topic for s in validation}) >= 8
    with pytest.raises(ValueError, match="not both"):
        load_stream_specs(held_out=True, validation=True)


def test_one_shared_matter_does_not_join_other_things_said_about_it() -> None:
    # "abolish the electricity charge" and "electricity price too high": one matter, two
    # streams; the direction words (cut / increase) keep their full weight.
    items = [OpinionItem(id=f"a{k}", text="Đề nghị bỏ hẳn tiền điện") for k in range(10)]
    items += [OpinionItem(id=f"b{k}", text="Giá điện tăng quá cao") for k in range(90)]
    groups = group_items(items)
    assert sorted(len(g.members) for g in groups) == [10, 90]


def _signature_on_off(
    specs: tuple[StreamSpec, ...],
) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    s = scenario(3000, seed=3, specs=specs)
    # The core-word merge, which comes after, joins some of the same wordings: the
    # signature merge is measured without it.
    on_settings = GroupingSettings(signature_merge_threshold=0.2, core_merge_groups=1.01)
    off_settings = GroupingSettings(signature_merge_threshold=0.3, core_merge_groups=1.01)
    on = pairwise_scores(
        s.truth, [g.members for g in group_items(s.items, settings=on_settings)]
    )
    off = pairwise_scores(
        s.truth, [g.members for g in group_items(s.items, settings=off_settings)]
    )
    return on, off


def test_the_signature_merge_joins_paraphrases_without_losing_precision() -> None:
    # On the matters the thesaurus covers (the first fourteen validation streams, version
    # 2026.1) the signature merge joins paraphrases and precision holds. The nine added in
    # 2026.2 are written outside the thesaurus on purpose; on them a shared lead concept
    # (stone and sand mining) costs precision, which the documentation reports, so on the
    # whole set one small scenario may come out even.
    validation = load_stream_specs(validation=True)
    covered_on, covered_off = _signature_on_off(validation[:14])
    assert covered_on[1] > covered_off[1]  # recall
    assert covered_on[2] > covered_off[2]
    assert covered_on[0] >= covered_off[0] - 0.02
