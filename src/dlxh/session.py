"""The :class:`Session`: a plugin manager and what it registers, per instance.

There is no global state in dlxh but the optional default session for notebooks
(:func:`default_session`); applications create their own sessions.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import pluggy

from dlxh._collector import collector_paused
from dlxh.batch import ImportBatch
from dlxh.errors import ConfigurationError, UnsupportedFormatError
from dlxh.plugins.interfaces import Exporter, Importer, TaxonomyProvider
from dlxh.plugins.manager import DEFAULT_PLUGINS, make_plugin_manager
from dlxh.plugins.registry import Registry
from dlxh.plugins.source import Source, SourceLike

if TYPE_CHECKING:
    from dlxh.classifiers.base import Classifier
    from dlxh.storage.base import Store
    from dlxh.units.dataset import UnitDataset
    from dlxh.units.resolver import UnitMatch

__all__ = ["Session", "default_session"]


def _flatten(results: Iterable[Iterable[type[Any]] | None]) -> list[type[Any]]:
    out: list[type[Any]] = []
    # pluggy calls the most recently registered plugin first; register in load order instead,
    # so that duplicates are reported with the earlier (often built-in) class named first.
    for group in reversed(list(results)):
        if group:
            out.extend(group)
    return out


class Session:
    """Everything dlxh needs to work, held per instance: the plugin manager and the registries
    built from it.

    ``plugins`` are extra plugin objects (modules or instances with ``@dlxh.hookimpl``
    functions) registered after the built-ins and the installed ones. ``autoload=False`` loads
    no installed plugin; ``block`` names plugins not to load; ``strict_plugins=True`` turns a
    plugin that fails to load into an error instead of a warning.
    """

    def __init__(
        self,
        *,
        plugins: Iterable[object] = (),
        autoload: bool | None = None,
        block: Iterable[str] = (),
        strict_plugins: bool = False,
        builtins: Iterable[str] = DEFAULT_PLUGINS,
    ) -> None:
        self.pm: pluggy.PluginManager = make_plugin_manager(
            autoload=autoload, block=block, strict=strict_plugins, builtins=builtins
        )
        for plugin in plugins:
            self.register(plugin)

    # -- plugins ---------------------------------------------------------------------------

    def register(self, plugin: object, name: str | None = None) -> str:
        """Register a plugin object; returns the name it is registered under."""
        registered = self.pm.register(plugin, name=name)
        if registered is None:
            raise ConfigurationError(f"plugin {name or plugin!r} is blocked or already registered")
        return registered

    def unregister(self, plugin: object) -> None:
        """Remove a plugin registered before."""
        self.pm.unregister(plugin)

    @property
    def importers(self) -> Registry[type[Importer]]:
        """The importer classes, by name."""
        return Registry("importers", _flatten(self.pm.hook.dlxh_register_importers()))

    @property
    def exporters(self) -> Registry[type[Exporter]]:
        """The exporter classes, by name."""
        return Registry("exporters", _flatten(self.pm.hook.dlxh_register_exporters()))

    @property
    def classifiers(self) -> Registry[type[Classifier]]:
        """The classifier classes, by name."""
        return Registry("classifiers", _flatten(self.pm.hook.dlxh_register_classifiers()))

    @property
    def unit_datasets(self) -> Registry[type[UnitDataset]]:
        """The administrative-unit dataset classes, by name."""
        return Registry("unit datasets", _flatten(self.pm.hook.dlxh_register_unit_datasets()))

    @property
    def taxonomy_providers(self) -> Registry[type[TaxonomyProvider]]:
        """The taxonomy provider classes, by name."""
        return Registry("taxonomy providers", _flatten(self.pm.hook.dlxh_register_taxonomies()))

    @property
    def storage_backends(self) -> Registry[type[Store]]:
        """The storage backend classes, by name."""
        return Registry("storage backends", _flatten(self.pm.hook.dlxh_register_storage()))

    # -- reading and writing ---------------------------------------------------------------

    def select_importer(self, source: Source) -> type[Importer]:
        """The importer class the ``dlxh_select_importer`` hook picks for ``source``."""
        candidates = list(self.importers)
        chosen: type[Importer] | None = self.pm.hook.dlxh_select_importer(
            source=source, candidates=candidates
        )
        if chosen is None:
            known = sorted({ext for cls in candidates for ext in cls.extensions})
            raise UnsupportedFormatError(
                f"no importer recognises {source.name!r}; supported: {', '.join(known)}"
            )
        return chosen

    def read(
        self,
        source: SourceLike | Source,
        *,
        importer: str | None = None,
        strict: bool = False,
        name: str | None = None,
        **options: Any,
    ) -> ImportBatch:
        """Read a file, bytes or binary stream with the importer named ``importer`` or, by
        default, the one the content calls for. Returns the batch of records and problems."""
        src = Source.from_any(source, name=name)
        cls = self.importers.get(importer) if importer else self.select_importer(src)
        with collector_paused():
            batch = cls(self).read(src, strict=strict, **options)
        batch.check()
        self.pm.hook.dlxh_items_imported(batch=batch, session=self)
        return batch

    def select_exporter(self, obj: object, target: str | Path | BinaryIO) -> type[Exporter]:
        """The exporter for ``obj`` by the target's extension; the longest matching extension
        wins, so that a plugin can claim ``.zalo.txt`` beside the plain ``.txt``."""
        if not isinstance(target, str | Path):
            raise ConfigurationError("writing to a stream needs exporter=NAME")
        name = Path(target).name.lower()
        suffix = Path(target).suffix.lower()

        def longest(cls: type[Exporter]) -> int:
            return max((len(e) for e in cls.extensions if name.endswith(e.lower())), default=0)

        matching = sorted(
            (cls for cls in self.exporters if longest(cls) > 0 and suffix),
            key=lambda cls: -longest(cls),
        )
        if not matching:
            known = sorted({ext for cls in self.exporters for ext in cls.extensions})
            raise UnsupportedFormatError(
                f"no exporter writes {suffix or 'files without an extension'!r}; "
                f"supported: {', '.join(known)}"
            )
        for cls in matching:
            if cls.accepts(obj):
                return cls
        raise UnsupportedFormatError(
            f"no exporter for {suffix!r} can write a {type(obj).__name__} "
            f"(tried {', '.join(c.name for c in matching)})"
        )

    def write(
        self,
        obj: object,
        target: str | Path | BinaryIO,
        *,
        exporter: str | None = None,
        **options: Any,
    ) -> Path | None:
        """Write ``obj`` to ``target`` with the exporter named ``exporter`` or the one the
        extension calls for; returns the path written (``None`` for a stream)."""
        cls = self.exporters.get(exporter) if exporter else self.select_exporter(obj, target)
        if not cls.accepts(obj):
            raise UnsupportedFormatError(
                f"exporter {cls.name!r} cannot write a {type(obj).__name__}"
            )
        path = Path(target) if isinstance(target, str | Path) else None
        cls(self).write(obj, path if path is not None else target, **options)  # type: ignore[arg-type]
        self.pm.hook.dlxh_report_written(obj=obj, path=path, exporter=cls.name, session=self)
        return path

    # -- units -----------------------------------------------------------------------------

    def resolve_unit(
        self, text: str, as_of: dt.date | None = None, within: str | None = None
    ) -> list[UnitMatch]:
        """Resolve a place written in free text through the ``dlxh_resolve_unit`` hook."""
        result: list[UnitMatch] | None = self.pm.hook.dlxh_resolve_unit(
            text=text, as_of=as_of, within=within
        )
        return result or []


_default: Session | None = None
_default_lock = threading.Lock()


def default_session() -> Session:
    """The session that the top-level functions (:func:`dlxh.read`, :func:`dlxh.write`) use,
    created on first use. Applications that embed dlxh should make their own."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Session()
        return _default
