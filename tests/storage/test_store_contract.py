"""The store contract: the same tests on every backend (SQLite and a real PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dlxh.batch import ImportBatch
from dlxh.model.enums import (
    CollaboratorRole,
    OrganisationKind,
    Orientation,
    ReportKind,
    ReviewState,
)
from dlxh.model.network import Collaborator, TrainingEvent
from dlxh.model.opinions import Label, OpinionItem, OpinionStream, Recommendation
from dlxh.model.orgs import Organisation, OrgLevel, ReportingLine
from dlxh.model.periods import Period, PeriodKind
from dlxh.model.reports import Report, Section
from dlxh.model.sources import SourceRef
from dlxh.storage import SaveResult, Store, StoreError
from dlxh.storage.schema import LATEST
from dlxh.testing import strategies as dst

TEXTS = (
    "Người dân phấn khởi vì đường liên xã được làm mới",
    "Nhiều ý kiến lo lắng về giá điện tăng trong mùa nắng nóng",
    "Cử tri băn khoăn việc bồi thường giải phóng mặt bằng chậm",
    "Một số người bức xúc vì tình trạng lừa đảo qua mạng",
)


def item(
    n: int,
    *,
    unit: str = "08001",
    day: dt.date = dt.date(2026, 10, 5),
    topic: str | None = "kinh-te",
    orientation: Orientation | None = Orientation.APPROVE,
    text: str | None = None,
    organisation: str | None = "org-xa-1",
    report: str | None = None,
) -> OpinionItem:
    labels = []
    if topic is not None:
        labels.append(Label("topic", topic, confidence=0.8, classifier="keyword"))
    if orientation is not None:
        labels.append(Label("orientation", str(orientation), confidence=0.7, classifier="keyword"))
    return OpinionItem(
        id=f"item-{n:06d}",
        text=text or TEXTS[n % len(TEXTS)],
        date=day,
        unit=unit,
        organisation_id=organisation,
        report_id=report,
        labels=tuple(labels),
    )


def report(
    rid: str = "rep-1",
    *,
    title: str = "Báo cáo tình hình dư luận xã hội tháng 10",
    item_ids: tuple[str, ...] = (),
    source: SourceRef | None = None,
    kind: ReportKind = ReportKind.PERIODIC,
) -> Report:
    return Report(
        id=rid,
        kind=kind,
        title=title,
        period=Period.month(2026, 10),
        unit="08001",
        organisation_id="org-xa-1",
        item_ids=item_ids,
        sections=(Section(title="Tình hình tư tưởng", paragraphs=("Nhân dân cơ bản ổn định.",)),),
        source=source,
    )


def ids(items: object) -> list[str]:
    assert not isinstance(items, str)
    return [i.id for i in items]  # type: ignore[attr-defined]


# -- opening and schema ------------------------------------------------------------------------


def test_new_store_has_latest_schema_and_is_empty(store: Store) -> None:
    assert store.schema_version() == LATEST
    stats = store.stats()
    assert stats["items"] == 0
    assert stats["reports"] == 0
    assert stats["schema_version"] == LATEST


def test_reopening_keeps_data(open_test_store: Callable[..., Store]) -> None:
    first = open_test_store()
    first.save([item(1), item(2)])
    first.close()
    again = open_test_store()
    assert again.schema_version() == LATEST
    assert ids(again.items()) == ["item-000001", "item-000002"]


# -- saving: round trips, idempotence, updates, atomicity -------------------------------------


def test_every_kind_round_trips(store: Store) -> None:
    org = Organisation(id="org-xa-1", kind=OrganisationKind.FRONT_COMMITTEE,
                       name="Ủy ban MTTQ xã Tân Định", level=OrgLevel.COMMUNE, unit="08001")
    line = ReportingLine(id="line-1", sender_id="org-xa-1", receiver_id="org-tinh",
                         report_kind=ReportKind.PERIODIC, period_kind=PeriodKind.MONTH)
    person = Collaborator(id="ctv-1", name="Nguyễn Thị Hoà",
                          role=CollaboratorRole.OPINION_COLLABORATOR,
                          organisation_id="org-xa-1", unit="08001")
    event = TrainingEvent(id="th-1", title="Tập huấn nắm bắt dư luận xã hội",
                          held_on=dt.date(2026, 9, 20), organiser_id="org-tinh",
                          level=OrgLevel.PROVINCE, unit="08")
    rec = Recommendation(id="kn-1", text="Đề nghị sớm sửa đường liên thôn", unit="08002",
                         date=dt.date(2026, 10, 9))
    stream = OpinionStream(id="luong-1", statement="Lo lắng về giá điện",
                           item_ids=("item-000001",), topic="kinh-te")
    one = item(1)
    rep = report()
    batch = ImportBatch(source=SourceRef(file="bao-cao.xlsx"))
    for record in (org, line, person, event, rec, one, rep):
        batch.add(record)
    result = store.save(batch)
    store.save(stream)
    assert result.added == {
        "organisation": 1, "reporting_line": 1, "collaborator": 1, "training_event": 1,
        "recommendation": 1, "opinion_item": 1, "report": 1,
    }
    assert store.get(Organisation, "org-xa-1") == org
    assert store.get(ReportingLine, "line-1") == line
    assert store.get(Collaborator, "ctv-1") == person
    assert store.get(TrainingEvent, "th-1") == event
    assert store.get(Recommendation, "kn-1") == rec
    assert store.get(OpinionStream, "luong-1") == stream
    assert store.item("item-000001") == one
    assert store.report("rep-1") == rep
    assert store.get(Report, "rep-1") == rep
    assert store.item("missing") is None
    assert list(store.organisations()) == [org]
    assert list(store.reporting_lines()) == [line]
    assert list(store.collaborators(unit="08")) == [person]
    assert list(store.collaborators(unit="09")) == []
    assert list(store.training_events(period="2026-Q3")) == [event]
    assert list(store.training_events(period="2026-Q4")) == []
    assert list(store.recommendations(unit="08", period="2026-10")) == [rec]
    assert list(store.streams(topic="kinh-te")) == [stream]
    assert list(store.streams(topic="y-te")) == []


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    records=st.lists(
        st.one_of(dst.opinion_items, dst.reports, dst.recommendations, dst.collaborators,
                  dst.organisations, dst.training_events, dst.opinion_streams),
        min_size=1, max_size=4,
    )
)
def test_generated_records_round_trip(store: Store, records: list[object]) -> None:
    # The store is shared by the examples on purpose: ids may repeat, a record saved again
    # replaces (or, for a report, revises) the stored one.
    store.save(records)  # type: ignore[arg-type]
    last: dict[tuple[type, str], object] = {}
    for record in records:
        last[(type(record), record.id)] = record  # type: ignore[attr-defined]
    for (cls, rid), record in last.items():
        stored = store.get(cls, rid)
        if isinstance(record, Report):
            assert isinstance(stored, Report)
            # Revision bookkeeping is the store's: compare the content.
            assert attrs.evolve(stored, revision=record.revision,
                                supersedes=record.supersedes) == record
        else:
            assert stored == record


def test_saving_the_same_batch_twice_adds_nothing(store: Store) -> None:
    batch = [item(n) for n in range(30)] + [report()]
    first = store.save(batch)
    second = store.save(batch)
    assert first.added == {"opinion_item": 30, "report": 1}
    assert second.added == {}
    assert second.unchanged == {"opinion_item": 30, "report": 1}
    assert store.count_items() == 30
    assert store.stats()["report_revisions"] == 1


def test_a_record_saved_again_with_changes_replaces_it(store: Store) -> None:
    store.save([item(1), item(2)])
    changed = attrs.evolve(item(1), text="Người dân đồng tình với chủ trương mới")
    result = store.save([changed, item(2)])
    assert result.updated == {"opinion_item": 1}
    assert result.unchanged == {"opinion_item": 1}
    assert store.item("item-000001") == changed
    assert store.count_items(text="đồng tình") == 1
    assert ids(store.items()) == ["item-000001", "item-000002"]  # first-saved order kept


def test_a_failed_save_writes_nothing(store: Store) -> None:
    store.save([item(0)])

    def fail_after_first_chunk(written: int) -> None:
        raise RuntimeError(f"interrupted after {written}")

    big = [item(n) for n in range(1, 2500)] + [report()]
    with pytest.raises(RuntimeError, match="interrupted"):
        store.save(big, progress=fail_after_first_chunk)
    assert store.count_items() == 1
    assert store.report("rep-1") is None
    assert [e.detail["added"] for e in store.audit_log()] == [{"opinion_item": 1}]
    assert store.save(big).added == {"opinion_item": 2499, "report": 1}


def test_progress_counts_every_record(store: Store) -> None:
    seen: list[int] = []
    store.save([item(n) for n in range(2300)], progress=seen.append)
    assert seen == [1000, 2000, 2300]


def test_refuses_what_it_does_not_keep(store: Store) -> None:
    with pytest.raises(TypeError, match="does not keep"):
        store.save([item(1), "not a record"])  # type: ignore[list-item]
    assert store.count_items() == 0


# -- queries -------------------------------------------------------------------------------------


@pytest.fixture
def filled(store: Store) -> Store:
    records = [
        item(1, unit="08", day=dt.date(2026, 10, 1)),
        item(2, unit="08001", day=dt.date(2026, 10, 31), topic="y-te",
             orientation=Orientation.OPPOSE),
        item(3, unit="08002", day=dt.date(2026, 11, 1), organisation="org-xa-2"),
        item(4, unit="09001", day=dt.date(2026, 10, 15), topic="y-te"),
        item(5, unit="08002", day=dt.date(2026, 9, 30), topic=None, orientation=None,
             report="rep-1"),
        item(6, unit="08001", day=dt.date(2026, 10, 20),
             text="Bà con HOÀ BÌNH lo ngại giá phân bón", report="rep-1"),
    ]
    store.save(records)
    return store


def test_query_by_unit_includes_descendants(filled: Store) -> None:
    assert ids(filled.items(unit="08")) == [
        "item-000001", "item-000002", "item-000003", "item-000005", "item-000006"]
    assert ids(filled.items(unit="08", descendants=False)) == ["item-000001"]
    assert ids(filled.items(unit="08002")) == ["item-000003", "item-000005"]
    assert ids(filled.items(unit="09")) == ["item-000004"]
    assert ids(filled.items(unit="77")) == []


def test_query_by_period_keeps_items_dated_within(filled: Store) -> None:
    assert ids(filled.items(period="2026-10")) == [
        "item-000001", "item-000002", "item-000004", "item-000006"]
    assert ids(filled.items(unit="08", period="2026-10")) == [
        "item-000001", "item-000002", "item-000006"]
    assert ids(filled.items(unit="08", period=Period.quarter(2026, 4))) == [
        "item-000001", "item-000002", "item-000003", "item-000006"]
    assert ids(filled.items(period="tháng 9/2026")) == ["item-000005"]


def test_query_by_organisation_topic_orientation_report(filled: Store) -> None:
    assert ids(filled.items(organisation="org-xa-2")) == ["item-000003"]
    assert ids(filled.items(topic="y-te")) == ["item-000002", "item-000004"]
    assert ids(filled.items(topic="y-te", unit="08")) == ["item-000002"]
    assert ids(filled.items(orientation=Orientation.OPPOSE)) == ["item-000002"]
    assert ids(filled.items(orientation="Phản đối")) == ["item-000002"]
    assert ids(filled.items(report="rep-1")) == ["item-000005", "item-000006"]


def test_text_search_is_on_folded_whole_syllables(filled: Store) -> None:
    assert ids(filled.items(text="hoà bình")) == ["item-000006"]
    assert ids(filled.items(text="HOA BINH; lo ngại")) == ["item-000006"]
    assert ids(filled.items(text="Hòa Bình, phân bón")) == []  # a phrase, in order
    assert ids(filled.items(text="lo ngai gia phan bon")) == ["item-000006"]
    assert ids(filled.items(text="gia")) == ["item-000001", "item-000005", "item-000006"]
    assert ids(filled.items(text="bin")) == []  # syllables, not prefixes


def test_counts_and_grouped_counts(filled: Store) -> None:
    assert filled.count_items() == 6
    assert filled.count_items(unit="08", period="2026-10") == 3
    assert filled.count_items_by("topic", unit="08", period="2026-Q4") == {
        "kinh-te": 3, "y-te": 1}
    assert filled.count_items_by("topic") == {"kinh-te": 3, "y-te": 2, None: 1}
    assert filled.count_items_by("orientation", period="2026-10") == {
        "approve": 3, "oppose": 1}
    assert filled.count_items_by("unit", unit="08002") == {"08002": 2}
    assert filled.count_items_by("date", unit="09") == {"2026-10-15": 1}
    with pytest.raises(ValueError, match="cannot count"):
        filled.count_items_by("colour")  # type: ignore[arg-type]


def test_unknown_filter_is_an_error(filled: Store) -> None:
    with pytest.raises(ValueError, match="cannot be filtered by topic"):
        list(filled.organisations(topic="y-te"))
    with pytest.raises(TypeError):
        list(filled.items(colour="red"))  # type: ignore[call-arg]


def test_large_results_come_in_batches(store: Store) -> None:
    store.save([item(n, unit="08001" if n % 3 else "09001") for n in range(2500)])
    batches = list(store.item_batches(unit="08", batch_size=400))
    assert [len(b) for b in batches] == [400, 400, 400, 400, 66]
    flat = [i.id for b in batches for i in b]
    assert flat == [f"item-{n:06d}" for n in range(2500) if n % 3]
    assert sum(1 for _ in store.items(unit="09")) == 834


def test_iteration_does_not_block_writers(store: Store) -> None:
    store.save([item(n) for n in range(50)])
    seen = 0
    for batch in store.item_batches(batch_size=10):
        seen += len(batch)
        if seen == 10:  # a write between two batches of a running query
            store.save([item(1000)])
    assert seen == 51


# -- reviews ---------------------------------------------------------------------------------


def test_review_confirms_or_corrects_a_label(store: Store) -> None:
    store.save([item(1, topic="kinh-te")])
    when = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)
    confirmed = store.review("item-000001", "topic", "kinh-te", reviewer="can-bo-a", at=when)
    label = confirmed.label("topic")
    assert label is not None
    assert (label.value, label.review, label.reviewed_by) == (
        "kinh-te", ReviewState.CONFIRMED, "can-bo-a")
    corrected = store.review("item-000001", "topic", "y-te", reviewer="can-bo-b")
    assert corrected.value("topic") == "y-te"
    assert corrected.label("topic").review is ReviewState.CORRECTED  # type: ignore[union-attr]
    # The classifier's label is kept for provenance.
    assert {lb.value for lb in corrected.labels_for("topic")} == {"kinh-te", "y-te"}
    assert store.item("item-000001") == corrected
    assert ids(store.items(topic="y-te")) == ["item-000001"]
    assert ids(store.items(topic="kinh-te")) == []
    reviews = store.audit_log(action="review")
    assert [(e.actor, e.target, e.detail["value"]) for e in reviews] == [
        ("can-bo-a", "item-000001", "kinh-te"), ("can-bo-b", "item-000001", "y-te")]
    with pytest.raises(KeyError):
        store.review("missing", "topic", "y-te", reviewer="can-bo-a")


# -- reports: revisions and stale syntheses ----------------------------------------------------


def test_report_saved_again_with_changes_is_a_new_revision(store: Store) -> None:
    first = report()
    store.save(first)
    corrected = attrs.evolve(first, title="Báo cáo tình hình dư luận xã hội tháng 10 (bổ sung)")
    result = store.save(corrected)
    assert result.new_revisions == (("rep-1", 2),)
    assert result.updated == {"report": 1}
    current = store.report("rep-1")
    assert current is not None
    assert (current.title, current.revision) == (corrected.title, 2)
    assert store.report("rep-1", revision=1) == first
    assert [r.revision for r in store.report_revisions("rep-1")] == [1, 2]
    assert list(store.reports()) == [current]
    # Same content again (either revision): nothing new.
    assert store.save(corrected).unchanged == {"report": 1}
    assert store.save(first).unchanged == {"report": 1}
    assert store.stats()["report_revisions"] == 2


def test_report_from_the_same_source_under_a_new_id_is_a_revision(store: Store) -> None:
    source = SourceRef(file="xa-tan-dinh-2026-10.docx", sha256="aa")
    store.save(report("rep-a", source=source))
    again = report("rep-b", source=attrs.evolve(source, sha256="bb"),
                   title="Báo cáo tháng 10 (sửa số liệu)")
    result = store.save(again)
    assert result.new_revisions == (("rep-b", 2),)
    stored = store.report("rep-b")
    assert stored is not None
    assert (stored.revision, stored.supersedes) == (2, "rep-a")
    assert [r.id for r in store.report_revisions("rep-a")] == ["rep-a", "rep-b"]
    assert [r.id for r in store.reports()] == ["rep-b"]
    # Another kind of report from the same file is another report.
    other = report("rep-c", source=source, kind=ReportKind.QUICK)
    assert store.save(other).added == {"report": 1}


def test_reports_query(store: Store) -> None:
    store.save([report("rep-1"), attrs.evolve(report("rep-2"), unit="09001"),
                attrs.evolve(report("rep-3"), period=Period.month(2026, 11))])
    assert [r.id for r in store.reports(unit="08")] == ["rep-1", "rep-3"]
    assert [r.id for r in store.reports(period="2026-10")] == ["rep-1", "rep-2"]
    assert [r.id for r in store.reports(period="2026-Q4", unit="09")] == ["rep-2"]
    assert [r.id for r in store.reports(kind=ReportKind.SYNTHESIS)] == []
    assert [r.id for r in store.reports(organisation="org-xa-1")] == ["rep-1", "rep-2", "rep-3"]


def test_synthesis_becomes_stale_when_a_report_it_used_is_revised(store: Store) -> None:
    rep_a, rep_b = report("rep-a"), attrs.evolve(report("rep-b"), unit="08002")
    items_a = [item(1, report="rep-a"), item(2, report="rep-a")]
    items_b = [item(3, unit="08002", report="rep-b")]
    stream = OpinionStream(id="luong-1", statement="Lo lắng về giá điện",
                           item_ids=("item-000003",))
    store.save([rep_a, rep_b, *items_a, *items_b, stream])
    synthesis = Report(
        id="tong-hop-1", kind=ReportKind.SYNTHESIS, title="Tổng hợp dư luận tháng 10",
        period=Period.month(2026, 10), unit="08",
        sections=(Section(title="Vấn đề quan tâm", item_ids=cast(Any, ("item-000001",)),
                          stream_ids=cast(Any, ("luong-1",))),),
    )
    store.save(synthesis)
    assert [s.id for s in store.syntheses()] == ["tong-hop-1"]
    assert store.synthesis_inputs("tong-hop-1") == {"rep-a": 1, "rep-b": 1}
    assert store.stale_syntheses() == []
    store.save(attrs.evolve(rep_b, title="Báo cáo tháng 10 (bổ sung)"))
    assert store.stale_syntheses() == ["tong-hop-1"]
    assert store.stats()["stale_syntheses"] == 1
    # Re-running the synthesis (new content) records the current revisions.
    store.save(attrs.evolve(synthesis, summary="Cập nhật theo báo cáo bổ sung"))
    assert store.stale_syntheses() == []
    assert store.synthesis_inputs("tong-hop-1") == {"rep-a": 1, "rep-b": 2}


def test_synthesis_inputs_can_be_given(store: Store) -> None:
    store.save([report("rep-a")])
    store.save(Report(id="th-1", kind=ReportKind.SYNTHESIS, title="Tổng hợp"))
    store.record_synthesis_inputs("th-1", ["rep-a", "not-stored"])  # type: ignore[attr-defined]
    assert store.synthesis_inputs("th-1") == {"rep-a": 1}
    store.save(attrs.evolve(report("rep-a"), summary="Đã sửa"))
    assert store.stale_syntheses() == ["th-1"]


# -- audit and maintenance ---------------------------------------------------------------------


def test_audit_log(store: Store) -> None:
    batch = ImportBatch(source=SourceRef(file="xa-tan-dinh.xlsx"))
    batch.add(item(1))
    store.save(batch, actor="can-bo-a", action="import")
    entry = store.audit("export", "tong-hop.docx", actor="can-bo-b", detail={"items": 1})
    assert entry.actor == "can-bo-b"
    log = store.audit_log()
    assert [(e.actor, e.action, e.target) for e in log] == [
        ("can-bo-a", "import", "xa-tan-dinh.xlsx"), ("can-bo-b", "export", "tong-hop.docx")]
    assert log[0].detail["added"] == {"opinion_item": 1}
    assert log[1].detail == {"items": 1}
    assert log[0].at <= log[1].at
    assert log[0].at.tzinfo is not None
    assert [e.action for e in store.audit_log(actor="can-bo-b")] == ["export"]
    assert [e.action for e in store.audit_log(limit=1)] == ["export"]
    assert store.audit_log(since=log[1].at + dt.timedelta(seconds=1)) == []
    store.save([item(2)])
    assert store.audit_log()[-1].actor  # the operating-system user by default


def test_stats_and_vacuum(filled: Store) -> None:
    filled.vacuum()
    stats = filled.stats()
    assert stats["items"] == 6
    assert stats["audit"] == 1
    assert isinstance(filled.save([]), SaveResult)


def test_store_error_is_a_dlxh_error() -> None:
    from dlxh.errors import DlxhError

    assert issubclass(StoreError, DlxhError)


def test_a_deadlocked_save_is_run_again_on_postgresql(
    store: Store, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dlxh.storage import SqlStore

    assert isinstance(store, SqlStore)
    original = store._save_groups
    calls: list[int] = []

    def deadlock_once(*args: Any, **kwargs: Any) -> None:
        calls.append(1)
        original(*args, **kwargs)  # written, then rolled back by the failure
        if len(calls) == 1:
            if backend == "postgresql":
                import psycopg

                cause: Exception = psycopg.errors.DeadlockDetected("deadlock detected")
            else:
                cause = RuntimeError("not retryable")
            raise StoreError("deadlock detected") from cause

    monkeypatch.setattr(store, "_save_groups", deadlock_once)
    if backend == "postgresql":
        result = store.save([item(1), item(2)])
        assert result.added == {"opinion_item": 2}
        assert len(calls) == 2
        assert len(store.audit_log()) == 1
    else:
        with pytest.raises(StoreError):
            store.save([item(1), item(2)])
        assert store.count_items() == 0


def test_descendants_follow_the_catalog_on_the_dates_asked(
    open_test_store: Callable[..., Store],
) -> None:
    reform = dt.date(2025, 7, 1)

    def changing_tree(unit: str, as_of: dt.date) -> list[str]:
        # Before the reform "08" held commune 08001; after it, 08002.
        if unit != "08":
            return []
        return ["08001"] if as_of < reform else ["08002"]

    store = open_test_store(descendants=changing_tree)
    store.save([item(1, unit="08001", day=dt.date(2025, 6, 20)),
                item(2, unit="08002", day=dt.date(2025, 7, 10))])
    # A period across the change: the units of its first and of its last day.
    assert ids(store.items(unit="08", period="2025-Q3")) == ["item-000002"]
    assert ids(store.items(unit="08", period="2025")) == ["item-000001", "item-000002"]
    assert ids(store.items(unit="08", as_of=dt.date(2025, 1, 1))) == ["item-000001"]
    assert ids(store.items(unit="08")) == ["item-000002"]  # today's tree
