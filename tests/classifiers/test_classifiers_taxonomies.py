"""The default taxonomies: shipped data, Vietnamese labels, replaceable by a plugin."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path

import pytest

from dlxh.classifiers import (
    DefaultTaxonomies,
    LexiconClassifier,
    default_taxonomies,
    load_taxonomy,
    taxonomies,
    taxonomy,
)
from dlxh.errors import ConfigurationError, FormatError
from dlxh.model.taxonomy import Category, Taxonomy
from dlxh.plugins.hookspecs import hookimpl
from dlxh.plugins.interfaces import TaxonomyProvider
from dlxh.session import Session
from dlxh.testing import temporary_plugin

KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def test_default_taxonomies_cover_the_domain() -> None:
    found = default_taxonomies()
    assert set(found) == {"topic", "group"}
    topic, group = found["topic"], found["group"]
    # DOMAIN.md §2 names 20 topic areas plus "khác", and 15 subject groups.
    assert len(topic.categories) == 21
    assert len(group.categories) == 15
    assert topic.codes[-1] == "other"
    assert topic.get("land").label.startswith("Đất đai")
    assert group.get("ethnic-minorities").label == "Đồng bào dân tộc thiểu số"


@pytest.mark.parametrize("dimension", ["topic", "group"])
def test_categories_have_codes_labels_and_descriptions(dimension: str) -> None:
    tax = default_taxonomies()[dimension]
    assert tax.version
    for category in tax.categories:
        assert KEBAB.match(category.code)
        assert category.label == unicodedata.normalize("NFC", category.label)
        assert not category.label.isascii(), category.label  # written with diacritics
        assert category.description


def test_unknown_keys_and_bad_codes_are_format_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    good = {
        "name": "x",
        "version": "1",
        "dimension": "topic",
        "label": "X",
        "categories": [{"code": "a", "label": "A"}],
    }
    bad.write_text(json.dumps({**good, "surprise": 1}), encoding="utf-8")
    with pytest.raises(FormatError, match="unknown keys"):
        load_taxonomy(bad)
    bad.write_text(json.dumps({**good, "categories": [{"code": "Not Kebab", "label": "A"}]}))
    with pytest.raises(FormatError, match="kebab"):
        load_taxonomy(bad)
    bad.write_text("[1, 2]")
    with pytest.raises(FormatError):
        load_taxonomy(bad)


OUR_TOPICS = Taxonomy(
    name="our-topics",
    version="7",
    dimension="topic",
    label="Lĩnh vực của chúng tôi",
    categories=(
        Category("water", "Nước sinh hoạt", aliases=("nước máy", "cấp nước")),
        Category("roads", "Đường làng ngõ xóm", aliases=("đường làng",)),
        Category("other", "Khác"),
    ),
)


class OurProvider(TaxonomyProvider):
    name = "our-topics"

    def load(self) -> Mapping[str, Taxonomy]:
        return {"topic": OUR_TOPICS}


class OurPlugin:
    @hookimpl
    def dlxh_register_taxonomies(self) -> list[type[TaxonomyProvider]]:
        return [OurProvider]


def test_builtin_provider_is_registered(dlxh_session: Session) -> None:
    assert DefaultTaxonomies in list(dlxh_session.taxonomy_providers)
    assert taxonomies(dlxh_session)["topic"].name == "dlxh-topic-areas"
    with pytest.raises(ConfigurationError, match="no taxonomy"):
        taxonomy("nothing", dlxh_session)


def test_a_plugin_replaces_the_topic_taxonomy(dlxh_session: Session) -> None:
    with temporary_plugin(dlxh_session, OurPlugin()):
        found = taxonomies(dlxh_session)
        assert found["topic"] is OUR_TOPICS
        assert found["group"].name == "dlxh-subject-groups"  # untouched
        classifier = LexiconClassifier.from_session(dlxh_session)
    # The replaced taxonomy's labels and aliases are cues; its codes are the only topics.
    analysis = classifier.analyse("Bà con phản ánh nước máy có mùi lạ, đề nghị kiểm tra")
    topic = analysis.get("topic")
    assert topic is not None and topic.value == "water"
    assert topic.evidence[0].cue == "nước máy"
    fallback = classifier.analyse("Giá điện tăng cao").get("topic")
    assert fallback is not None and fallback.value == "other"
    assert "our-topics.7" in classifier.version
