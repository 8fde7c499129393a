"""The concept thesaurus and the similarity building blocks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dlxh.errors import FormatError
from dlxh.synthesis.concepts import (
    default_thesaurus,
    load_thesaurus,
    strip_places,
    thesaurus_from_document,
)
from dlxh.synthesis.similarity import Tokenizer, cosine, idf_weights, typo_repairs, vectorize


def _match(text: str) -> list[str]:
    folded, written = Tokenizer().tokens(text)
    return default_thesaurus().match(folded, written)


def test_synonyms_map_to_one_concept() -> None:
    assert "@electricity-price" in _match("giá điện")
    assert "@electricity-price" in _match("hóa đơn tiền điện")
    assert "@electricity-price" in _match("EVN")
    assert "@increase" in _match("cao gấp rưỡi")
    assert "@increase" in _match("tăng vọt")


def test_stopwords_go_and_other_words_stay() -> None:
    out = _match("Người dân cho rằng giá điện tăng chóng mặt")
    assert "nguoi" not in out and "dan" not in out
    assert out[:2] == ["@electricity-price", "@increase"]


def test_one_syllable_terms_match_on_their_written_form() -> None:
    # "đắt" (expensive) is a term, "đất" (land) folds to the same key and is not.
    assert "@increase" in _match("rau củ đắt")
    assert "@increase" not in _match("mảnh đất")
    # Without diacritics only the safe one-syllable forms match.
    assert "@increase" in _match("gia dien tang")
    assert "@increase" not in _match("manh dat")


def test_strip_places_takes_marker_and_name() -> None:
    markers = default_thesaurus().marker_forms
    stripped = strip_places("Tại xã Tân Định, giá điện tăng", markers)
    assert "Tân Định" not in stripped and "xã" not in stripped
    assert stripped.endswith("giá điện tăng")
    assert "Đồng Tâm" not in strip_places("Giá điện tăng (thôn Đồng Tâm)", markers)
    assert "Phú Lâm" not in strip_places("Giá điện tăng (TDP Phú Lâm)", markers)
    assert "Tan Dinh" not in strip_places("gia dien tang o xa Tan Dinh", markers)
    # A marker word without a name after it stays: "xã mới xa quá".
    assert strip_places("xã mới xa quá", markers) == "xã mới xa quá"
    assert strip_places("EVN tăng giá", markers) == "EVN tăng giá"


def test_typo_repairs_use_frequent_neighbours() -> None:
    counts = {"dien": 500, "dein": 2, "dienn": 1, "tang": 400, "tag": 1, "tam": 3}
    repairs = typo_repairs(counts, ratio=30)
    assert repairs["dein"] == "dien"
    assert repairs["dienn"] == "dien"
    assert repairs["tag"] == "tang"
    assert "dien" not in repairs
    assert typo_repairs(counts, ratio=0) == {}


def test_cosine_of_normalised_vectors() -> None:
    weights = idf_weights(
        {"a": 1, "b": 5, "@c": 2}, 10, floor=1, concept_weight=2, bigram_weight=0.5
    )
    v = vectorize(["a", "@c"], weights)
    assert cosine(v, v) == pytest.approx(1.0)
    assert cosine(v, vectorize(["b"], weights)) == 0.0


def test_load_thesaurus_extends_the_shipped_one(tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    path.write_text(
        json.dumps(
            {"concepts": {"ferry": {"label": "Đò ngang", "terms": ["đò ngang", "bến đò"]}}},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    mine = load_thesaurus(path)
    folded, written = Tokenizer().tokens("bến đò xuống cấp, giá điện tăng")
    out = mine.match(folded, written)
    assert "@ferry" in out and "@electricity-price" in out
    alone = load_thesaurus(path, extend=False)
    assert "@electricity-price" not in alone.match(folded, written)


def test_bad_thesaurus_documents_are_refused() -> None:
    with pytest.raises(FormatError):
        thesaurus_from_document({"concepts": {"Bad Id": {"terms": ["x"]}}})
    with pytest.raises(FormatError):
        thesaurus_from_document({"concepts": {"ok": {"terms": "not a list"}}})


def test_generic_words_do_not_name_a_matter() -> None:
    # Words many matters use are aspects (weight 0.5) or no concept: two matters must not
    # meet on them.
    weights = default_thesaurus().weights
    assert "@corruption" not in _match("vi phạm giao thông")
    assert "@food-safety" not in _match("giấy hẹn hết hạn")
    assert "@land-compensation" not in _match("di dời chợ")
    assert "@salary" not in _match("thu nhập giảm")
    assert "@school" not in _match("thanh niên tụ tập hát hò")
    assert "@pension" not in _match("người cao tuổi")
    for generic in ("@livelihood", "@young-people", "@elderly", "@travel-distance"):
        assert weights[generic] == 0.5
    # Still matters: a wage is salary, a school is a school.
    assert "@salary" in _match("tiền lương")
    assert "@school" in _match("học sinh")


def test_one_concept_names_one_matter() -> None:
    # Sand dredged from a river and stone blasted from a quarry are two matters.
    assert "@sand-mining" in _match("tàu hút cát")
    assert "@quarrying" in _match("mỏ đá nổ mìn")
    assert "@illegal-mining" in _match("khai thác khoáng sản trái phép")


def test_finer_concepts_add_to_what_a_text_shared_before() -> None:
    # Matters of 2024-2026 have their own concept, and keep the older ones they hold.
    out = _match("cấm xe máy xăng trong vành đai 1")
    assert "@motorbike-emission-ban" in out and "@fuel-price" in out
    assert "@temporary-housing" in _match("xóa nhà tạm, nhà dột nát")
    assert "@household-business-tax" in _match("bỏ thuế khoán, dùng hóa đơn điện tử")
    assert "@e-identification" in _match("kích hoạt định danh mức 2 trên VNeID")
    assert "@bank-biometrics" in _match("cập nhật sinh trắc học mới chuyển được tiền")
    dengue = _match("sốt xuất huyết")
    assert "@dengue" in dengue and "@epidemic" in dengue
    assert "@storm" in _match("bão làm tốc mái nhà")


def test_new_terms_do_not_catch_common_phrases_that_fold_alike() -> None:
    # Multi-syllable terms match after folding: "đăng kiểm" would catch "đang kiểm tra",
    # "chở đò" "chỗ đó", "có cồn" "có con".
    assert "@vehicle-inspection" not in _match("công an đang kiểm tra")
    assert "@river-crossing" not in _match("chỗ đó vắng khách")
    assert "@drink-driving" not in _match("gia đình có con nhỏ")
    assert "@vehicle-inspection" in _match("xếp hàng đăng kiểm cả ngày")


def test_an_electric_bike_on_fire_is_a_fire_not_the_petrol_ban() -> None:
    # Switching to electric bikes and bikes catching fire while charging are two matters.
    assert "@fire-safety" in _match("cháy xe điện trong nhà trọ")
    assert "@motorbike-emission-ban" not in _match("cháy xe điện trong nhà trọ")
    assert "@motorbike-emission-ban" in _match("hỗ trợ chuyển đổi xe điện")
