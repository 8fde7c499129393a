"""National-scale workloads for the benchmarks: a quarter of opinion items over the whole country.

:func:`national_quarter` makes ``size`` items (100k, 300k, 1M: :data:`SIZES`) placed in the
3,321 communes of the 34 provinces of the unit catalog in force in 2026, dated in the fourth
quarter of 2026 (with a share in the quarter before, for trends). The items are what an
importer returns: text, date, unit, place as written, reporter, report, no labels (the
classifiers add them).

When STR's scenario generator (:mod:`dlxh.testing.scenario`) is installed, its national
scenario makes the items (planted streams with paraphrases, places, typos, no-diacritic
variants); until then a simple generator behind the same function plants streams from the
matters below (written here), each in several wordings, by several kinds of people, in every
province, with 1 item in 10 typed without diacritics and 1 in 40 with a typo. Both are
deterministic for a seed.

    python benchmarks/workload.py --size 1M        # time the generator
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache

from dlxh.model.opinions import OpinionItem
from dlxh.model.periods import Period

SIZES: dict[str, int] = {"100k": 100_000, "300k": 300_000, "1M": 1_000_000}
"""The issue's national sizes, by the name the tables print."""

AS_OF = dt.date(2026, 12, 31)
"""The catalog day: 34 provinces, 3,321 communes."""

# Matters people speak of, each with the wordings of one side (a planted stream). The same
# matter appears on opposing sides as two streams.
MATTERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("gia-dien-tang", ("lo lắng vì giá điện tăng", "bức xúc vì hóa đơn tiền điện cao gấp rưỡi",
                       "phản ánh tiền điện tháng này tăng mạnh", "than phiền biểu giá điện bậc "
                       "thang đội lên")),
    ("gia-xang", ("lo ngại giá xăng dầu tăng liên tục", "phàn nàn giá xăng lên cao ảnh hưởng "
                  "chi tiêu", "băn khoăn về việc giá nhiên liệu leo thang")),
    ("boi-thuong-gpmb", ("bức xúc vì chậm chi trả tiền bồi thường giải phóng mặt bằng",
                         "phản đối đơn giá đền bù thu hồi đất quá thấp",
                         "đề nghị công khai phương án bồi thường, tái định cư")),
    ("so-do", ("phàn nàn thủ tục cấp sổ đỏ kéo dài", "phản ánh làm giấy chứng nhận quyền sử "
               "dụng đất mất nhiều thời gian", "bức xúc vì chờ cấp sổ hồng quá lâu")),
    ("duong-xuong-cap", ("phản ánh tuyến đường liên xã xuống cấp, nhiều ổ gà",
                         "lo lắng mặt đường hư hỏng nặng gây mất an toàn",
                         "đề nghị sớm sửa chữa đoạn đường lầy lội")),
    ("ngap-ung", ("lo lắng tình trạng ngập úng mỗi khi mưa lớn",
                  "phản ánh hệ thống thoát nước kém gây ngập sâu",
                  "bức xúc vì triều cường làm ngập nhà cửa")),
    ("o-nhiem", ("bức xúc vì mùi hôi từ bãi rác", "phản ánh trang trại chăn nuôi xả thải gây ô "
                 "nhiễm", "lo ngại khói bụi từ nhà máy ảnh hưởng sức khỏe")),
    ("qua-tai-benh-vien", ("phàn nàn bệnh viện quá tải, phải chờ đợi lâu",
                           "phản ánh khám bảo hiểm y tế xếp hàng cả buổi",
                           "mong trạm y tế xã có thêm bác sĩ")),
    ("thieu-thuoc", ("lo lắng bệnh viện thiếu thuốc, phải tự mua ngoài",
                     "phản ánh thẻ bảo hiểm y tế không được cấp đủ thuốc")),
    ("khoan-thu-truong", ("băn khoăn về các khoản thu đầu năm học",
                          "phản ánh nhà trường lạm thu quỹ phụ huynh",
                          "đề nghị công khai các khoản đóng góp ở trường")),
    ("day-them", ("không đồng tình với tình trạng dạy thêm tràn lan",
                  "phản ánh học sinh bị ép học thêm")),
    ("lua-dao-mang", ("lo lắng trước các chiêu lừa đảo qua mạng",
                      "cảnh giác với cuộc gọi giả danh công an chiếm đoạt tài sản",
                      "phản ánh nhiều người bị lừa chuyển khoản qua đường link lạ")),
    ("tin-dung-den", ("bức xúc trước tình trạng tín dụng đen, cho vay nặng lãi",
                      "lo sợ các nhóm đòi nợ thuê khủng bố người vay qua app")),
    ("ma-tuy", ("lo ngại ma túy len lỏi vào học đường", "phản ánh thanh niên sử dụng bóng cười, "
                "thuốc lá điện tử")),
    ("sap-xep-bo-may", ("đồng tình với chủ trương sắp xếp bộ máy tinh gọn",
                        "phấn khởi vì chính quyền hai cấp giải quyết thủ tục nhanh hơn",
                        "ủng hộ việc sáp nhập xã, tinh giản đầu mối")),
    ("sap-nhap-thu-tuc", ("băn khoăn phải đi xa để làm thủ tục sau sáp nhập xã",
                          "lo lắng giấy tờ phải đổi địa chỉ sau khi sáp nhập tỉnh")),
    ("gia-nong-san", ("lo lắng giá lúa xuống thấp, thương lái ép giá",
                      "phản ánh nông sản ế ẩm, không bán được", "băn khoăn đầu ra cho cà phê")),
    ("dich-benh-gia-suc", ("lo ngại dịch tả lợn châu Phi tái phát", "phản ánh đàn lợn chết do "
                           "dịch bệnh, đề nghị hỗ trợ tiêu hủy")),
    ("viec-lam", ("lo lắng công nhân bị cắt giảm giờ làm", "phản ánh doanh nghiệp nợ lương, "
                  "chậm đóng bảo hiểm xã hội")),
    ("an-sinh", ("phấn khởi với chính sách hỗ trợ xóa nhà tạm, nhà dột nát",
                 "đồng tình việc tăng lương cơ sở và lương hưu")),
    ("chong-tham-nhung", ("tin tưởng vào công tác phòng chống tham nhũng tiêu cực",
                          "đồng tình xử lý nghiêm cán bộ sai phạm")),
    ("chuyen-doi-so", ("phàn nàn dịch vụ công trực tuyến còn lỗi, khó dùng",
                       "băn khoăn người cao tuổi khó sử dụng ứng dụng định danh điện tử")),
    ("an-toan-giao-thong", ("lo lắng xe tải trọng lớn chạy qua khu dân cư",
                            "đồng tình với việc xử phạt nghiêm vi phạm nồng độ cồn")),
    ("bien-dao", ("tin tưởng vào sự lãnh đạo bảo vệ chủ quyền biển đảo",
                  "bày tỏ lo ngại về tình hình Biển Đông")),
)

