"""Each hook of dlxh, exercised through a session (the meta-test checks they all are)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO, ClassVar

import pytest

import dlxh
from dlxh.plugins.source import Source
from dlxh.testing import fresh_session, temporary_plugin


class _Importer(dlxh.Importer):
    name: ClassVar[str] = "json"  # clashes with the built-in on purpose
    extensions = (".json",)

    def read(self, source: Source, *, strict: bool = False, **options: Any) -> dlxh.ImportBatch:
        return dlxh.ImportBatch()


def test_duplicate_names_are_refused_naming_both_classes() -> None:
    class Clash:
        @dlxh.hookimpl
        def dlxh_register_importers(self) -> list[type[dlxh.Importer]]:
            return [_Importer]

    session = fresh_session(plugins=[Clash()])
    with pytest.raises(dlxh.PluginError) as info:
        _ = session.importers
    message = str(info.value)
    assert "two importers are named 'json'" in message
    assert "dlxh.importers.json_importer.JsonImporter" in message
    assert "test_plugins_hooks._Importer" in message


def test_names_must_be_kebab_case() -> None:
    class Bad(dlxh.Exporter):
        name = "Not Kebab"

        def write(self, obj: object, target: Any, **options: Any) -> None:
            raise NotImplementedError

    class Plugin:
        @dlxh.hookimpl
        def dlxh_register_exporters(self) -> list[type[dlxh.Exporter]]:
            return [Bad]

    with pytest.raises(dlxh.PluginError, match="kebab-case"):
        _ = fresh_session(plugins=[Plugin()]).exporters


def test_registration_hooks_for_every_kind_are_collected() -> None:
    from dlxh.classifiers.base import Classifier
    from dlxh.storage.base import Store

    class Topics(dlxh.TaxonomyProvider):
        name = "test-topics"

        def load(self) -> dict[str, dlxh.Taxonomy]:
            return {"topic": dlxh.Taxonomy("t", "1", "topic", "Lĩnh vực", [])}

    class Nothing(Classifier):
        name = "nothing"

        def classify(self, items: Sequence[dlxh.OpinionItem]) -> list[list[dlxh.Label]]:
            return [[] for _ in items]

    # Registration never instantiates, so the storage base's abstract methods need no body.
    memory_store: type[Any] = type(
        "MemoryStore", (Store,), {"name": "memory-test", "schemes": ("memtest",)}
    )

    class Plugin:
        @dlxh.hookimpl
        def dlxh_register_storage(self) -> list[type[Any]]:
            return [memory_store]

        @dlxh.hookimpl
        def dlxh_register_taxonomies(self) -> list[type[dlxh.TaxonomyProvider]]:
            return [Topics]

        @dlxh.hookimpl
        def dlxh_register_classifiers(self) -> list[type[Classifier]]:
            return [Nothing]

    session = fresh_session()
    with temporary_plugin(session, Plugin()):
        assert session.taxonomy_providers.get("test-topics") is Topics
        assert session.classifiers.get("nothing") is Nothing
        assert session.storage_backends.get("memory-test") is memory_store
    assert "nothing" not in session.classifiers


def test_select_importer_can_be_overridden_by_a_plugin(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    dlxh.write([dlxh.OpinionItem(id="i-1", text="x")], path, session=fresh_session())
    chosen: list[str] = []

    class Chooser:
        @dlxh.hookimpl
        def dlxh_select_importer(
            self, source: Source, candidates: Sequence[type[dlxh.Importer]]
        ) -> type[dlxh.Importer] | None:
            chosen.append(source.name)
            return next(c for c in candidates if c.name == "jsonl")

    session = fresh_session()
    with temporary_plugin(session, Chooser()):
        batch = session.read(path)
    assert chosen == ["a.jsonl"] and len(batch.items) == 1


def test_resolve_unit_asks_plugins_first() -> None:
    calls: list[tuple[str, dt.date | None, str | None]] = []

    class Aliases:
        @dlxh.hookimpl
        def dlxh_resolve_unit(
            self, text: str, as_of: dt.date | None, within: str | None
        ) -> list[Any] | None:
            calls.append((text, as_of, within))
            return ["alias-answer"] if text == "chợ cũ" else None

    session = fresh_session(builtins=("dlxh.plugins.builtin",))
    with temporary_plugin(session, Aliases()):
        answer: list[Any] = session.resolve_unit("chợ cũ", dt.date(2026, 1, 1), "79")
        assert answer == ["alias-answer"]
        assert session.resolve_unit("nơi khác") == []
    assert calls[0] == ("chợ cũ", dt.date(2026, 1, 1), "79")


def test_notifications_fire_after_read_and_write(tmp_path: Path) -> None:
    seen: list[str] = []

    class Audit:
        @dlxh.hookimpl
        def dlxh_items_imported(self, batch: dlxh.ImportBatch, session: dlxh.Session) -> None:
            seen.append(f"imported {len(batch.items)}")

        @dlxh.hookimpl
        def dlxh_report_written(
            self, obj: object, path: Path | None, exporter: str, session: dlxh.Session
        ) -> None:
            seen.append(f"written {exporter} {path.name if path else None}")

    session = fresh_session()
    with temporary_plugin(session, Audit()):
        target = tmp_path / "ds.json"
        session.write([dlxh.OpinionItem(id="i-1", text="x")], target)
        session.read(target)
    assert seen == ["written json ds.json", "imported 1"]


def test_temporary_plugin_is_removed_even_when_the_block_raises() -> None:
    class Plugin:
        @dlxh.hookimpl
        def dlxh_register_importers(self) -> list[type[dlxh.Importer]]:
            return []

    session = fresh_session()
    plugin = Plugin()
    registered_inside: list[bool] = []

    def use_and_fail() -> None:
        with temporary_plugin(session, plugin):
            registered_inside.append(session.pm.is_registered(plugin))
            raise RuntimeError("inside")

    with pytest.raises(RuntimeError, match="inside"):
        use_and_fail()
    assert registered_inside == [True]
    assert not session.pm.is_registered(plugin)


def test_sessions_share_no_state() -> None:
    class Plugin:
        @dlxh.hookimpl
        def dlxh_register_importers(self) -> list[type[dlxh.Importer]]:
            return []

    one, two = fresh_session(), fresh_session()
    one.register(Plugin(), name="only-here")
    assert one.pm.get_plugin("only-here") is not None
    assert two.pm.get_plugin("only-here") is None
    assert dlxh.default_session() is dlxh.default_session()


def test_the_longest_matching_extension_chooses_the_exporter(tmp_path: Path) -> None:
    from dlxh.plugins.interfaces import Exporter

    class Bulletin(Exporter):
        name = "bulletin-for-test"
        extensions = (".bulletin.txt",)

        def write(self, obj: object, target: Path | BinaryIO, **options: Any) -> None:
            assert isinstance(target, Path)
            target.write_text("bulletin", encoding="utf-8")

    class Plugin:
        @dlxh.hookimpl
        def dlxh_register_exporters(self) -> list[type[Exporter]]:
            return [Bulletin]

    session = fresh_session()
    items = [dlxh.OpinionItem(id="it-1", text="Giá điện tăng")]
    with temporary_plugin(session, Plugin()):
        assert session.select_exporter(items, tmp_path / "a.bulletin.txt") is Bulletin
        session.write(items, tmp_path / "b.bulletin.txt")
        assert (tmp_path / "b.bulletin.txt").read_text(encoding="utf-8") == "bulletin"
        with pytest.raises(dlxh.UnsupportedFormatError):
            session.select_exporter(items, tmp_path / "plain.txt")
