"""Pseudonyms are stable per secret, and an upward export carries no name, phone or ID
number of the roster (the test searches the bytes written)."""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import random
import re
import subprocess
import sys
import unicodedata
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import dlxh
from dlxh.errors import ConfigurationError
from dlxh.model.network import Collaborator
from dlxh.model.opinions import Evidence, Label, OpinionItem
from dlxh.model.periods import Period
from dlxh.network import (
    Pseudonymizer,
    for_upward_export,
    pseudonymise_collaborators,
    pseudonymise_items,
)
from dlxh.network.pseudonyms import NameReplacer
from dlxh.testing import fresh_session
from dlxh.testing.roster import generate_items

SECRET = b"province-08-secret-kept-at-home"
OTHER = b"another-province-secret-0000000"


def test_pseudonyms_are_hmac_sha256_of_the_id() -> None:
    p = Pseudonymizer(SECRET)
    expected = hmac.new(SECRET, b"person\x1fCTV-08-00001", hashlib.sha256).hexdigest()
    assert p.pseudonym("CTV-08-00001") == "CTV-" + expected[:16]
    assert p.digest("CTV-08-00001") == expected
    assert Pseudonymizer(SECRET, prefix="NG", length=24).pseudonym("x").startswith("NG-")
    assert p.pseudonym("0912345678", kind="phone") != p.pseudonym("0912345678")
    assert "secret" not in repr(p)


def test_same_secret_same_pseudonym_across_runs() -> None:
    code = ("from dlxh.network import Pseudonymizer; "
            f"print(Pseudonymizer({SECRET!r}).pseudonym('CTV-08-00042'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == Pseudonymizer(SECRET).pseudonym("CTV-08-00042")
    assert out == Pseudonymizer(SECRET.decode()).pseudonym(" CTV-08-00042 ")


@given(st.lists(st.text(min_size=1, max_size=20).filter(str.strip), min_size=1, max_size=20,
                unique_by=lambda t: unicodedata.normalize("NFC", t).strip()))
def test_different_secrets_give_unrelated_pseudonyms(ids: list[str]) -> None:
    ours, theirs = Pseudonymizer(SECRET), Pseudonymizer(OTHER)
    mine = [ours.pseudonym(i) for i in ids]
    assert len(set(mine)) == len(ids)  # no collision between people
    assert not set(mine) & {theirs.pseudonym(i) for i in ids}


def test_a_short_secret_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="at least 16 bytes"):
        Pseudonymizer("abc")
    with pytest.raises(ConfigurationError):
        Pseudonymizer(SECRET, length=4)


def test_names_are_replaced_as_whole_words_in_any_case() -> None:
    replace = NameReplacer({"Nguyễn Văn An": "CTV-1", "Lê Thị Hoa": "CTV-2", "An": "CTV-3"})
    nfd = unicodedata.normalize("NFD", "ông NGUYỄN VĂN AN và bà lê thị hoa")
    assert replace(nfd) == "ông CTV-1 và bà CTV-2"
    assert replace("gặp Le Thi Hoa.") == "gặp CTV-2."  # typed without diacritics
    assert replace("Nguyễn Văn Anh đến") == "Nguyễn Văn Anh đến"  # another person
    assert replace("An ninh") == "An ninh"  # one word is never taken for a name


def test_items_and_roster_for_upward_export() -> None:
    person = Collaborator(id="CTV-1", name="Phạm Thị Lan", role="reporter", phone="0912345678",
                          id_number="001190012345", email="lan@example.vn", birth_year=1990,
                          appointment_decision="12/QĐ gọi 0912345678")
    extra: Any = (("Ghi chú", "email lan@example.vn"),)  # Any: the model's tuple converter
    evidence: Any = (Evidence("Phạm Thị Lan nói"),)
    item = OpinionItem(
        id="i1", text="Chị Phạm Thị Lan (0912 345 678) phản ánh.", reporter_id="CTV-1",
        reasons=("theo Phạm Thị Lan",), place_text="nhà Phạm Thị Lan",
        extra=extra,
        labels=(Label("topic", "gia-ca", evidence=evidence,
                      reviewed_by="Phạm Thị Lan"),),
    )
    p = Pseudonymizer(SECRET)
    (c,) = pseudonymise_collaborators([person], p)
    alias = p.pseudonym("CTV-1")
    assert (c.id, c.name, c.phone, c.id_number, c.email, c.birth_year) == (
        alias, alias, None, None, None, None)
    assert c.appointment_decision == "12/QĐ gọi [số điện thoại]"
    assert c.role == person.role and c.age_band == person.age_band
    (i,) = pseudonymise_items([item], p, [person])
    assert i.reporter_id == alias
    assert i.text == f"Chị {alias} ([số điện thoại]) phản ánh."
    assert i.reasons == (f"theo {alias}",) and i.place_text == f"nhà {alias}"
    assert i.extra == (("Ghi chú", "email [địa chỉ email]"),)
    assert i.labels[0].evidence[0].cue == f"{alias} nói"
    assert i.labels[0].reviewed_by is None
    assert i.id == item.id and i.value("topic") == "gia-ca"
    with pytest.raises(ConfigurationError, match="secret"):
        for_upward_export([person], [item])
    revealed = for_upward_export([person], [item], reveal_identities=True)
    assert revealed.collaborators == (person,) and revealed.items == (item,)
    assert not revealed.pseudonymised