SUBJECTS = (
    "Người dân", "Cử tri", "Nhiều ý kiến", "Bà con nông dân", "Công nhân, người lao động",
    "Cán bộ hưu trí", "Phụ huynh học sinh", "Hộ kinh doanh", "Đoàn viên thanh niên",
    "Hội viên phụ nữ", "Cựu chiến binh", "Đồng bào dân tộc thiểu số",
)
PLACE_PHRASES = ("", "", " trên địa bàn {name}", " ở {name}", " tại {name}")
ENDINGS = ("", ".", "; đề nghị các cấp quan tâm giải quyết.", ", mong sớm có giải pháp.")


@dataclass
class Workload:
    """Items of a national quarter, with the planted truth."""

    items: list[OpinionItem]
    period: Period
    previous: Period
    as_of: dt.date
    truth: list[str] = field(default_factory=list)
    """The planted stream of each item (same order as ``items``)."""
    generator: str = "simple"

    def by_province(self) -> dict[str, list[OpinionItem]]:
        """The items partitioned by the province of their commune (ascending codes)."""
        province = province_of_commune()
        out: dict[str, list[OpinionItem]] = {}
        for item in self.items:
            out.setdefault(province[item.unit or ""], []).append(item)
        return dict(sorted(out.items()))


@cache
def _communes() -> tuple[tuple[str, str, str], ...]:
    """(commune code, commune name, province code) of every commune in force on AS_OF."""
    from dlxh.units.catalog import catalog

    cat = catalog(AS_OF)
    return tuple((u.code, u.name, cat.province_of(u).code) for u in cat.units(level="commune"))


@cache
def province_of_commune() -> dict[str, str]:
    """Commune code -> province code (AS_OF tree)."""
    return {code: province for code, _, province in _communes()}


def _strip(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text)
                   if unicodedata.category(c) != "Mn")


