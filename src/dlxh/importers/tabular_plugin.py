"""The built-in tabular importers as a plugin module (listed in ``DEFAULT_PLUGINS``):
``xlsx``, ``xls``, ``ods`` and ``csv``."""

from __future__ import annotations

from dlxh.importers.csv_importer import CsvImporter
from dlxh.importers.xlsx_importer import OdsImporter, XlsImporter, XlsxImporter
from dlxh.plugins.hookspecs import hookimpl
from dlxh.plugins.interfaces import Importer

__all__ = ["dlxh_register_importers"]


@hookimpl
def dlxh_register_importers() -> list[type[Importer]]:
    """The spreadsheet and CSV importers."""
    return [XlsxImporter, XlsImporter, OdsImporter, CsvImporter]
