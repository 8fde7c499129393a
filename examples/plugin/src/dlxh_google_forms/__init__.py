"""dlxh-google-forms: an example third-party plugin for dlxh.

It adds two things to every :class:`dlxh.Session` once installed (entry-point group ``dlxh``):

- the ``google-forms`` importer (:class:`GoogleFormsImporter`): the responses of a Google
  Forms opinion survey, CSV or xlsx, as opinion items;
- the ``zalo-text`` exporter (:class:`ZaloTextExporter`): a report, a synthesis or a list of
  opinion streams as a short bulletin to paste into a Zalo group.

>>> import dlxh
>>> batch = dlxh.read("cau-tra-loi.csv")                    # doctest: +SKIP
>>> dlxh.write(synthesis, "ban-tin.zalo.txt", exporter="zalo-text")   # doctest: +SKIP
"""

from __future__ import annotations

from dlxh_google_forms.importer import GoogleFormsImporter, ReadOptions
from dlxh_google_forms.zalo_text import ZaloTextExporter, bulletin_text

__all__ = ["GoogleFormsImporter", "ReadOptions", "ZaloTextExporter", "__version__", "bulletin_text"]

__version__ = "0.1.0"
