"""dlxh: grasp, report and synthesise public opinion (*dư luận xã hội*).

The public API is re-exported here. Five lines from a notebook::

    import dlxh
    batch = dlxh.read("bao-cao/xa-tan-dinh-2026-10.xlsx")
    print(batch.items[0].text, batch.problems)
    dlxh.write(batch, "bao-cao.json")
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from dlxh._version import __version__
from dlxh.batch import ImportBatch
from dlxh.errors import (
    ConfigurationError,
    DlxhError,
    ExtraMissingError,
    FormatError,
    PluginError,
    Problem,
    ProblemError,
    ProblemList,
    SchemaError,
    Severity,
    UnknownPeriodError,
    UnknownUnitError,
    UnsafeInputError,
    UnsupportedFormatError,
)
from dlxh.exporters.notebook import install_notebook_display as _install_notebook_display
from dlxh.model.enums import (
    AgeBand,
    Breadth,
    Channel,
    CollaboratorRole,
    CollaboratorStatus,
    CompetentLevel,
    Interest,
    Method,
    Mood,
    OrganisationKind,
    Orientation,
    Origin,
    RecommendationStatus,
    ReportKind,
    ReviewState,
    Scope,
    Sex,
)
from dlxh.model.ids import content_id
from dlxh.model.labelled import LabelledEnum
from dlxh.model.network import Attendance, Collaborator, Network, TrainingEvent, TrainingTopic
from dlxh.model.opinions import Evidence, Issue, Label, OpinionItem, OpinionStream, Recommendation
from dlxh.model.orgs import Organisation, OrgLevel, ReportingLine
from dlxh.model.periods import BoundaryPolicy, Period, PeriodKind, Schedule
from dlxh.model.reports import Report, Section
from dlxh.model.sources import SourceRef
from dlxh.model.taxonomy import Category, Taxonomy
from dlxh.model.units import AdminUnit, ResidentialArea, UnitChange, UnitKind, UnitLevel
from dlxh.plugins.hookspecs import hookimpl
from dlxh.plugins.interfaces import Exporter, Importer, TaxonomyProvider
from dlxh.plugins.source import Source, SourceLike
from dlxh.session import Session, default_session

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from dlxh.classifiers.base import Classifier
    from dlxh.classifiers.evaluate import Evaluation
    from dlxh.model.units import AdminUnit as _AdminUnit
    from dlxh.storage.base import Store
    from dlxh.synthesis.result import Synthesis

__all__ = [
    "AdminUnit",
    "AgeBand",
    "Attendance",
    "BoundaryPolicy",
    "Breadth",
    "Category",
    "Channel",
    "Collaborator",
    "CollaboratorRole",
    "CollaboratorStatus",
    "CompetentLevel",
    "ConfigurationError",
    "DlxhError",
    "Evidence",
    "Exporter",
    "ExtraMissingError",
    "FormatError",
    "ImportBatch",
    "Importer",
    "Interest",
    "Issue",
    "Label",
    "LabelledEnum",
    "Method",
    "Mood",
    "Network",
    "OpinionItem",
    "OpinionStream",
    "OrgLevel",
    "Organisation",
    "OrganisationKind",
    "Orientation",
    "Origin",
    "Period",
    "PeriodKind",
    "PluginError",
    "Problem",
    "ProblemError",
    "ProblemList",
    "Recommendation",
    "RecommendationStatus",
    "Report",
    "ReportKind",
    "ReportingLine",
    "ResidentialArea",
    "ReviewState",
    "Schedule",
    "SchemaError",
    "Scope",
    "Section",
    "Session",
    "Severity",
    "Sex",
    "Source",
    "SourceLike",
    "SourceRef",
    "Taxonomy",
    "TaxonomyProvider",
    "TrainingEvent",
    "TrainingTopic",
    "UnitChange",
    "UnitKind",
    "UnitLevel",
    "UnknownPeriodError",
    "UnknownUnitError",
    "UnsafeInputError",
    "UnsupportedFormatError",
    "__version__",
    "classify",
    "content_id",
    "default_session",
    "evaluate",
    "hookimpl",
    "open_store",
    "read",
    "synthesize",
    "write",
]


def read(
    source: SourceLike | Source,
    *,
    importer: str | None = None,
    strict: bool = False,
    session: Session | None = None,
    **options: Any,
) -> ImportBatch:
    """Read a file (path, bytes or binary stream) into an :class:`ImportBatch`: the records it
    holds and a :class:`Problem` for each one that could not be read.

    The importer is chosen by content (the ``dlxh_select_importer`` hook), or named with
    ``importer=``. ``strict=True`` raises :class:`ProblemError` at the first bad record.
    Raises a :class:`DlxhError` subclass when the file cannot be read at all.
    """
    return (session or default_session()).read(source, importer=importer, strict=strict, **options)


def write(
    obj: object,
    target: str | Path | BinaryIO,
    *,
    exporter: str | None = None,
    session: Session | None = None,
    **options: Any,
) -> Path | None:
    """Write ``obj`` (a report, items, a batch...) to ``target``, choosing the exporter by the
    extension or by ``exporter=``. Returns the path written (``None`` for a stream)."""
    return (session or default_session()).write(obj, target, exporter=exporter, **options)


def open_store(
    url: str | os.PathLike[str] = "sqlite:///dlxh.db",
    session: Session | None = None,
    **options: Any,
) -> Store:
    """Open (and create if needed) the store at ``url``: ``sqlite:///dlxh.db``, a plain path,
    ``:memory:`` or ``postgresql://...`` (extra ``dlxh[postgres]``). See
    :func:`dlxh.storage.open_store`."""
    # Imported here: the storage layer is not needed by `import dlxh`.
    from dlxh.storage import open_store as _open_store

    return _open_store(url, session, **options)


def classify(
    items: Sequence[OpinionItem],
    classifiers: Iterable[Classifier | str | type[Classifier]] | None = None,
    session: Session | None = None,
    **options: Any,
) -> list[OpinionItem]:
    """New items with labels from ``classifiers`` (the lexicon classifier by default); reviewed
    labels are always kept. See :func:`dlxh.classifiers.classify` for the combining rule."""
    from dlxh.classifiers import classify as _classify

    return _classify(items, classifiers, session, **options)


def evaluate(
    classifier: Classifier,
    gold_items: Sequence[OpinionItem],
    dimension: str | None = None,
    **options: Any,
) -> Evaluation:
    """Score ``classifier`` against the gold labels of ``gold_items`` (per-label precision,
    recall and F1, macro and weighted F1, confusion matrix). See
    :func:`dlxh.classifiers.evaluate`."""
    from dlxh.classifiers import evaluate as _evaluate

    return _evaluate(classifier, gold_items, dimension, **options)



def synthesize(
    inputs: object,
    *,
    unit: str | _AdminUnit | None,
    period: Period | str,
    **options: Any,
) -> Synthesis:
    """Synthesise what reached ``unit`` for ``period``: opinion streams, breadth, hot issues,
    completeness, quality checks, recommendations and the report's sections. ``inputs`` are
    items, reports, import batches and earlier syntheses in any mix; each item counts once.
    See :func:`dlxh.synthesis.synthesize` for the options."""
    from dlxh.synthesis import synthesize as _synthesize

    return _synthesize(inputs, unit=unit, period=period, **options)


_SUBPACKAGES = frozenset(
    {
        "classifiers",
        "exporters",
        "importers",
        "network",
        "pipeline",
        "storage",
        "synthesis",
        "testing",
        "text",
        "units",
    }
)


def __getattr__(name: str) -> Any:
    # Subpackages load on first use (`dlxh.network.coverage(...)` after `import dlxh`), so that
    # `import dlxh` stays light.
    if name in _SUBPACKAGES:
        import importlib

        return importlib.import_module(f"dlxh.{name}")
    raise AttributeError(f"module 'dlxh' has no attribute {name!r}")


_install_notebook_display()
