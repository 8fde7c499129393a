"""Scale-out: the national synthesis as Dask tasks, one per province (extra ``dlxh[dask]``).

Synthesis is hierarchical, so a national job partitions by province: each province's sources
are read, its items classified and its synthesis made in a task of its own, on any worker of a
Dask cluster; the national synthesis then rolls the province syntheses up with the same
:func:`dlxh.synthesis.synthesize`, each item counted once. The result is the same as that of
one process doing it all (tested on a ``LocalCluster``).

.. code-block:: python

    from dask.distributed import Client
    from dlxh.scaleout import national_synthesis

    result = national_synthesis(sources_by_province, period="quý IV/2026",
                                client=Client("tcp://scheduler:8786"))
    result.national.streams[0].statement

Dask is imported only when a client is made or used; without it,
:class:`~dlxh.errors.ExtraMissingError` says which extra to install.
"""

from __future__ import annotations

from dlxh.scaleout.national import NationalSynthesis, local_client, national_synthesis
from dlxh.scaleout.partition import UNPLACED, partition_by_province
from dlxh.scaleout.tasks import ProvinceResult, prepare_inputs, province_task

__all__ = [
    "UNPLACED",
    "NationalSynthesis",
    "ProvinceResult",
    "local_client",
    "national_synthesis",
    "partition_by_province",
    "prepare_inputs",
    "province_task",
]
