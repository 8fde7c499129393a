"""The thesaurus' inherited links: a longer term lists the matter concepts of the shorter
terms it holds (rule of 2026.4), checked and filled by ``scripts/derive_concept_links.py``."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

from dlxh.classifiers.resources import read_data_json
from dlxh.synthesis.concepts import default_thesaurus
from dlxh.synthesis.similarity import Tokenizer

_spec = importlib.util.spec_from_file_location(
    "derive_concept_links",
    Path(__file__).resolve().parents[2] / "scripts" / "derive_concept_links.py",
)
assert _spec is not None and _spec.loader is not None
links = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(links)


def _shipped() -> dict[str, Any]:
    document: dict[str, Any] = read_data_json("concepts", "concepts.json")
    return document


def _document(concepts: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {"name": "t", "version": "1", "concepts": concepts}


def test_every_term_lists_the_matter_concepts_of_the_terms_it_holds() -> None:
    missing = links.missing_links(_shipped())
    lines = [
        f"  {link.term!r} ({link.owner}) lacks {link.concept!r}, named by {link.inner!r} in it"
        for link in missing
    ]
    assert not missing, (
        "terms missing an inherited concept (run scripts/derive_concept_links.py --write,"
        " or list the link in its UNLINKED with a reason):\n" + "\n".join(lines)
    )


def test_every_exception_still_excuses_a_link_and_gives_its_reason() -> None:
    labels = default_thesaurus().labels
    stale = links.unused_exceptions(_shipped())
    assert not stale, "exceptions that excuse nothing any more:\n" + "\n".join(
        f"  {entry.phrase!r} -> {entry.concept}" for entry in stale
    )
    for entry in links.UNLINKED:
        assert entry.concept in labels, entry
        assert entry.reason.strip(), entry


def test_the_rule_on_the_example_of_2026_4() -> None:
    folded, written = Tokenizer().tokens("cấm xe máy xăng")
    found = default_thesaurus().match(folded, written)
    for concept in ("motorbike-emission-ban", "traffic-safety", "fuel-price"):
        assert "@" + concept in found


def test_a_missing_link_is_found_with_the_shorter_term_that_names_it() -> None:
    document = _document(
        {
            "traffic": {"terms": ["xe máy"]},
            "fuel": {"terms": ["xăng"]},
            "ban": {"terms": ["cấm xe máy xăng"]},
            "increase": {"terms": ["tăng"]},
            "hardship": {"terms": ["khó khăn"], "weight": 0.5},
            "price": {"terms": ["giá xăng tăng khó khăn"]},
        }
    )
    found = {(link.term, link.concept, link.inner) for link in links.missing_links(document, ())}
    assert found == {
        ("cấm xe máy xăng", "traffic", "xe may"),
        ("cấm xe máy xăng", "fuel", "xang"),
        # A generic 0.5 aspect and a word of direction are not passed on.
        ("giá xăng tăng khó khăn", "fuel", "xang"),
    }


def test_one_syllable_terms_are_found_on_their_written_form() -> None:
    # "đất" (land) is no term here: "đắt" (dear) folds alike and must not be found in it.
    document = _document({"dear": {"terms": ["đắt"]}, "land": {"terms": ["mảnh đất"]}})
    assert links.missing_links(document, ()) == []


def test_an_exception_excuses_by_whole_syllables_with_diacritics() -> None:
    document = _document(
        {
            "rent": {"terms": ["thuê nhà"]},
            "tax": {"terms": ["thuế nhà đất", "thuê nhà ở xã hội"]},
        }
    )
    unlinked = (links.Unlinked("thuế nhà", "rent", "a tax, folded like thuê nhà"),)
    missing = links.missing_links(document, unlinked)
    # "thuế nhà đất" is excused; "thuê nhà ở xã hội" folds alike but is not.
    assert [(link.term, link.concept) for link in missing] == [("thuê nhà ở xã hội", "rent")]


def test_write_adds_the_links_and_keeps_the_other_lines(tmp_path: Path) -> None:
    document = _document(
        {
            "traffic": {"label": "Giao thông", "terms": ["xe máy"]},
            "fuel": {"label": "Xăng", "terms": ["xăng"]},
            "ban": {"label": "Cấm", "terms": ["cấm xe máy xăng"]},
        }
    )
    lines = ['{', '  "name": "t",', '  "version": "1",', '  "concepts": {']
    entries = list(document["concepts"].items())
    for i, (concept, entry) in enumerate(entries):
        comma = "," if i < len(entries) - 1 else ""
        lines.append(f"    {json.dumps(concept)}: {json.dumps(entry, ensure_ascii=False)}{comma}")
    lines += ["  }", "}", ""]
    path = tmp_path / "concepts.json"
    path.write_text("\n".join(lines), encoding="utf-8")
    added = links.write_links(path, links.missing_links(document, ()))
    assert added == 2
    after = path.read_text(encoding="utf-8").split("\n")
    changed = [i for i, (a, b) in enumerate(zip(lines, after, strict=True)) if a != b]
    assert changed == [4, 5]  # the lines of "traffic" and "fuel", nothing else
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written["concepts"]["traffic"]["terms"] == ["xe máy", "cấm xe máy xăng"]
    assert links.missing_links(written, ()) == []
