"""Building the plugin manager: built-in plugins, then installed ones, each failure isolated."""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import warnings
from collections.abc import Iterable

import pluggy

from dlxh.errors import PluginError
from dlxh.plugins import hookspecs

__all__ = [
    "AUTOLOAD_ENV",
    "BLOCK_ENV",
    "DEFAULT_PLUGINS",
    "ENTRY_POINT_GROUP",
    "PluginLoadWarning",
    "make_plugin_manager",
    "plugin_origin",
]

ENTRY_POINT_GROUP = "dlxh"
"""The entry-point group third-party packages declare their plugin modules in."""

AUTOLOAD_ENV = "DLXH_DISABLE_PLUGIN_AUTOLOAD"
"""Set to ``1`` to load no installed plugin (built-ins only)."""

BLOCK_ENV = "DLXH_BLOCK_PLUGINS"
"""Comma-separated plugin names (entry-point names or built-in module names) not to load."""

DEFAULT_PLUGINS: tuple[str, ...] = (
    "dlxh.plugins.builtin",
    "dlxh.importers.json_importer",
    "dlxh.importers.tabular_plugin",
    "dlxh.importers.narrative_plugin",
    "dlxh.exporters.json_exporter",
    "dlxh.units.plugin",
    "dlxh.exporters.docx_exporter",
    "dlxh.exporters.xlsx_exporter",
    "dlxh.exporters.csv_exporter",
    "dlxh.exporters.markdown",
    "dlxh.exporters.html",
    "dlxh.storage.plugin",
    "dlxh.classifiers.plugin",
    "dlxh.network.roster_plugin",
)
"""The built-in plugin modules, registered through the same path as third-party ones."""


class PluginLoadWarning(UserWarning):
    """A plugin could not be loaded; the others are unaffected."""


def _blocked_from_env() -> set[str]:
    raw = os.environ.get(BLOCK_ENV, "")
    return {name.strip() for name in raw.split(",") if name.strip()}


def _autoload_from_env() -> bool:
    return os.environ.get(AUTOLOAD_ENV, "").strip().lower() not in {"1", "true", "yes", "on"}


def _fail(message: str, exc: BaseException, strict: bool) -> None:
    if strict:
        raise PluginError(message) from exc
    warnings.warn(message, PluginLoadWarning, stacklevel=3)


def make_plugin_manager(
    *,
    autoload: bool | None = None,
    block: Iterable[str] = (),
    strict: bool = False,
    builtins: Iterable[str] = DEFAULT_PLUGINS,
) -> pluggy.PluginManager:
    """A fresh plugin manager with the built-in plugins and, unless ``autoload`` is false (or
    ``DLXH_DISABLE_PLUGIN_AUTOLOAD=1``), the installed ones from the ``dlxh`` entry points.

    A plugin that fails to import gives a :class:`PluginLoadWarning` naming it and is skipped
    (``strict=True``: a :class:`~dlxh.errors.PluginError`). Names in ``block`` or in
    ``DLXH_BLOCK_PLUGINS`` are not loaded.
    """
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    blocked = set(block) | _blocked_from_env()
    for name in blocked:
        pm.set_blocked(name)
    for module_name in builtins:
        if module_name in blocked:
            continue
        try:
            module = importlib.import_module(module_name)
        except Exception as exc:
            _fail(f"built-in plugin {module_name!r} failed to load: {exc}", exc, strict)
            continue
        pm.register(module, name=module_name)
    if autoload if autoload is not None else _autoload_from_env():
        _load_entry_points(pm, blocked, strict)
    return pm


def _load_entry_points(pm: pluggy.PluginManager, blocked: set[str], strict: bool) -> None:
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        if ep.name in blocked or pm.get_plugin(ep.name) is not None:
            continue
        try:
            plugin = ep.load()
        except Exception as exc:
            _fail(f"plugin {ep.name!r} ({ep.value}) failed to load: {exc}", exc, strict)
            continue
        try:
            pm.register(plugin, name=ep.name)
        except ValueError as exc:  # pluggy: already registered under another name
            _fail(f"plugin {ep.name!r} ({ep.value}) could not be registered: {exc}", exc, strict)
            continue


def plugin_origin(name: str) -> str:
    """Where the plugin registered as ``name`` comes from: ``"built-in"`` or the installed
    distribution and version that declares it (``"dlxh-zalo 0.1.0"``)."""
    if name in DEFAULT_PLUGINS:
        return "built-in"
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP, name=name):
        dist = ep.dist
        if dist is not None:
            return f"{dist.metadata['Name']} {dist.version}"
    return "registered in code"
