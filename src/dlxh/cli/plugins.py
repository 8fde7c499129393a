"""``dlxh plugins``: what is installed."""

from __future__ import annotations

import click

from dlxh.cli.i18n import bi


@click.command(
    "plugins",
    help=bi(
        "Liệt kê các plugin đã cài và những gì chúng đăng ký.",
        "List installed plugins and what they register.",
    ),
)
def plugins() -> None:
    """Liệt kê các plugin đã cài (list installed plugins and what they register)."""
    from rich.console import Console
    from rich.table import Table

    from dlxh.plugins.manager import plugin_origin
    from dlxh.session import Session

    session = Session()
    console = Console()
    table = Table(title="Plugin dlxh")
    table.add_column("Plugin")
    table.add_column("Nguồn (origin)")
    for name, _plugin in sorted(session.pm.list_name_plugin()):
        table.add_row(name, plugin_origin(name))
    console.print(table)
    kinds = (
        ("Importers", session.importers),
        ("Exporters", session.exporters),
        ("Classifiers", session.classifiers),
        ("Unit datasets", session.unit_datasets),
        ("Taxonomies", session.taxonomy_providers),
        ("Storage", session.storage_backends),
    )
    registered = Table(title="Đăng ký (registered)")
    registered.add_column("Loại (kind)")
    registered.add_column("Tên (name)")
    registered.add_column("Lớp (class)")
    registered.add_column("Mô tả (description)")
    for kind, registry in kinds:
        for cls in registry:
            registered.add_row(
                kind, cls.name, f"{cls.__module__}.{cls.__qualname__}", cls.description
            )
    console.print(registered)
