"""Generated collaborator rosters and opinion items, for tests, examples and benchmarks.

Everything here is invented and deterministic (a seed): Vietnamese names built from common
family, middle and given names, phone numbers, 12-digit CCCD numbers and e-mail addresses that
belong to nobody on purpose, placed in the real units of the catalog::

    from dlxh.testing.roster import generate_roster, generate_items
    roster = generate_roster("08", size=3000, as_of=date(2026, 1, 1), leave_empty={"00691"})
    items = generate_items(roster, Period.month(2026, 1))

``weights`` skews the make-up of the roster (``{"sex": {"male": 0.9, "female": 0.1}}``), so
that a test can check that a representativeness figure moves the right way.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Collection, Iterable, Mapping, Sequence

from dlxh.model.enums import AgeBand, CollaboratorRole, CollaboratorStatus, Sex
from dlxh.model.network import Collaborator
from dlxh.model.opinions import Label, OpinionItem
from dlxh.model.periods import Period
from dlxh.model.units import AdminUnit, ResidentialArea, UnitKind, UnitLevel
from dlxh.network.structure import org_id
from dlxh.text.normalization import fold
from dlxh.units.catalog import Catalog, catalog

__all__ = [
    "DEFAULT_WEIGHTS",
    "generate_items",
    "generate_name",
    "generate_roster",
    "register_areas",
]

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Lương", "Mai", "Trịnh")
MIDDLE_MALE = ("Văn", "Hữu", "Đức", "Công", "Quang", "Minh", "Thành", "Xuân", "Trọng", "Đình")
MIDDLE_FEMALE = ("Thị", "Ngọc", "Thu", "Thanh", "Kim", "Minh", "Hồng", "Thúy", "Mỹ", "Diệu")
GIVEN_MALE = ("An", "Bình", "Cường", "Dũng", "Duy", "Giang", "Hải", "Hiếu", "Hoàng", "Hùng",
              "Khánh", "Khoa", "Lâm", "Long", "Mạnh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân",
              "Sơn", "Tài", "Thắng", "Thịnh", "Toàn", "Trung", "Tuấn", "Việt", "Vinh", "Vũ")
GIVEN_FEMALE = ("Anh", "Châu", "Chi", "Diệp", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa",
                "Huệ", "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "Nga", "Ngân", "Nhung",
                "Oanh", "Phương", "Quyên", "Tâm", "Thảo", "Trang", "Uyên", "Vân", "Xuân", "Yến")
OCCUPATIONS = ("Nông dân", "Công nhân", "Giáo viên", "Cán bộ hưu trí", "Kinh doanh",
               "Công chức", "Bác sĩ", "Sinh viên", "Lao động tự do")
GROUPS = ("Nông dân", "Công nhân, người lao động", "Trí thức", "Cựu chiến binh", "Hưu trí",
          "Thanh niên", "Phụ nữ", "Doanh nhân", "Chức sắc, tín đồ tôn giáo")

DEFAULT_WEIGHTS: Mapping[str, Mapping[str, float]] = {
    "sex": {"male": 0.55, "female": 0.45},
    "age_band": {"under_30": 0.12, "30_44": 0.3, "45_59": 0.36, "60_plus": 0.22},
    "ethnicity": {"Kinh": 0.8, "Tày": 0.08, "Dao": 0.05, "H'Mông": 0.04, "Nùng": 0.03},
    "religion": {"Không": 0.85, "Phật giáo": 0.1, "Công giáo": 0.05},
    "party_member": {"yes": 0.6, "no": 0.4},
}
"""The make-up of a generated roster unless ``weights`` says otherwise."""

_ROLES = ((CollaboratorRole.OPINION_COLLABORATOR, 0.8), (CollaboratorRole.REPORTER, 0.1),
          (CollaboratorRole.PROPAGANDIST, 0.1))
_AGE_SPAN = {"under_30": (22, 29), "30_44": (30, 44), "45_59": (45, 59), "60_plus": (60, 72)}
_AREA_WORDS = ("Thôn", "Tổ dân phố")


def _pick(rng: random.Random, weights: Mapping[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def generate_name(rng: random.Random, sex: Sex) -> str:
    """A plausible Vietnamese full name for ``sex``."""
    female = sex is Sex.FEMALE
    middle = MIDDLE_FEMALE if female else MIDDLE_MALE
    given = GIVEN_FEMALE if female else GIVEN_MALE
    return f"{rng.choice(FAMILY)} {rng.choice(middle)} {rng.choice(given)}"


def register_areas(cat: Catalog, units: Iterable[AdminUnit | str],
                   per_unit: int = 3) -> list[ResidentialArea]:
    """Register ``per_unit`` residential areas (*Thôn 1, Thôn 2...* in a commune, *Tổ dân phố
    1...* in a ward) under each commune-level unit of ``units``; returns them all."""
    out: list[ResidentialArea] = []
    for unit in units:
        u = cat.get(unit)
        ward = u.kind is UnitKind.WARD
        word = _AREA_WORDS[1] if ward else _AREA_WORDS[0]
        kind = "residential_group" if ward else "village"
        for n in range(1, per_unit + 1):
            out.append(cat.add_residential_area(f"{word} {n}", kind, u))
    return out


def _unique_digits(rng: random.Random, prefix: str, length: int, used: set[str]) -> str:
    while True:
        value = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix)))
        if value not in used:
            used.add(value)
            return value


def generate_roster(
    province: str | AdminUnit,
    *,
    size: int | None = None,
    per_unit: int = 3,
    as_of: dt.date | None = None,
    catalog_: Catalog | None = None,
    leave_empty: Collection[str] = (),
    weights: Mapping[str, Mapping[str, float]] | None = None,
    seed: int = 0,
    inactive_share: float = 0.0,
) -> list[Collaborator]:
    """A roster for ``province``: ``size`` collaborators in all, or ``per_unit`` per
    commune-level unit when ``size`` is ``None``, spread evenly over its communes, every
    commune served except those in ``leave_empty``. A commune's collaborators go round its
    residential areas when the catalog has some, leaving none empty. A few province-level
    officers and direct-line collaborators (one per 200) are added: on top of the communes'
    share with ``per_unit``, within ``size`` otherwise. ``inactive_share`` of the
    collaborators are given the status *đã thôi* (ended).
    """
    cat = catalog_ if catalog_ is not None else catalog(as_of)
    top = cat.get(province)
    day = cat.as_of
    rng = random.Random(seed)
    mix = {**DEFAULT_WEIGHTS, **(weights or {})}
    communes = [u for u in cat.descendants(top)
                if u.level is UnitLevel.COMMUNE and u.code not in leave_empty]
    if not communes:
        raise ValueError("no commune left to place collaborators in")
    if size is None:
        in_communes = per_unit * len(communes)
        head = max(1, in_communes // 200)
    else:
        head = max(1, size // 200)
        in_communes = size - head
        if in_communes < len(communes):
            raise ValueError(f"{size} collaborators cannot serve {len(communes)} communes "
                             f"and {head} province-level posts")
    phones: set[str] = set()
    ids: set[str] = set()
    roster: list[Collaborator] = []
    placements: list[tuple[AdminUnit, str | None, CollaboratorRole]] = []
    for i in range(head):
        role = CollaboratorRole.OFFICER if i % 2 == 0 else CollaboratorRole.DIRECT_LINE_COLLABORATOR
        placements.append((top, None, role))
    area_turn: dict[str, int] = {}
    for n in range(in_communes):
        unit = communes[n % len(communes)]
        areas = cat.residential_areas(unit)
        area_id = None
        if areas:
            turn = area_turn.get(unit.code, 0)
            area_id = areas[turn % len(areas)].id
            area_turn[unit.code] = turn + 1
        role = rng.choices([r for r, _ in _ROLES], weights=[w for _, w in _ROLES])[0]
        placements.append((unit, area_id, role))
    province_digits = top.code.zfill(3)[-3:]
    for n, (place, area, role) in enumerate(placements, start=1):
        sex = Sex(_pick(rng, mix["sex"]))
        band = _pick(rng, mix["age_band"])
        low, high = _AGE_SPAN[band]
        birth_year = day.year - rng.randint(low, high)
        name = generate_name(rng, sex)
        century = (0 if birth_year < 2000 else 2) + (1 if sex is Sex.FEMALE else 0)
        id_number = _unique_digits(
            rng, f"{province_digits}{century}{birth_year % 100:02d}", 12, ids)
        phone = _unique_digits(rng, rng.choice(("09", "03", "08", "07")), 10, phones)
        email = f"{fold(name).replace(' ', '')}{phone[-4:]}@thu.example.vn"
        start = day - dt.timedelta(days=rng.randint(30, 600))
        end = start + dt.timedelta(days=730)
        status = (CollaboratorStatus.ENDED if rng.random() < inactive_share
                  else CollaboratorStatus.ACTIVE)
        code = place.code
        roster.append(Collaborator(
            id=f"CTV-{top.code}-{n:05d}",
            name=name,
            role=role,
            organisation_id=org_id("front_committee", code),
            unit=code,
            area_id=area,
            groups=tuple(sorted(rng.sample(GROUPS, rng.choice((1, 1, 2))))),
            sex=sex,
            age_band=AgeBand(band),
            birth_year=birth_year,
            ethnicity=_pick(rng, mix["ethnicity"]),
            religion=_pick(rng, mix["religion"]),
            party_member=_pick(rng, mix["party_member"]) == "yes",
            occupation=rng.choice(OCCUPATIONS),
            phone=phone,
            id_number=id_number,
            email=email,
            appointment_decision=f"{rng.randint(1, 999)}/QĐ-MTTQ-BTT",
            appointed_on=start,
            contract_start=start,
            contract_end=end,
            allowance_coefficient=0.3,
            status=status,
        ))
    return roster


_TEMPLATES = (
    "Nhân dân {place} phấn khởi vì đường liên thôn đã được bê tông hóa.",
    "Một số hộ ở {place} lo lắng giá phân bón tăng cao trong vụ này.",
    "Bà con {place} băn khoăn về tiến độ bồi thường giải phóng mặt bằng.",
    "Người dân {place} bức xúc vì tình trạng lừa đảo qua mạng, có người gọi từ số lạ.",
    "Cử tri {place} đồng tình với chủ trương sắp xếp đơn vị hành chính.",
    "Nhiều ý kiến ở {place} đề nghị sửa chữa trạm y tế xã.",
)
_CONTACT = (" (CTV {name} phản ánh, liên hệ {phone})", " (người báo tin: {name}, CCCD {cccd})",
            " — gửi từ {email}")
_TOPICS = ("ha-tang", "gia-ca", "dat-dai", "an-ninh-trat-tu", "chinh-tri", "y-te")


def generate_items(
    collaborators: Sequence[Collaborator],
    period: Period,
    *,
    per_collaborator: tuple[int, int] = (0, 4),
    silent: Collection[str] = (),
    contact_share: float = 0.3,
    seed: int = 0,
) -> list[OpinionItem]:
    """Opinion items dated in ``period``, each reported by a collaborator of the roster
    (``reporter_id``), between ``per_collaborator[0]`` and ``[1]`` items each; the ids in
    ``silent`` send nothing. ``contact_share`` of the items carry the reporter's name and a
    phone number, CCCD number or e-mail address in their text, as real reports sometimes do
    (for redaction tests)."""
    rng = random.Random(seed)
    low, high = per_collaborator
    out: list[OpinionItem] = []
    span = period.days()
    for c in collaborators:
        if c.id in silent or not c.active:
            continue
        for k in range(rng.randint(low, high)):
            day = period.start + dt.timedelta(days=rng.randrange(span))
            text = rng.choice(_TEMPLATES).format(place=f"địa bàn {c.unit}")
            if rng.random() < contact_share:
                text += rng.choice(_CONTACT).format(name=c.name, phone=c.phone,
                                                    cccd=c.id_number, email=c.email)
            topic = rng.choice(_TOPICS)
            out.append(OpinionItem(
                id=f"item-{c.id}-{period.start:%Y%m%d}-{k}",
                text=text,
                date=day,
                unit=c.unit,
                area_id=c.area_id,
                reporter_id=c.id,
                organisation_id=c.organisation_id,
                labels=(Label("topic", topic, classifier="generator"),),
            ))
    return out
