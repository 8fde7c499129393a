"""Noisy addresses generated from a catalog, to measure a place resolver.

:func:`noisy_addresses` writes addresses the way people and scanners do: full or short names,
kind words abbreviated (``P.``, ``Q.1``, ``TP.HCM``, ``H.``, ``X.``, ``TT``), diacritics
dropped, typos, OCR confusions, missing parts, another order, a street in front. Each comes
with the codes it stands for, so :func:`score` can count hits per level. The generator is
seeded: the same seed gives the same set.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Iterable, Sequence

import attrs

from dlxh.model.units import AdminUnit, UnitKind, UnitLevel
from dlxh.units.catalog import Catalog

__all__ = ["LabelledAddress", "noisy_addresses", "score", "strip_diacritics"]

_ABBREV = {
    UnitKind.PROVINCE: ["Tỉnh ", "T. ", ""],
    UnitKind.MUNICIPALITY: ["Thành phố ", "TP. ", "TP ", "Tp.", ""],
    UnitKind.URBAN_DISTRICT: ["Quận ", "Q. ", "Q.", "Q"],
    UnitKind.RURAL_DISTRICT: ["Huyện ", "H. ", "H.", ""],
    UnitKind.DISTRICT_TOWN: ["Thị xã ", "TX. ", "Tx.", "TX "],
    UnitKind.PROVINCIAL_CITY: ["Thành phố ", "TP. ", "Tp ", ""],
    UnitKind.COMMUNE: ["Xã ", "X. ", "X.", ""],
    UnitKind.WARD: ["Phường ", "P. ", "P.", "P", "F"],
    UnitKind.TOWNSHIP: ["Thị trấn ", "TT. ", "TT ", "tt."],
    UnitKind.SPECIAL_ZONE: ["Đặc khu ", ""],
}
_PROVINCE_SHORT = {"Hồ Chí Minh": ["TP.HCM", "HCM", "TPHCM", "Sài Gòn"], "Hà Nội": ["HN", "Ha Noi"]}
_OCR = {"o": "0", "l": "1", "i": "l", "m": "rn", "e": "c", "a": "o", "u": "v", "n": "m"}
_STREETS = ["Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Hùng Vương", "Quốc lộ 1A", "Lý Thường Kiệt"]


@attrs.frozen
class LabelledAddress:
    """An address and the codes it stands for (``district`` is ``None`` in two-level states)."""

    text: str
    province: str
    district: str | None
    commune: str


def strip_diacritics(text: str) -> str:
    """Drop tone and vowel marks and write ``đ`` as ``d``, keeping case."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.randrange(3)
    if op == 0:
        return word[:i] + word[i + 1 :]
    if op == 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice("aeiounhtg") + word[i + 1 :]


def _ocr(text: str, rng: random.Random) -> str:
    chars = list(text)
    spots = [i for i, c in enumerate(chars) if c.lower() in _OCR]
    for i in rng.sample(spots, k=min(len(spots), 1)):
        chars[i] = _OCR[chars[i].lower()]
    return "".join(chars)


def _part(unit: AdminUnit, rng: random.Random) -> str:
    if (
        unit.level is UnitLevel.PROVINCE
        and unit.short_name in _PROVINCE_SHORT
        and rng.random() < 0.4
    ):
        return rng.choice(_PROVINCE_SHORT[unit.short_name])
    prefixes = _ABBREV[unit.kind]
    if unit.short_name.isdigit():
        prefixes = [p for p in prefixes if p] or [unit.kind.prefix + " "]
    else:
        # "P3", "Q1", "F12" are written; a kind letter glued to a name ("PTân Bình") is not.
        prefixes = [p for p in prefixes if not (p and p[-1].isalpha() and len(p) <= 2)]
    return rng.choice(prefixes) + unit.short_name


def noisy_addresses(
    cat: Catalog, n: int, seed: int = 0, *, noise: float = 1.0
) -> list[LabelledAddress]:
    """``n`` noisy addresses of random commune-level units of ``cat`` (seeded).

    ``noise`` scales every probability of damage (0 gives clean addresses).
    """
    rng = random.Random(seed)
    communes = cat.units(level="commune")
    out: list[LabelledAddress] = []
    for _ in range(n):
        commune = rng.choice(communes)
        chain = [commune, *cat.ancestors(commune)]
        district = next((u for u in chain if u.level is UnitLevel.DISTRICT), None)
        province = chain[-1]
        parts = [_part(u, rng) for u in chain]
        if district is not None and rng.random() < 0.15 * noise:
            parts.pop(1)  # district left out
        if len(parts) > 1 and rng.random() < 0.08 * noise:
            parts.pop()  # province left out
        if rng.random() < 0.3:
            street = f"{rng.randint(1, 300)} {rng.choice(_STREETS)}"
            parts.insert(0, street)
        if rng.random() < 0.07 * noise:
            rng.shuffle(parts)
        damaged: list[str] = []
        for part in parts:
            if rng.random() < 0.12 * noise:
                words = part.split()
                k = rng.randrange(len(words))
                words[k] = _typo(words[k], rng)
                part = " ".join(words)
            if rng.random() < 0.05 * noise:
                part = _ocr(part, rng)
            damaged.append(part)
        separator = rng.choice([", ", ", ", ", ", ",", " - ", " "]) if noise else ", "
        text = separator.join(damaged)
        if rng.random() < 0.35 * noise:
            text = strip_diacritics(text)
        case = rng.random()
        if case < 0.15 * noise:
            text = text.lower()
        elif case < 0.2 * noise:
            text = text.upper()
        out.append(
            LabelledAddress(
                text=text,
                province=province.code,
                district=district.code if district else None,
                commune=commune.code,
            )
        )
    return out


def score(
    addresses: Sequence[LabelledAddress],
    answer: Callable[[str], tuple[str | None, str | None, str | None]],
) -> dict[str, float]:
    """Accuracy per level of ``answer`` (text -> province, district, commune codes)."""
    hits = {"province": 0, "district": 0, "commune": 0}
    with_district = 0
    for address in addresses:
        province, district, commune = answer(address.text)
        hits["province"] += province == address.province
        if address.district is not None:
            with_district += 1
            hits["district"] += district == address.district
        hits["commune"] += commune == address.commune
    total = max(len(addresses), 1)
    return {
        "province": hits["province"] / total,
        "district": hits["district"] / max(with_district, 1),
        "commune": hits["commune"] / total,
    }


def codes_of(matches: Iterable[object]) -> tuple[str | None, str | None, str | None]:
    """The province, district and commune codes of the best of ``matches`` (UnitMatch)."""
    for match in matches:
        return (
            getattr(getattr(match, "province", None), "code", None),
            getattr(getattr(match, "district", None), "code", None),
            getattr(getattr(match, "commune", None), "code", None),
        )
    return None, None, None
