"""The national synthesis, partitioned by province, on Dask or in one process."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from dlxh.errors import ConfigurationError, ExtraMissingError
from dlxh.model.periods import Period
from dlxh.scaleout.partition import UNPLACED, partition_by_province
from dlxh.scaleout.tasks import ProvinceResult, province_task
from dlxh.synthesis import Synthesis, synthesize

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["NationalSynthesis", "local_client", "national_synthesis"]


@attrs.frozen(eq=False)
class NationalSynthesis:
    """The national synthesis and the province syntheses it rolled up."""

    national: Synthesis
    """The synthesis of the whole country (``unit`` ``None``)."""
    provinces: Mapping[str, Synthesis]
    """Province code -> that province's synthesis, in ascending order of codes."""
    timings: Mapping[str, float] = attrs.Factory(dict)
    """Wall seconds of ``"provinces"`` (partitioning, reading, classifying and synthesising
    the provinces, results back in this process) and ``"national"`` (the roll-up)."""


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise ExtraMissingError("dask", "dask.distributed") from exc
    return distributed


def local_client(workers: int = 2, **cluster_options: Any) -> Client:
    """A client of a new ``dask.distributed.LocalCluster`` of ``workers`` processes with one
    thread each (the work is pure Python: threads would wait on one another), with the
    workers' statistical profiler off and the scheduler's web server on a free port (not
    8787, which another cluster may hold); other keyword arguments go to the cluster. Closing
    the client (or leaving its ``with`` block) stops the cluster. Scripts that start one
    need an ``if __name__ == "__main__":`` guard, as the worker processes import the main
    module again.

    :raises ~dlxh.errors.ExtraMissingError: ``dask.distributed`` is not installed.
    """
    distributed = _distributed()
    import dask

    cluster_options.setdefault("processes", True)
    cluster_options.setdefault("threads_per_worker", 1)
    # The scheduler's web server on a free port: with no address it tries 8787 and, when
    # another cluster on the machine holds that port, warns before taking another one.
    cluster_options.setdefault("dashboard_address", ":0")
    # Quieter than the defaults: the statistical profiler of each worker takes the GIL every
    # 10 ms from pure-Python tasks, and the scheduler runs in this process, next to the
    # national roll-up, so its system monitor ticks less often.
    with dask.config.set({"distributed.worker.profile.enabled": False,
                          "distributed.admin.system-monitor.interval": "2s"}):
        client: Client = distributed.Client(n_workers=workers, **cluster_options)
    return client


def _period(period: Period | str) -> Period:
    return period if isinstance(period, Period) else Period.parse(period)


def _partitions(
    inputs: Mapping[str, Iterable[object]] | Iterable[object], tree_date: dt.date
) -> dict[str, list[object]]:
    if isinstance(inputs, Mapping):
        out = {str(code): list(parts) for code, parts in inputs.items()}
        unplaced = out.pop(UNPLACED, None)
        ordered = dict(sorted(out.items()))
        if unplaced:
            ordered[UNPLACED] = unplaced
        return ordered
    return partition_by_province(inputs, tree_date)


def _merge(results: Sequence[ProvinceResult], period: Period,
           options: Mapping[str, Any]) -> tuple[Synthesis, dict[str, Synthesis]]:
    ordered = sorted(results, key=lambda r: (r.code == UNPLACED, r.code))
    provinces = {r.code: r.synthesis for r in ordered if r.synthesis is not None}
    # Records passed up come first: the roll-up keeps the first of equal ids, and these are
    # the records as read (the province syntheses carry their own digest of them).
    inputs: list[object] = [r.passed_up for r in ordered]
    inputs.extend(provinces.values())
    national = synthesize(inputs, unit=None, period=period, **options)
    return national, provinces


def national_synthesis(
    inputs: Mapping[str, Iterable[object]] | Iterable[object],
    period: Period | str,
    *,
    client: Client | None = None,
    classify: bool = True,
    classifiers: Sequence[object] | None = None,
    synthesis_options: Mapping[str, Any] | None = None,
) -> NationalSynthesis:
    """Synthesise the whole country for ``period``: each province in a task of its own (read,
    classify, synthesise), then the national roll-up of the province syntheses.

    :param inputs: a mapping of province code -> its inputs (file paths, bytes or streams that
        :func:`dlxh.read` reads, import batches, opinion items, reports...), with
        :data:`~dlxh.scaleout.UNPLACED` (``""``) for inputs of no one province; or a flat
        iterable of opinion items and import batches, split with
        :func:`~dlxh.scaleout.partition_by_province`. Files are best given as paths: each
        worker then reads its own, and only results travel.
    :param period: a :class:`~dlxh.model.periods.Period` or a text (``"quý IV/2026"``).
    :param client: a ``dask.distributed.Client`` (extra ``dlxh[dask]``); ``None`` runs the
        same tasks one after another in this process. Workers need dlxh and the plugins the
        inputs call for installed (entry points), as a session is made on each worker.
    :param classify: label the items with :func:`dlxh.classify` (``classifiers``, the lexicon
        classifier by default) before synthesising; ``False`` keeps the labels they have.
    :param synthesis_options: keyword arguments of :func:`dlxh.synthesis.synthesize` for
        every synthesis, province and national (``settings``, ``templates``, ``taxonomies``,
        ``tree_date``, ``today``...). ``today`` is fixed here once when not given, so that
        every worker judges lateness against the same day.
    :returns: a :class:`NationalSynthesis`; its ``national`` equals, in streams, items,
        figures and sections, ``synthesize(all items, unit=None, period=period)`` run in one
        process on the same classified items.
    """
    the_period = _period(period)
    options = dict(synthesis_options or {})
    for name in ("unit", "period", "progress"):
        if name in options:
            raise ConfigurationError(f"synthesis_options cannot set {name!r}")
    options.setdefault("today", dt.date.today())
    tree_date = options.get("tree_date") or the_period.end
    started = time.perf_counter()
    parts = _partitions(inputs, tree_date)
    task_options: dict[str, Any] = {"classify": classify, "classifiers": classifiers,
                                    "options": options}
    if client is None:
        results = [province_task(code, p, the_period, **task_options)
                   for code, p in parts.items()]
    else:
        results = _run_on_dask(client, parts, the_period, task_options)
    middle = time.perf_counter()
    national, provinces = _merge(results, the_period, options)
    done = time.perf_counter()
    return NationalSynthesis(national, provinces,
                             {"provinces": middle - started, "national": done - middle})


def _run_on_dask(client: Client, parts: Mapping[str, list[object]], period: Period,
                 task_options: Mapping[str, Any]) -> list[ProvinceResult]:
    distributed = _distributed()
    if not isinstance(client, distributed.Client):
        raise ConfigurationError(f"client is a dask.distributed.Client, not {client!r}")
    # Largest partitions first, so that the last task to finish is a small one.
    codes = sorted(parts, key=lambda c: (-len(parts[c]), c))
    # Scattered first: big arguments inside the task graph would be slow (and warned about).
    scattered = client.scatter([parts[c] for c in codes])
    futures = [
        client.submit(province_task, code, data, period, **task_options, pure=False,
                      key=f"dlxh-province-{code or 'unplaced'}-{id(parts)}")
        for code, data in zip(codes, scattered, strict=True)
    ]
    results: list[ProvinceResult] = []
    for future in distributed.as_completed(futures):
        results.append(future.result())
        future.release()
    return results
