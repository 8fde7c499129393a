"""The built-in plugin for narrative reports: Word documents and plain text files."""

from __future__ import annotations

from dlxh.importers.docx_importer import DocxImporter
from dlxh.importers.text_importer import TextImporter
from dlxh.plugins.hookspecs import hookimpl
from dlxh.plugins.interfaces import Importer

__all__ = ["dlxh_register_importers"]


@hookimpl
def dlxh_register_importers() -> list[type[Importer]]:
    """The Word (``docx``) and plain-text (``text``) report importers."""
    return [DocxImporter, TextImporter]
