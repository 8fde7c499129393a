"""Where a record came from: its file, the file's content hash and the place inside it."""

from __future__ import annotations

import attrs

from dlxh.model.fields import nfc

__all__ = ["SourceRef"]


@attrs.frozen
class SourceRef:
    """Provenance of an imported record: ``file`` (name as given), ``sha256`` of the file's
    bytes, ``location`` inside it (``"Sheet1!C12"``, ``"page 2, paragraph 14"``) and the
    ``importer`` that read it."""

    file: str = attrs.field(converter=nfc)
    sha256: str = ""
    location: str = attrs.field(default="", converter=nfc)
    importer: str = ""
