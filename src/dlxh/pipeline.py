"""The office's whole job in one call: read every report received, classify, synthesise the
month and its quarter, check completeness and quality, and write the documents.

:func:`run_office` is what ``dlxh run CONFIG`` and ``make demo`` call. The configuration is a
small TOML file (:meth:`RunConfig.from_toml`)::

    [run]
    unit = "08"                 # the province (or commune) whose Front synthesises
    period = "2026-12"          # the month; its quarter is synthesised too (quarter = false: not)
    inputs = "bao-cao-nhan-duoc"  # folder of the files received (xlsx, csv, docx, txt, json)
    outputs = "ket-qua"
    roster = "cong-tac-vien.xlsx" # optional: the collaborator roster, for network coverage
    today = "2027-01-12"        # optional: the day reports are counted missing or late against
    deadline_day = 5            # monthly reports are due on this day of the next month
    issuer = "Ủy ban MTTQ Việt Nam tỉnh Tuyên Quang"

Relative paths are read from the configuration file's folder. A file that cannot be read at all
is a problem of the run (``unreadable-file``), never a crash: nothing received is dropped
silently.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from dlxh.batch import ImportBatch
from dlxh.errors import ConfigurationError, DlxhError, Problem, ProblemList, Severity
from dlxh.model.opinions import OpinionItem
from dlxh.model.periods import Period, PeriodKind
from dlxh.model.reports import Report

if TYPE_CHECKING:
    from dlxh.network.coverage import Coverage
    from dlxh.network.structure import OrgStructure
    from dlxh.session import Session
    from dlxh.synthesis.result import Synthesis

__all__ = ["OfficeRun", "RunConfig", "Step", "run_office"]

Step = Callable[[str, int, int], None]
"""Progress of a run: ``step(stage, done, total)``."""

_READABLE = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv", ".docx", ".txt", ".json", ".jsonl")


def _path(value: Any, base: Path) -> Path:
    path = Path(str(value)).expanduser()
    return path if path.is_absolute() else base / path


def _date(value: Any, key: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ConfigurationError(f"{key} = {value!r}: write a date as YYYY-MM-DD") from None


def _day_of_month(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 31:
        raise ConfigurationError(f"deadline_day = {value!r}: write a day of the month, 1 to 31")
    return value


def _names(value: Any) -> tuple[str, ...]:
    # `classifiers = "lexicon"` means one classifier, not seven letters.
    names = (value,) if isinstance(value, str) else value
    if not isinstance(names, list | tuple) or not all(isinstance(n, str) for n in names):
        raise ConfigurationError(f"classifiers = {value!r}: write names, e.g. [\"lexicon\"]")
    return tuple(names)


@attrs.frozen
class RunConfig:
    """What an office's run reads, synthesises and writes."""

    unit: str
    period: Period
    inputs: Path
    outputs: Path
    roster: Path | None = None
    quarter: bool = True
    today: dt.date | None = None
    issuer: str | None = None
    profile: str = "state"
    members: bool = False
    deadline_day: int = 5
    classifiers: tuple[str, ...] = ("lexicon",)

    @classmethod
    def from_toml(cls, path: str | Path) -> RunConfig:
        """Read a configuration file (see the module documentation)."""
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigurationError(f"{path}: not a valid TOML file ({exc})") from exc
        section = data.get("run", data)
        return cls.from_mapping(section, base=path.parent)

    @classmethod
    def from_mapping(cls, data: dict[str, Any], *, base: Path = Path()) -> RunConfig:
        """A configuration from a mapping of the TOML keys; paths relative to ``base``."""
        known = {f.name for f in attrs.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigurationError(
                f"unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
            )
        for key in ("unit", "period", "inputs", "outputs"):
            if key not in data:
                raise ConfigurationError(f"the configuration needs {key!r}")
        period = Period.parse(str(data["period"]))
        return cls(
            unit=str(data["unit"]),
            period=period,
            inputs=_path(data["inputs"], base),
            outputs=_path(data["outputs"], base),
            roster=_path(data["roster"], base) if data.get("roster") else None,
            quarter=bool(data.get("quarter", True)),
            today=_date(data.get("today"), "today"),
            issuer=data.get("issuer"),
            profile=str(data.get("profile", "state")),
            members=bool(data.get("members", False)),
            deadline_day=_day_of_month(data.get("deadline_day", 5)),
            classifiers=_names(data.get("classifiers", ("lexicon",))),
        )


@attrs.define
class OfficeRun:
    """What a run read, found and wrote."""

    config: RunConfig
    batch: ImportBatch
    files: list[Path] = attrs.Factory(list)
    syntheses: dict[str, Synthesis] = attrs.Factory(dict)
    coverage: Coverage | None = None
    written: list[Path] = attrs.Factory(list)
    problems: ProblemList = attrs.field(factory=ProblemList, converter=ProblemList)

    @property
    def month(self) -> Synthesis:
        """The synthesis of the month."""
        return self.syntheses[self.config.period.code]

    def summary_lines(self) -> list[str]:
        """A short account of the run, in Vietnamese."""
        syn = self.month
        lines = [
            f"Đã đọc {len(self.files)} tệp: {len(self.batch.items)} ý kiến, "
            f"{len(self.batch.reports)} báo cáo, {len(self.batch.recommendations)} kiến nghị; "
            f"{self.batch.rejected} dòng bị loại.",
            f"Tổng hợp {syn.period.label}: {len(syn.streams)} luồng ý kiến từ "
            f"{len(syn.items)} ý kiến.",
        ]
        for rank, issue in enumerate(syn.issues[:3], 1):
            lines.append(f"  Nổi bật {rank}: {issue.title}")
        if syn.completeness is not None:
            c = syn.completeness.total
            lines.append(
                f"Báo cáo: cần {c.expected}, đã nhận {c.received} "
                f"({c.on_time} đúng hạn, {c.late} chậm), thiếu {c.missing}."
            )
        if self.coverage is not None:
            blind = len(self.coverage.blind_units)
            lines.append(f"Mạng lưới: {blind} đơn vị chưa có cộng tác viên hoạt động.")
        problems = len(self.batch.problems) + len(self.problems)
        lines.append(f"Vấn đề dữ liệu: {problems} (chi tiết trong tệp van-de-du-lieu.xlsx).")
        return lines


def input_files(folder: Path) -> list[Path]:
    """The files of ``folder`` (and its subfolders) an importer may read, in a stable order."""
    if not folder.exists():
        raise FileNotFoundError(2, "no such folder", str(folder))
    if not folder.is_dir():
        raise ConfigurationError(f"inputs must be a folder: {folder}")
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in _READABLE and not p.name.startswith(("~$", "."))
    )


