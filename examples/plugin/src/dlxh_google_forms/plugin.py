"""The plugin module that the ``dlxh`` entry point names: its ``@hookimpl`` functions are
what dlxh calls. Keep it small: it only says which classes this package adds."""

from __future__ import annotations

from dlxh.plugins.hookspecs import hookimpl
from dlxh.plugins.interfaces import Exporter, Importer

from dlxh_google_forms.importer import GoogleFormsImporter
from dlxh_google_forms.zalo_text import ZaloTextExporter

__all__ = ["dlxh_register_exporters", "dlxh_register_importers"]


@hookimpl
def dlxh_register_importers() -> list[type[Importer]]:
    """The ``google-forms`` importer."""
    return [GoogleFormsImporter]


@hookimpl
def dlxh_register_exporters() -> list[type[Exporter]]:
    """The ``zalo-text`` exporter."""
    return [ZaloTextExporter]
