"""Representativeness moves the right way when the roster is skewed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlxh.errors import ConfigurationError
from dlxh.model.network import Collaborator
from dlxh.network import jensen_shannon, representativeness, total_variation
from dlxh.testing.roster import generate_roster
from dlxh.units import Catalog
from network.net_samples import PROVINCE

CENSUS = {
    "sex": {"Nam": 0.5, "Nữ": 0.5},
    "age_band": {"Dưới 30": 0.25, "30_44": 0.3, "45_59": 0.27, "60_plus": 0.18},
    "ethnicity": {"Kinh": 0.8, "Tày": 0.08, "Dao": 0.05, "H'Mông": 0.04, "Nùng": 0.03},
    "religion": {"Không": 0.85, "Phật giáo": 0.1, "Công giáo": 0.05},
    "party_member": {"Có": 0.1, "Không": 0.9},
}


def _roster(cat: Catalog, **weights: dict[str, float]) -> list[Collaborator]:
    return generate_roster(PROVINCE, size=1500, catalog_=cat, weights=weights, seed=11)


@pytest.mark.parametrize("measure", ["tvd", "jsd"])
def test_skewing_the_roster_moves_the_figure_the_right_way(
    province_catalog: Catalog, measure: str,
) -> None:
    fair = _roster(province_catalog, sex={"male": 0.5, "female": 0.5},
                   ethnicity={"Kinh": 0.8, "Tày": 0.08, "Dao": 0.05, "H'Mông": 0.04,
                              "Nùng": 0.03})
    skewed = _roster(province_catalog, sex={"male": 0.9, "female": 0.1},
                     ethnicity={"Kinh": 1.0})
    more_skewed = _roster(province_catalog, sex={"male": 1.0},
                          ethnicity={"Kinh": 1.0})
    fit = [representativeness(r, CENSUS, measure=measure)  # type: ignore[arg-type]
           for r in (fair, skewed, more_skewed)]
    sex = [f.divergence("sex") for f in fit]
    assert sex[0] < 0.05 < sex[1] < sex[2]
    ethnicity = [f.divergence("ethnicity") for f in fit]
    assert ethnicity[0] < ethnicity[1]
    # Dimensions that were not skewed stay where they were.
    assert fit[1].divergence("religion") == pytest.approx(fit[0].divergence("religion"),
                                                          abs=0.05)


def test_total_variation_reads_as_the_share_to_move(province_catalog: Catalog) -> None:
    only_men = _roster(province_catalog, sex={"male": 1.0})
    result = representativeness(only_men, {"sex": {"male": 1, "female": 1}})
    fit = result["sex"]
    assert fit.divergence == pytest.approx(0.5)
    assert dict(fit.observed) == {"Nam": 1.0}
    assert dict(fit.expected) == {"Nam": 0.5, "Nữ": 0.5}
    assert fit.gaps()[0] == ("Nữ", -0.5)
    assert result.table().rows[0][:2] == ("Giới tính", "Nữ")


def test_unknown_values_and_several_groups() -> None:
    people = [
        Collaborator(id="a", name="A B", role="reporter", groups=("Nông dân", "Thanh niên")),
        Collaborator(id="b", name="C D", role="reporter", groups=("nong dan",)),
        Collaborator(id="c", name="E F", role="reporter"),
        Collaborator(id="d", name="G H", role="reporter", status="ended", groups=("Trí thức",)),
    ]
    fit = representativeness(people, {"group": {"Nông dân": 3, "Thanh niên": 1}})["group"]
    assert fit.unknown == 1 and fit.counted == 2
    assert dict(fit.observed) == {"Nông dân": 0.75, "Thanh niên": 0.25}
    assert fit.divergence == pytest.approx(0.0)
    everyone = representativeness(people, {"group": {"Nông dân": 1}}, active_only=False)
    assert everyone.collaborators == 4


def test_bad_references_are_refused() -> None:
    with pytest.raises(ConfigurationError, match="unknown dimensions"):
        representativeness([], {"height": {"tall": 1}})
    with pytest.raises(ConfigurationError, match="not a Sex"):
        representativeness([], {"sex": {"robot": 1}})
    with pytest.raises(ConfigurationError, match="sum to zero"):
        representativeness([], {"religion": {"Không": 0}})
    with pytest.raises(ConfigurationError, match="measure"):
        representativeness([], {"sex": {"Nam": 1}}, measure="kl")  # type: ignore[arg-type]


_dist = st.dictionaries(st.sampled_from("abcdef"), st.floats(0.01, 1.0), min_size=1).map(
    lambda d: {k: v / sum(d.values()) for k, v in d.items()})


@given(_dist, _dist)
def test_measures_are_bounded_symmetric_and_zero_on_equal(p: dict[str, float],
                                                          q: dict[str, float]) -> None:
    for measure in (total_variation, jensen_shannon):
        value = measure(p, q)
        assert 0.0 <= value <= 1.0 + 1e-9
        assert value == pytest.approx(measure(q, p))
        assert measure(p, p) == pytest.approx(0.0, abs=1e-9)
    assert jensen_shannon(p, q) <= total_variation(p, q) + 1e-9