# -- the search of an upward export ----------------------------------------------------------

_WORDS = re.compile(r"\w+")
_DIGITS = re.compile(r"\d+")
_EMAIL = re.compile(r"[\w.+\-]+@[\w.\-]+")


def _texts(path: Path) -> str:
    """Everything a file says: every part of a zip (xlsx) decoded, or the file itself."""
    raw = path.read_bytes()
    if raw[:2] == b"PK":
        with zipfile.ZipFile(path) as z:
            return "\n".join(html.unescape(z.read(n).decode("utf-8")) for n in z.namelist())
    return raw.decode("utf-8")


def _leaks(text: str, roster: Iterable[Collaborator]) -> dict[str, set[str]]:
    people = list(roster)
    names = {unicodedata.normalize("NFC", c.name).casefold() for c in people}
    numbers = {n for c in people for n in (c.phone, c.id_number) if n}
    emails = {c.email.casefold() for c in people if c.email}
    text = unicodedata.normalize("NFC", text)
    words = [w.casefold() for w in _WORDS.findall(text)]
    found_names = {" ".join(words[k:k + 3]) for k in range(len(words) - 2)} & names
    found_numbers: set[str] = set()
    for run in _DIGITS.findall(text):
        for size in (9, 10, 12):
            found_numbers.update(run[k:k + size] for k in range(len(run) - size + 1))
    found_emails = {m.casefold() for m in _EMAIL.findall(text)}
    # A sample searched as plain substrings too, in case a tokenisation above misses one.
    sample = random.Random(0).sample(people, min(25, len(people)))
    direct = {v for c in sample for v in (c.name, c.phone, c.id_number, c.email)
              if v and v in text}
    return {"names": found_names, "numbers": found_numbers & numbers,
            "emails": found_emails & emails, "substrings": direct}


def test_upward_export_of_a_province_leaks_no_identity(
    tmp_path: Path, big_roster: list[Collaborator],
) -> None:
    assert all(len(c.name.split()) == 3 for c in big_roster)  # what _leaks searches for
    period = Period.month(2026, 1)
    items = generate_items(big_roster, period, per_collaborator=(1, 2), contact_share=0.5,
                           seed=4)
    session = fresh_session()
    # The search finds identities when they are there.
    control = tmp_path / "noi-bo.json"
    dlxh.write([*big_roster[:50], *items[:50]], control, session=session)
    control_leaks = _leaks(_texts(control), big_roster[:50])
    assert control_leaks["names"] and control_leaks["numbers"] and control_leaks["emails"]

    export = for_upward_export(big_roster, items, secret=SECRET)
    assert export.pseudonymised
    outputs = {
        "roster.xlsx": list(export.collaborators),
        "items.xlsx": list(export.items),
        "all.json": export.records(),
    }
    for name, obj in outputs.items():
        path = tmp_path / name
        dlxh.write(obj, path, session=session)
        text = _texts(path)
        assert _leaks(text, big_roster) == {
            "names": set(), "numbers": set(), "emails": set(), "substrings": set()}, name
        assert SECRET.decode() not in text
    # What was sent can still be counted per collaborator, under pseudonyms.
    back = dlxh.read(tmp_path / "all.json", session=session)
    assert len(back.collaborators) == len(big_roster)
    assert {i.reporter_id for i in back.items} <= {c.id for c in back.collaborators}
    again = for_upward_export(big_roster, items[:10], secret=SECRET)
    assert again.collaborators == export.collaborators
    other = for_upward_export(big_roster[:10], (), secret=OTHER)
    assert not {c.id for c in other.collaborators} & {c.id for c in export.collaborators}
    assert json.loads((tmp_path / "all.json").read_text("utf-8"))["type"] == "batch"