def _typo(text: str, rng: random.Random) -> str:
    """Swap two neighbouring letters inside one word."""
    words = text.split(" ")
    at = rng.randrange(len(words))
    word = words[at]
    if len(word) > 3:
        i = rng.randrange(1, len(word) - 2)
        words[at] = word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return " ".join(words)


def _simple(size: int, seed: int, period: Period, previous: Period) -> Workload:
    rng = random.Random(seed)
    communes = _communes()
    streams = [(key, wording) for key, wordings in MATTERS for wording in [wordings]]
    # Popularity of the matters: a few wide ones, a long tail (Zipf-like weights).
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(streams))]
    picks = rng.choices(range(len(streams)), weights=weights, k=size)
    days_now = (period.end - period.start).days + 1
    days_before = (previous.end - previous.start).days + 1
    items: list[OpinionItem] = []
    truth: list[str] = []
    reporters_per_commune = 3
    for n in range(size):
        key, wordings = streams[picks[n]]
        code, name, _ = communes[rng.randrange(len(communes))]
        roll = rng.random()
        text = (f"{rng.choice(SUBJECTS)} {rng.choice(wordings)}"
                f"{rng.choice(PLACE_PHRASES).format(name=name)}{rng.choice(ENDINGS)}")
        if roll < 0.1:
            text = _strip(text)
        elif roll < 0.125:
            text = _typo(text, rng)
        if rng.random() < 0.1:
            day = previous.start + dt.timedelta(days=rng.randrange(days_before))
        else:
            day = period.start + dt.timedelta(days=rng.randrange(days_now))
        reporter = rng.randrange(reporters_per_commune)
        items.append(OpinionItem(
            id=f"w{seed}-{n:07d}",
            text=text,
            date=day,
            unit=code,
            place_text=name,
            reporter_id=f"ctv-{code}-{reporter}",
            report_id=f"bc-{code}-{day.month:02d}-{reporter}",
        ))
        truth.append(key)
    return Workload(items, period, previous, AS_OF, truth, "simple")


def _from_scenario(size: int, seed: int, period: Period, previous: Period) -> Workload | None:
    """One :func:`dlxh.testing.scenario.scenario` per province, sized by its communes, over
    the three months of ``period``."""
    try:
        from dlxh.testing.scenario import scenario
    except ImportError:
        return None
    communes = _communes()
    per_province: dict[str, int] = {}
    for _, _, province in communes:
        per_province[province] = per_province.get(province, 0) + 1
    codes = sorted(per_province)
    shares = [size * per_province[c] // len(communes) for c in codes]
    shares[-1] += size - sum(shares)
    items: list[OpinionItem] = []
    truth: list[str] = []
    for index, (code, n) in enumerate(zip(codes, shares, strict=True)):
        made = getattr(scenario, "__wrapped__", scenario)(  # never a cached one
            n, seed=seed * 100 + index, province=code, year=period.start.year,
            first_month=period.start.month,
        )
        items.extend(made.items)
        truth.extend(f"{code}:{t}" for t in made.truth)
    return Workload(items, period, previous, AS_OF, truth, "dlxh.testing.scenario")


def national_quarter(size: int | str, *, seed: int = 2026, simple: bool = False) -> Workload:
    """``size`` items (a number or a name of :data:`SIZES`) of the fourth quarter of 2026 over
    the whole country, deterministic for ``seed``: STR's scenario generator, one province
    scenario per province, when it is available (unless ``simple``), else the simple
    generator of this module."""
    n = SIZES[size] if isinstance(size, str) else int(size)
    period = Period.quarter(2026, 4)
    previous = period.previous()
    made = None if simple else _from_scenario(n, seed, period, previous)
    return made if made is not None else _simple(n, seed, period, previous)


def chunks(items: Sequence[OpinionItem], size: int) -> Iterator[Sequence[OpinionItem]]:
    """``items`` in slices of ``size``."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="100k", help="100k, 300k, 1M or a number")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    size = args.size if args.size in SIZES else int(args.size)
    _communes()
    started = time.perf_counter()
    work = national_quarter(size, seed=args.seed)
    elapsed = time.perf_counter() - started
    parts = work.by_province()
    print(f"{len(work.items):,} items ({work.generator}) in {elapsed:.1f} s; "
          f"{len(parts)} provinces, {len({i.unit for i in work.items}):,} communes, "
          f"{len(set(work.truth))} planted matters", file=sys.stderr)


if __name__ == "__main__":
    main()
