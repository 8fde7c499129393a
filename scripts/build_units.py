#!/usr/bin/env python
"""Build the shipped catalog of Vietnamese administrative units from ``vietnamadminunits``.

Reproducible: the same version of the source gives byte-identical output (sorted rows, gzip
without a timestamp). The source is a build-time input only; dlxh does not import it at run
time. Usage::

    pip install vietnamadminunits==1.0.4
    python scripts/build_units.py            # writes src/dlxh/data/units/

The output ``vn-units.json.gz`` holds both states (the three-level one in force until
2025-06-30 and the two-level one from 2025-07-01) as compact rows, and the old -> new links.
``PROVENANCE.json`` records the source, its version, licence and checksums, and the counts that
the tests check. ``NOTICE`` keeps the source's copyright notice. Later changes are not built
here: they are dated records in ``changes.json``, edited by hand.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import hashlib
import importlib.metadata
import io
import json
import re
import sqlite3
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

SOURCE = "vietnamadminunits"
OUT = Path(__file__).resolve().parent.parent / "src" / "dlxh" / "data" / "units"
REFORM = "2025-07-01"
LAST_LEGACY_DAY = "2025-06-30"

# Kind codes in the data file: the values of dlxh.model.units.UnitKind.
PROVINCE_KIND = {"Tỉnh": "province", "Thành phố": "municipality"}
DISTRICT_KIND = {
    "Quận": "urban_district",
    "Huyện": "rural_district",
    "Thị xã": "district_town",
    "Thành phố": "provincial_city",
}
KIND_LETTERS = {
    "P": "province",
    "M": "municipality",
    "Q": "urban_district",
    "H": "rural_district",
    "X": "district_town",
    "C": "provincial_city",
    "x": "commune",
    "p": "ward",
    "t": "township",
    "d": "special_zone",
}
COMMUNE_KIND = {
    "Xã": "commune",
    "Phường": "ward",
    "Thị trấn": "township",
    "Đặc khu": "special_zone",
}


def official_tones(text: str) -> str:
    """The statistics office's spelling: tone marks of open ``oa, oe, uy`` syllables on the
    second vowel (``Hòa`` -> ``Hoà``), as :func:`dlxh.text.normalize` writes them in its
    ``"old"`` style; the source writes the other style."""
    from dlxh.text import normalize

    return normalize(text, tone_style="old")


def clean(name: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", name)).strip()


def split_name(full: str, kinds: dict[str, str]) -> tuple[str, str]:
    """Return (kind value, short name) from an official full name, by its leading kind word."""
    full = clean(full)
    for word in sorted(kinds, key=len, reverse=True):
        if full.casefold().startswith(word.casefold() + " "):
            return kinds[word], official_tones(full[len(word) :].strip())
    raise ValueError(f"cannot tell the kind of {full!r}")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(out: Path, built_on: str) -> dict[str, Any]:
    import vietnamadminunits  # type: ignore[import-untyped]  # build-time input only

    root = Path(vietnamadminunits.__file__).parent
    db_path = root / "data" / "dataset.db"
    conv_path = root / "data" / "converter_2025.json"
    con = sqlite3.connect(db_path)
    con.row_factory = sqlite3.Row

    # ---- the three-level state in force until 2025-06-30
    legacy = list(con.execute("SELECT * FROM admin_units_legacy"))
    provinces: dict[str, list[str]] = {}
    districts: dict[str, list[str]] = {}
    communes: dict[str, list[str]] = {}
    old_key: dict[str, str] = {}  # "provinceKey_districtKey_wardKey" -> commune or district code
    old_province_key: dict[str, str] = {}
    aliases: dict[str, list[str]] = collections.defaultdict(list)
    for r in legacy:
        kind, short = split_name(r["province"], PROVINCE_KIND)
        provinces[r["provinceCode"]] = [r["provinceCode"], short, kind, ""]
        old_province_key[r["provinceKey"]] = r["provinceCode"]
        kind, short = split_name(r["district"], DISTRICT_KIND)
        districts[r["districtCode"]] = [r["districtCode"], short, kind, r["provinceCode"]]
        key = f"{r['provinceKey']}_{r['districtKey']}_"
        if r["wardCode"] is None:
            old_key[key] = r["districtCode"]  # a district without communes (islands)
            continue
        kind, short = split_name(r["ward"], COMMUNE_KIND)
        communes[r["wardCode"]] = [r["wardCode"], short, kind, r["districtCode"]]
        old_key[key + r["wardKey"]] = r["wardCode"]
        for column, code in (
            ("wardAlias", r["wardCode"]),
            ("districtAlias", r["districtCode"]),
            ("provinceAlias", r["provinceCode"]),
        ):
            for alias in json.loads(r[column] or "[]"):
                if alias not in aliases[code]:
                    aliases[code].append(alias)

    # ---- the two-level state from 2025-07-01
    reform = list(con.execute("SELECT * FROM admin_units"))
    new_provinces: dict[str, list[str]] = {}
    new_communes: dict[str, list[str]] = {}
    new_key: dict[tuple[str, str], str] = {}
    new_province_key: dict[str, str] = {}
    for r in reform:
        kind, short = split_name(r["province"], PROVINCE_KIND)
        new_provinces[r["provinceCode"]] = [r["provinceCode"], short, kind, ""]
        new_province_key[r["provinceKey"]] = r["provinceCode"]
        kind, short = split_name(r["ward"], COMMUNE_KIND)
        new_communes[r["wardCode"]] = [r["wardCode"], short, kind, r["provinceCode"]]
        new_key[(r["provinceKey"], r["wardKey"])] = r["wardCode"]

    # ---- old -> new links. flag 0: whole unit; 1: split, main part; 2: split, other part
    conv = json.loads(conv_path.read_text(encoding="utf-8"))
    province_links = sorted(
        (old_province_key[o], new_province_key[n])
        for n, olds in conv["DICT_PROVINCE"].items()
        for o in olds
    )
    links: set[tuple[str, str, int]] = set()
    for prov, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward, olds in wards.items():
            target = new_key[(prov, ward)]
            for o in olds:
                links.add((old_key[o], target, 0))
    for prov, olds in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for o, parts in olds.items():
            for part in parts:
                target = new_key[(prov, part["newWardKey"])]
                links.add((old_key[o], target, 1 if part["isDefaultNewWard"] else 2))
    link_rows = sorted(links)

    # Aliases: only former names that differ from the unit's own keys (the source also lists
    # the unit's own name); stored folded and without spaces, as the source gives them.
    alias_rows: dict[str, list[str]] = {}
    for code, keys in sorted(aliases.items()):
        row = provinces.get(code) or districts.get(code) or communes.get(code)
        assert row is not None
        own = fold_key(row[1])
        kept = [k for k in keys if k != own and not k.endswith(own) and len(k) > 2]
        if kept:
            alias_rows[code] = sorted(kept)

    # Nested rows keep the parent implicit and the file small: a province row holds its
    # districts, a district row its communes; a new commune row holds the old units it
    # received (suffix "*": main part of a split unit, "+": another part of it).
    kind_letter = {v: k for k, v in KIND_LETTERS.items()}
    by_parent: dict[str, list[list[Any]]] = collections.defaultdict(list)
    for row in sorted(communes.values()):
        by_parent[row[3]].append([row[0], row[1], kind_letter[row[2]]])
    for row in sorted(districts.values()):
        by_parent[row[3]].append([row[0], row[1], kind_letter[row[2]], by_parent.pop(row[0], [])])
    legacy_rows = [
        [row[0], row[1], kind_letter[row[2]], by_parent.pop(row[0])]
        for row in sorted(provinces.values())
    ]
    sources: dict[str, list[str]] = collections.defaultdict(list)
    for source, target, flag in link_rows:
        sources[target].append(source + ("", "*", "+")[flag])
    old_provinces: dict[str, list[str]] = collections.defaultdict(list)
    for source, target in province_links:
        old_provinces[target].append(source)
    for row in sorted(new_communes.values()):
        by_parent[row[3]].append([row[0], row[1], kind_letter[row[2]], sources[row[0]]])
    reform_rows = [
        [row[0], row[1], kind_letter[row[2]], by_parent.pop(row[0]), old_provinces[row[0]]]
        for row in sorted(new_provinces.values())
    ]
    data = {
        "format": "dlxh-units/1",
        "source": f"{SOURCE} {importlib.metadata.version(SOURCE)}",
        "kinds": KIND_LETTERS,
        "legacy": {"valid_to": LAST_LEGACY_DAY, "provinces": legacy_rows},
        "reform": {"valid_from": REFORM, "provinces": reform_rows},
        "aliases": alias_rows,
    }
    out.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9, mtime=0, filename="") as gz:
        gz.write(raw)
    data_file = out / "vn-units.json.gz"
    data_file.write_bytes(buffer.getvalue())

    def counts(rows: list[list[str]]) -> dict[str, int]:
        return dict(sorted(collections.Counter(r[2] for r in rows).items()))

    split = collections.Counter(link[0] for link in link_rows)
    provenance = {
        "source": {
            "package": SOURCE,
            "version": importlib.metadata.version(SOURCE),
            "licence": "MIT",
            "copyright": "Copyright (c) 2025 Tran Ngoc Minh Hieu",
            "homepage": "https://github.com/tranngocminhhieu/vietnamadminunits",
            "files": {
                "data/dataset.db": sha256(db_path),
                "data/converter_2025.json": sha256(conv_path),
            },
        },
        "built_on": built_on,
        "built_by": "scripts/build_units.py",
        "output": {"vn-units.json.gz": sha256(data_file)},
        "spelling": "official tone placement (Hoà, Thuỷ) applied to the source's names",
        "counts": {
            "legacy": {
                "province": counts(list(provinces.values())),
                "district": counts(list(districts.values())),
                "commune": counts(list(communes.values())),
            },
            "reform": {
                "province": counts(list(new_provinces.values())),
                "commune": counts(list(new_communes.values())),
            },
            "links": {
                "province": len(province_links),
                "commune": len(link_rows),
                "old_units_linked": len(split),
                "old_units_split": sum(1 for n in split.values() if n > 1),
            },
        },
    }
    (out / "PROVENANCE.json").write_text(
        json.dumps(provenance, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    licence = Path(vietnamadminunits.__file__).parent.parent.glob(
        f"{SOURCE}-*.dist-info/licenses/LICENSE"
    )
    licence_text = next(iter(licence)).read_text(encoding="utf-8")
    (out / "NOTICE").write_text(
        "The administrative unit data in this folder (vn-units.json.gz) is derived from the\n"
        f"Python package {SOURCE} {importlib.metadata.version(SOURCE)}"
        " (https://github.com/tranngocminhhieu/vietnamadminunits),\n"
        "distributed under the MIT License, whose notice follows.\n\n" + licence_text,
        encoding="utf-8",
    )
    return provenance


def fold_key(text: str) -> str:
    """The source's key form: lower case, no diacritics, no spaces or punctuation."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if c.isalnum() and unicodedata.category(c) != "Mn")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--date", default=date.today().isoformat(), help="build date to record")
    args = parser.parse_args()
    provenance = build(args.out, args.date)
    print(json.dumps(provenance["counts"], indent=2))
    print(
        f"{args.out / 'vn-units.json.gz'}: {(args.out / 'vn-units.json.gz').stat().st_size} bytes"
    )


if __name__ == "__main__":
    main()
