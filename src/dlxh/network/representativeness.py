"""Representativeness: the network's make-up against a reference distribution.

A network should look like the people it listens to (DOMAIN.md §5: age, sex, occupation,
Party membership, ethnicity, religion, place). The user gives the reference shares (census
figures, the province's statistics) per *dimension*; :func:`representativeness` compares the
shares of the active collaborators with them and gives one divergence figure per dimension.

The measures (both between 0, identical, and 1, disjoint):

- ``"tvd"``, the **total variation distance** (the default): half the sum of the absolute
  differences of the shares, ``½ Σ |p_i − q_i|``. It reads directly: 0.12 means that 12 % of
  the network would have to move to another category to match the reference.
- ``"jsd"``, the **Jensen–Shannon divergence** in bits: ``½ KL(p‖m) + ½ KL(q‖m)`` with
  ``m = ½ (p + q)``; smoother, and finite when a category is missing on one side.

Dimensions: ``"sex"``, ``"age_band"`` (enumeration values or Vietnamese labels as keys),
``"ethnicity"``, ``"religion"``, ``"occupation"``, ``"party_member"`` (keys ``"yes"``/``"no"``
or ``"Có"``/``"Không"``), ``"group"`` (subject groups; a collaborator in several groups counts
for an equal fraction in each) and ``"unit"`` (unit codes). Collaborators whose value is not
recorded are left out of that dimension and counted in :attr:`DimensionFit.unknown`.
Reference shares are normalised to sum to 1, so counts may be given as well as shares.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Literal

import attrs

from dlxh.errors import ConfigurationError
from dlxh.exporters.document import Cell, Table
from dlxh.model.enums import AgeBand, Sex
from dlxh.model.network import Collaborator
from dlxh.text.normalization import fold

__all__ = [
    "DIMENSIONS",
    "DimensionFit",
    "Representativeness",
    "jensen_shannon",
    "representativeness",
    "total_variation",
]

Measure = Literal["tvd", "jsd"]

_DIMENSION_LABELS = {
    "sex": "Giới tính",
    "age_band": "Nhóm tuổi",
    "ethnicity": "Dân tộc",
    "religion": "Tôn giáo",
    "occupation": "Nghề nghiệp",
    "party_member": "Đảng viên",
    "group": "Nhóm đối tượng",
    "unit": "Địa bàn",
}
DIMENSIONS: tuple[str, ...] = tuple(_DIMENSION_LABELS)
"""The dimensions :func:`representativeness` knows."""


def total_variation(p: Mapping[str, float], q: Mapping[str, float]) -> float:
    """Total variation distance ``½ Σ |p_i − q_i|`` between two distributions (each summing
    to 1) over the union of their categories."""
    keys = set(p) | set(q)
    return 0.5 * sum(abs(p.get(k, 0.0) - q.get(k, 0.0)) for k in keys)


def jensen_shannon(p: Mapping[str, float], q: Mapping[str, float]) -> float:
    """Jensen–Shannon divergence in bits (between 0 and 1) between two distributions."""
    keys = set(p) | set(q)
    total = 0.0
    for k in keys:
        a, b = p.get(k, 0.0), q.get(k, 0.0)
        m = (a + b) / 2
        if a > 0:
            total += 0.5 * a * math.log2(a / m)
        if b > 0:
            total += 0.5 * b * math.log2(b / m)
    return max(0.0, min(1.0, total))


_MEASURES: dict[str, Callable[[Mapping[str, float], Mapping[str, float]], float]] = {
    "tvd": total_variation,
    "jsd": jensen_shannon,
}


@attrs.frozen
class DimensionFit:
    """One dimension: observed and reference shares by category, and their divergence."""

    dimension: str
    label: str
    measure: str
    divergence: float
    observed: tuple[tuple[str, float], ...]
    """Shares among the collaborators whose value is known, largest first."""
    expected: tuple[tuple[str, float], ...]
    """The reference shares, normalised, largest first."""
    counted: float
    """How many collaborators the observed shares are computed from."""
    unknown: int
    """How many collaborators have no value recorded for this dimension."""

    def gaps(self) -> list[tuple[str, float]]:
        """``(category, observed − expected)`` for every category, the most
        under-represented first."""
        obs, exp = dict(self.observed), dict(self.expected)
        return sorted(((k, obs.get(k, 0.0) - exp.get(k, 0.0)) for k in set(obs) | set(exp)),
                      key=lambda kv: (kv[1], kv[0]))


@attrs.frozen
class Representativeness:
    """The result of :func:`representativeness`: one :class:`DimensionFit` per dimension."""

    fits: tuple[DimensionFit, ...]
    measure: str
    collaborators: int

    def __getitem__(self, dimension: str) -> DimensionFit:
        for fit in self.fits:
            if fit.dimension == dimension:
                return fit
        raise KeyError(f"no reference was given for dimension {dimension!r}")

    def divergence(self, dimension: str) -> float:
        """The divergence of one dimension."""
        return self[dimension].divergence

    def table(self) -> Table:
        """One row per dimension and category: observed share, reference share, gap."""
        rows: list[list[Cell]] = []
        for fit in self.fits:
            obs, exp = dict(fit.observed), dict(fit.expected)
            for key, gap in fit.gaps():
                rows.append([fit.label, key, round(obs.get(key, 0.0), 4),
                             round(exp.get(key, 0.0), 4), round(gap, 4),
                             round(fit.divergence, 4)])
        name = ("khoảng cách biến phân toàn phần" if self.measure == "tvd"
                else "phân kỳ Jensen–Shannon")
        return Table("Tính đại diện của mạng lưới cộng tác viên",
                     ["Tiêu chí", "Nhóm", "Tỷ lệ trong mạng lưới", "Tỷ lệ tham chiếu",
                      "Chênh lệch", "Độ lệch của tiêu chí"], rows,
                     note=f"Độ lệch: {name} (0 = trùng khớp, 1 = khác hoàn toàn).")


def _enum_key(kind: type[Sex] | type[AgeBand], key: str) -> str:
    try:
        return kind.from_value_or_label(key).value
    except ValueError:
        raise ConfigurationError(
            f"{key!r} is not a {kind.__name__}: use one of "
            f"{', '.join(f'{m.value} ({m.label})' for m in kind)}") from None


def _party_key(key: str | bool) -> str:
    if isinstance(key, bool):
        return "yes" if key else "no"
    folded = fold(key)
    if folded in ("yes", "co", "true", "dang vien"):
        return "yes"
    if folded in ("no", "khong", "false"):
        return "no"
    raise ConfigurationError(f"{key!r}: party_member keys are 'yes'/'no' (Có/Không)")


def _values(c: Collaborator, dimension: str) -> list[tuple[str, str]]:
    """The ``(key, shown)`` categories of ``c`` on ``dimension`` (empty: not recorded)."""
    if dimension == "sex":
        return [] if c.sex is Sex.UNSPECIFIED else [(c.sex.value, c.sex.label)]
    if dimension == "age_band":
        band = c.age_band
        return [] if band is AgeBand.UNSPECIFIED else [(band.value, band.label)]
    if dimension == "party_member":
        if c.party_member is None:
            return []
        return [("yes", "Có")] if c.party_member else [("no", "Không")]
    if dimension == "group":
        return [(fold(g), g) for g in c.groups]
    if dimension == "unit":
        return [] if c.unit is None else [(c.unit, c.unit)]
    value = getattr(c, dimension)
    return [] if value is None else [(fold(value), value)]


def _reference_key(dimension: str, key: str) -> tuple[str, str]:
    if dimension == "sex":
        sex = Sex(_enum_key(Sex, key))
        return str(sex), sex.label
    if dimension == "age_band":
        band = AgeBand(_enum_key(AgeBand, key))
        return str(band), band.label
    if dimension == "party_member":
        party = _party_key(key)
        return party, "Có" if party == "yes" else "Không"
    if dimension == "unit":
        return key.strip(), key.strip()
    return fold(key), key.strip()


def _normalise(shares: Mapping[str, float]) -> dict[str, float]:
    total = sum(shares.values())
    if total <= 0:
        return {}
    return {k: v / total for k, v in shares.items()}


def _sorted(shares: Mapping[str, float]) -> tuple[tuple[str, float], ...]:
    return tuple(sorted(shares.items(), key=lambda kv: (-kv[1], kv[0])))


def representativeness(
    collaborators: Iterable[Collaborator],
    reference: Mapping[str, Mapping[str, float]],
    *,
    measure: Measure = "tvd",
    active_only: bool = True,
) -> Representativeness:
    """Compare the make-up of the network with ``reference``, a mapping of dimension to
    category shares (``{"sex": {"Nam": 0.49, "Nữ": 0.51}, "ethnicity": {"Kinh": 0.85,
    "Tày": 0.1, "Dao": 0.05}}``). See the module docs for the dimensions and measures.

    Text categories (ethnicity, religion, occupation, groups) are matched on a folded key
    (case and diacritics ignored) and shown as the reference writes them; enumerations are
    shown with their Vietnamese label.
    """
    if measure not in _MEASURES:
        raise ConfigurationError(f"unknown measure {measure!r}; use 'tvd' or 'jsd'")
    unknown_dims = set(reference) - set(DIMENSIONS)
    if unknown_dims:
        raise ConfigurationError(
            f"unknown dimensions {sorted(unknown_dims)}; known: {', '.join(DIMENSIONS)}")
    pool = [c for c in collaborators if c.active or not active_only]
    divergence = _MEASURES[measure]
    fits: list[DimensionFit] = []
    for dimension, shares in reference.items():
        expected_raw: dict[str, float] = defaultdict(float)
        shown: dict[str, str] = {}
        for key, value in shares.items():
            if value < 0:
                raise ConfigurationError(f"{dimension}: a negative share for {key!r}")
            folded, text = _reference_key(dimension, key)
            expected_raw[folded] += float(value)
            shown.setdefault(folded, text)
        expected = _normalise(expected_raw)
        if not expected:
            raise ConfigurationError(f"{dimension}: the reference shares sum to zero")
        counts: dict[str, float] = defaultdict(float)
        unknown = 0
        counted = 0.0
        for c in pool:
            values = _values(c, dimension)
            if not values:
                unknown += 1
                continue
            weight = 1.0 / len(values)
            for v, text in values:
                counts[v] += weight
                shown.setdefault(v, text)
            counted += 1
        observed = _normalise(counts)
        fits.append(DimensionFit(
            dimension=dimension,
            label=_DIMENSION_LABELS[dimension],
            measure=measure,
            divergence=divergence(observed, expected) if observed else 1.0,
            observed=_sorted({shown[k]: v for k, v in observed.items()}),
            expected=_sorted({shown[k]: v for k, v in expected.items()}),
            counted=counted,
            unknown=unknown,
        ))
    return Representativeness(tuple(fits), measure, len(pool))
