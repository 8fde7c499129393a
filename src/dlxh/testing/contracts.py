"""Contract tests that every importer, exporter and classifier must pass.

Subclass the contract in your test module (the class name must start with ``Test``), set the
plugin class and implement the sample factory; pytest collects the inherited tests::

    class TestMyImporter(ImporterContract):
        importer_class = MyImporter

        def make_sample(self, tmp_path):
            path = tmp_path / "sample.zalo.txt"
            path.write_text("...", encoding="utf-8")
            return path
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, ClassVar

import pytest

from dlxh.classifiers.base import Classifier
from dlxh.errors import ProblemError, Severity
from dlxh.model.opinions import OpinionItem
from dlxh.plugins.hookspecs import hookimpl
from dlxh.plugins.interfaces import Exporter, Importer
from dlxh.plugins.source import Source
from dlxh.session import Session
from dlxh.testing import fresh_session, temporary_plugin

__all__ = ["ClassifierContract", "ExporterContract", "ImporterContract"]

_KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class _Registers:
    """A plugin object that registers one class, for the contracts' sessions."""

    def __init__(self, kind: str, cls: type[Any]) -> None:
        self.kind = kind
        self.cls = cls

    @hookimpl
    def dlxh_register_importers(self) -> list[type[Any]]:
        return [self.cls] if self.kind == "importer" else []

    @hookimpl
    def dlxh_register_exporters(self) -> list[type[Any]]:
        return [self.cls] if self.kind == "exporter" else []

    @hookimpl
    def dlxh_register_classifiers(self) -> list[type[Any]]:
        return [self.cls] if self.kind == "classifier" else []


def _session_with(kind: str, cls: type[Any]) -> tuple[Session, _Registers]:
    session = fresh_session()
    plugin = _Registers(kind, cls)
    if cls not in {*session.importers, *session.exporters, *session.classifiers}:
        session.register(plugin)
    return session, plugin


class ImporterContract:
    """What every importer promises: a kebab-case name, a confident sniff of its own format,
    the accounting rule, stable ids, and strict mode."""

    importer_class: ClassVar[type[Importer]]

    def make_sample(self, tmp_path: Path) -> Path:
        """A file this importer reads, with at least one record."""
        raise NotImplementedError

    def make_broken(self, tmp_path: Path) -> Path | None:
        """A file with at least one bad record (``None``: the format has no such thing)."""
        return None

    def test_name_is_kebab_case(self) -> None:
        assert _KEBAB.match(self.importer_class.name)

    def test_sniffs_its_own_format(self, tmp_path: Path) -> None:
        score = self.importer_class.sniff(Source.from_any(self.make_sample(tmp_path)))
        assert 0.0 < score <= 1.0

    def test_selected_by_content(self, tmp_path: Path) -> None:
        session, _ = _session_with("importer", self.importer_class)
        chosen = session.select_importer(Source.from_any(self.make_sample(tmp_path)))
        assert chosen is self.importer_class

    def test_reads_records_and_accounts_for_all(self, tmp_path: Path) -> None:
        session, _ = _session_with("importer", self.importer_class)
        batch = session.read(self.make_sample(tmp_path), importer=self.importer_class.name)
        batch.check()
        assert batch.accepted >= 1

    def test_ids_are_stable(self, tmp_path: Path) -> None:
        session, _ = _session_with("importer", self.importer_class)
        path = self.make_sample(tmp_path)
        first = session.read(path, importer=self.importer_class.name)
        second = session.read(path, importer=self.importer_class.name)
        assert [getattr(r, "id", None) for r in first.records()] == [
            getattr(r, "id", None) for r in second.records()
        ]

    def test_bad_records_are_problems_or_raise_in_strict_mode(self, tmp_path: Path) -> None:
        broken = self.make_broken(tmp_path)
        if broken is None:
            pytest.skip("this format has no record-level errors")
        session, _ = _session_with("importer", self.importer_class)
        batch = session.read(broken, importer=self.importer_class.name)
        batch.check()
        assert batch.rejected >= 1
        assert any(p.severity is Severity.ERROR for p in batch.problems)
        with pytest.raises(ProblemError):
            session.read(broken, importer=self.importer_class.name, strict=True)


class ExporterContract:
    """What every exporter promises: a kebab-case name, a file for what it accepts, and the
    ``dlxh_report_written`` notification."""

    exporter_class: ClassVar[type[Exporter]]
    extension: ClassVar[str]

    def make_object(self) -> object:
        """An object this exporter writes."""
        raise NotImplementedError

    def test_name_is_kebab_case(self) -> None:
        assert _KEBAB.match(self.exporter_class.name)
        assert self.extension in self.exporter_class.extensions

    def test_writes_a_file_and_notifies(self, tmp_path: Path) -> None:
        session, _ = _session_with("exporter", self.exporter_class)
        written: list[tuple[Path | None, str]] = []

        class Audit:
            @hookimpl
            def dlxh_report_written(
                self, obj: object, path: Path | None, exporter: str, session: Session
            ) -> None:
                written.append((path, exporter))

        obj = self.make_object()
        assert self.exporter_class.accepts(obj)
        target = tmp_path / f"out{self.extension}"
        with temporary_plugin(session, Audit()):
            session.write(obj, target, exporter=self.exporter_class.name)
        assert target.stat().st_size > 0
        assert written == [(target, self.exporter_class.name)]


class ClassifierContract:
    """What every classifier promises: one list of labels per item, in order, each with its
    provenance (classifier name and version, a confidence in [0, 1], a declared dimension)."""

    classifier_class: ClassVar[type[Classifier]]

    def make_classifier(self) -> Classifier:
        """An instance ready to classify (trained if it needs training)."""
        return self.classifier_class()

    def make_items(self) -> list[OpinionItem]:
        """A few items to classify."""
        raise NotImplementedError

    def test_labels_have_provenance(self) -> None:
        classifier = self.make_classifier()
        items = self.make_items()
        results = classifier.classify(items)
        assert len(results) == len(items)
        for labels in results:
            for label in labels:
                assert label.classifier == classifier.name
                assert label.classifier_version == classifier.version
                assert label.dimension in classifier.dimensions
                assert 0.0 <= label.confidence <= 1.0

    def test_empty_input(self) -> None:
        assert self.make_classifier().classify([]) == []