def read_all(
    files: Sequence[Path], session: Session, step: Step | None = None
) -> tuple[ImportBatch, list[Problem]]:
    """Every file read into one batch; a file that cannot be read is a problem of the run."""
    batch = ImportBatch()
    unreadable: list[Problem] = []
    for done, path in enumerate(files, 1):
        try:
            batch.extend(session.read(path))
        except (DlxhError, OSError) as exc:
            # One file that cannot be opened or read does not stop a month's synthesis.
            unreadable.append(Problem("unreadable-file", Severity.ERROR, str(exc), str(path)))
        if step:
            step("read", done, len(files))
    return batch, unreadable


def _structure(config: RunConfig) -> OrgStructure:
    from dlxh.model.periods import DeadlineBasis, Schedule
    from dlxh.network import build_structure

    schedule = Schedule(
        PeriodKind.MONTH,
        config.deadline_day,
        basis=DeadlineBasis.DAY_OF_NEXT_MONTH,
        name="Báo cáo tình hình tư tưởng, dư luận xã hội tháng",
    )
    return build_structure(
        config.unit, as_of=config.period.end, members=config.members, schedule=schedule
    )


def _attach_senders(reports: Iterable[Report], structure: OrgStructure) -> list[Report]:
    """Imported reports name their unit but not the organisation of the structure: the Front
    of that unit sent them (what completeness counts)."""
    out = []
    for report in reports:
        if report.organisation_id is None and report.unit is not None:
            front = structure.front_of(report.unit)
            if front is not None:
                report = attrs.evolve(report, organisation_id=front.id)
        out.append(report)
    return out


def run_office(
    config: RunConfig,
    *,
    session: Session | None = None,
    step: Step | None = None,
) -> OfficeRun:
    """Run the office's job described by ``config`` and write its documents."""
    import dlxh
    from dlxh.session import default_session
    from dlxh.synthesis import synthesize
    from dlxh.units import catalog

    catalog(config.period.end).get(config.unit)  # an unknown unit stops the run before reading
    session = session or default_session()
    files = input_files(config.inputs)
    batch, unreadable = read_all(files, session, step)
    run = OfficeRun(config=config, batch=batch, files=list(files), problems=unreadable)

    structure = _structure(config)
    reports = _attach_senders(batch.reports, structure)
    items: list[OpinionItem] = dlxh.classify(batch.items, list(config.classifiers), session)
    if step:
        step("classify", len(items), len(items))

    periods = [config.period]
    if config.quarter and config.period.kind is PeriodKind.MONTH:
        periods.append(Period.containing(config.period.start, PeriodKind.QUARTER))
    for period in periods:
        run.syntheses[period.code] = synthesize(
            [items, reports, batch.recommendations],
            unit=config.unit,
            period=period,
            reporting_lines=structure.reporting_lines,
            organisations=list(structure),
            today=config.today,
            issuer=config.issuer,
            progress=step,
        )

    if config.roster is not None:
        from dlxh.network import coverage

        roster = session.read(config.roster)
        run.problems.extend(roster.problems)
        run.coverage = coverage(roster.collaborators, config.unit, as_of=config.period.end)

    run.written.extend(_write_outputs(run, session))
    return run


def _write_outputs(run: OfficeRun, session: Session) -> list[Path]:
    out = run.config.outputs
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for code, syn in run.syntheses.items():
        docx = out / f"tong-hop-{code}.docx"
        session.write(syn, docx, profile=run.config.profile)
        annex = out / f"phu-luc-{code}.xlsx"
        session.write(syn, annex)
        written += [docx, annex]
    if run.coverage is not None:
        path = out / "mang-luoi-do-phu.xlsx"
        session.write(run.coverage.table(), path)
        written.append(path)
    path = out / "van-de-du-lieu.xlsx"
    session.write(ProblemList([*run.problems, *run.batch.problems]), path)
    written.append(path)
    return written
