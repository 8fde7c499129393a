from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import dlxh
from dlxh.schema import exchange_schema, generate_schema, shipped_schema_text
from dlxh.serialize import ENTITY_TYPES, FORMAT, from_document, from_json, to_document, to_json
from dlxh.testing.strategies import STRATEGIES, opinion_items, recommendations, reports

# One validator for the module: jsonschema.validate() would check the schema on every call.
VALIDATOR = jsonschema.Draft202012Validator(exchange_schema())


def test_every_entity_has_a_strategy() -> None:
    assert set(STRATEGIES) == set(ENTITY_TYPES)


@pytest.mark.parametrize("name", sorted(ENTITY_TYPES))
def test_json_round_trip_is_equal(name: str) -> None:
    @given(STRATEGIES[name])
    def check(obj: Any) -> None:
        text = to_json(obj)
        back = from_json(text)
        assert back == obj
        assert type(back) is type(obj)
        # what the exporter writes follows the published schema
        VALIDATOR.validate(json.loads(text))

    check()


@given(
    st.lists(opinion_items, max_size=4),
    st.lists(recommendations, max_size=2),
    st.lists(reports, max_size=2),
)
def test_batch_round_trip(items: list[Any], recs: list[Any], reps: list[Any]) -> None:
    batch = dlxh.ImportBatch()
    for record in (*items, *recs, *reps):
        batch.add(record)
    batch.seen = batch.accepted + 1
    batch.reject(dlxh.Problem("bad-row", "error", "Dòng trống", "Sheet1!A7"))
    doc = json.loads(json.dumps(to_document(batch)))
    VALIDATOR.validate(doc)
    back = from_document(doc)
    assert back.items == batch.items
    assert back.recommendations == batch.recommendations
    assert back.reports == batch.reports
    assert back.problems == batch.problems
    assert (back.seen, back.rejected) == (batch.seen, batch.rejected)


def test_shipped_schema_is_the_generated_one() -> None:
    generated = generate_schema()
    assert json.loads(shipped_schema_text()) == generated, (
        "regenerate: python -m dlxh.schema > src/dlxh/data/schema/dlxh-1.schema.json"
    )
    jsonschema.Draft202012Validator.check_schema(generated)


def _item_doc(**data: Any) -> dict[str, Any]:
    return {"format": FORMAT, "type": "opinion_item", "data": {"id": "i-1", "text": "x", **data}}


def test_schema_rejects_a_broken_document_with_a_clear_message() -> None:
    validator = VALIDATOR
    errors = list(validator.iter_errors(_item_doc(date="23/10/2026", breadth="hầu hết")))
    messages = " ".join(e.message for e in errors)
    assert "hầu hết" in messages
    assert any(list(e.path) == ["data", "breadth"] for e in errors)
    missing = list(validator.iter_errors({"format": FORMAT, "type": "opinion_item", "data": {}}))
    assert any("'id' is a required property" in e.message for e in missing)
    wrong_format = list(validator.iter_errors({**_item_doc(), "format": "dlxh/0"}))
    assert wrong_format


def test_reader_names_the_path_of_what_is_wrong() -> None:
    with pytest.raises(dlxh.SchemaError, match=r"\$\.data\.breadth"):
        from_document(_item_doc(breadth="hầu hết"))
    with pytest.raises(dlxh.SchemaError, match=r"extra fields found \(colour\)"):
        from_document(_item_doc(colour="red"))
    with pytest.raises(dlxh.SchemaError, match="unsupported format"):
        from_document({**_item_doc(), "format": "dlxh/9"})
    with pytest.raises(dlxh.SchemaError, match="unknown document type"):
        from_document({"format": FORMAT, "type": "cat", "data": {}})
    with pytest.raises(dlxh.SchemaError, match="not valid JSON"):
        from_json("{")


def test_defaults_are_left_out_and_vietnamese_kept_readable() -> None:
    item = dlxh.OpinionItem(id="i-1", text="Nhân dân đồng tình")
    text = to_json(item, indent=None)
    assert text == (
        '{"format": "dlxh/1", "type": "opinion_item", '
        '"data": {"id": "i-1", "text": "Nhân dân đồng tình"}}'
    )
