"""Third-party plugins found through entry points, and failure isolation."""

from __future__ import annotations

import importlib
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import dlxh
from dlxh.cli import main
from dlxh.plugins.manager import PluginLoadWarning

FAKE_PLUGIN = '''
import dlxh


class ZaloChatImporter(dlxh.Importer):
    """Reads a (made-up) chat export: one opinion per line after 'ZALO-EXPORT'."""

    name = "zalo-chat"
    description = "Zalo group chat export (test plugin)"
    extensions = (".zalo",)

    @classmethod
    def sniff(cls, source):
        return 0.95 if source.head().startswith(b"ZALO-EXPORT") else 0.0

    def read(self, source, *, strict=False, **options):
        batch = dlxh.ImportBatch(strict=strict)
        lines = source.read_bytes().decode("utf-8").splitlines()[1:]
        for number, line in enumerate(lines, start=2):
            batch.seen += 1
            if not line.strip():
                batch.reject(dlxh.Problem("empty-line", "error", "Dòng trống", f"line {number}"))
                continue
            batch.add(dlxh.OpinionItem(id=dlxh.content_id("zalo", number, line), text=line))
        return batch


@dlxh.hookimpl
def dlxh_register_importers():
    return [ZaloChatImporter]
'''


def _install(site: Path, dist: str, version: str, entry: str, module: str, code: str) -> None:
    (site / f"{module}.py").write_text(textwrap.dedent(code), encoding="utf-8")
    info = site / f"{dist.replace('-', '_')}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(f"[dlxh]\n{entry} = {module}\n", encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A throwaway site folder on sys.path holding fake installed distributions."""
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    monkeypatch.delenv("DLXH_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    monkeypatch.delenv("DLXH_BLOCK_PLUGINS", raising=False)
    importlib.invalidate_caches()
    yield folder
    for name in ("fake_zalo_plugin", "broken_plugin"):
        sys.modules.pop(name, None)


def test_installed_plugin_is_found_and_used_by_read(site: Path, tmp_path: Path) -> None:
    _install(site, "dlxh-zalo", "0.1.0", "zalo", "fake_zalo_plugin", FAKE_PLUGIN)
    session = dlxh.Session()
    assert "zalo-chat" in session.importers
    export = tmp_path / "nhom-zalo.txt"  # content decides, not the extension
    export.write_text("ZALO-EXPORT\nGiá phân bón tăng cao\n\nĐường làng ngập nước", "utf-8")
    batch = dlxh.read(export, session=session)
    assert [i.text for i in batch.items] == ["Giá phân bón tăng cao", "Đường làng ngập nước"]
    assert [(p.code, p.location) for p in batch.problems] == [("empty-line", "line 3")]


def test_plugins_command_lists_the_installed_plugin(site: Path) -> None:
    _install(site, "dlxh-zalo", "0.1.0", "zalo", "fake_zalo_plugin", FAKE_PLUGIN)
    result = CliRunner().invoke(main, ["plugins"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "zalo-chat" in result.output
    assert "dlxh-zalo 0.1.0" in result.output
    assert "built-in" in result.output


def test_broken_plugin_warns_naming_it_and_the_rest_works(site: Path) -> None:
    _install(site, "dlxh-zalo", "0.1.0", "zalo", "fake_zalo_plugin", FAKE_PLUGIN)
    _install(site, "dlxh-broken", "1.0", "broken", "broken_plugin", "raise RuntimeError('boom')\n")
    with pytest.warns(
        PluginLoadWarning, match=r"plugin 'broken' \(broken_plugin\) failed to load: boom"
    ):
        session = dlxh.Session()
    assert "zalo-chat" in session.importers
    assert "json" in session.importers


def test_broken_plugin_is_an_error_in_strict_mode(site: Path) -> None:
    _install(site, "dlxh-broken", "1.0", "broken", "broken_plugin", "raise RuntimeError('boom')\n")
    with pytest.raises(dlxh.PluginError, match="broken"):
        dlxh.Session(strict_plugins=True)


def test_autoload_can_be_switched_off_by_environment(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _install(site, "dlxh-zalo", "0.1.0", "zalo", "fake_zalo_plugin", FAKE_PLUGIN)
    monkeypatch.setenv("DLXH_DISABLE_PLUGIN_AUTOLOAD", "1")
    assert "zalo-chat" not in dlxh.Session().importers
    assert "zalo-chat" in dlxh.Session(autoload=True).importers


def test_plugins_can_be_blocked_by_name(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _install(site, "dlxh-zalo", "0.1.0", "zalo", "fake_zalo_plugin", FAKE_PLUGIN)
    _install(site, "dlxh-broken", "1.0", "broken", "broken_plugin", "raise RuntimeError('boom')\n")
    monkeypatch.setenv("DLXH_BLOCK_PLUGINS", "broken, zalo")
    session = dlxh.Session()  # no warning: the broken one is never imported
    assert "zalo-chat" not in session.importers
    assert "jsonl" not in dlxh.Session(block=["dlxh.importers.json_importer"]).importers
