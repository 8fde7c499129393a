"""The dlxh plugin contracts, which every built-in importer and exporter passes too."""

from __future__ import annotations

from pathlib import Path

from dlxh.testing.contracts import ExporterContract, ImporterContract

from dlxh_google_forms import GoogleFormsImporter, ZaloTextExporter
from gforms_samples import EN_HEADER, EN_ROWS, VI_ROWS, synthesis, write_csv, write_xlsx, write_zip


class TestGoogleFormsCsvContract(ImporterContract):
    importer_class = GoogleFormsImporter

    def make_sample(self, tmp_path: Path) -> Path:
        return write_csv(tmp_path / "cau-tra-loi.csv", rows=VI_ROWS[:3])

    def make_broken(self, tmp_path: Path) -> Path:
        return write_csv(tmp_path / "cau-tra-loi-loi.csv")


class TestGoogleFormsXlsxContract(ImporterContract):
    importer_class = GoogleFormsImporter

    def make_sample(self, tmp_path: Path) -> Path:
        return write_xlsx(tmp_path / "responses.xlsx", EN_HEADER, EN_ROWS)

    def make_broken(self, tmp_path: Path) -> Path:
        return write_xlsx(tmp_path / "responses-bad.xlsx")


class TestGoogleFormsZipContract(ImporterContract):
    importer_class = GoogleFormsImporter

    def make_sample(self, tmp_path: Path) -> Path:
        return write_zip(tmp_path / "cau-tra-loi.csv.zip", rows=VI_ROWS[:2])

    def make_broken(self, tmp_path: Path) -> Path:
        return write_zip(tmp_path / "cau-tra-loi-loi.csv.zip")


class TestZaloTextContract(ExporterContract):
    exporter_class = ZaloTextExporter
    extension = ".zalo.txt"

    def make_object(self) -> object:
        return synthesis()
