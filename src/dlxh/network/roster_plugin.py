"""Built-in plugin: the collaborator roster exporter (``.xlsx`` for a list of collaborators)."""

from __future__ import annotations

from dlxh.network.roster import RosterXlsxExporter
from dlxh.plugins.hookspecs import hookimpl
from dlxh.plugins.interfaces import Exporter

__all__ = ["dlxh_register_exporters"]


@hookimpl
def dlxh_register_exporters() -> list[type[Exporter]]:
    return [RosterXlsxExporter]
