"""`headcheck batch --engine ray` on a small local Ray instance started by these tests."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import ray
from rich.console import Console

from batch_data import read_jsonl, rows, write_csv, write_jsonl
from headcheck.apps.batch import run
from headcheck.apps.batch.io import flat
from headcheck.apps.cli import main
from headcheck.errors import InputError


@pytest.fixture(scope="module", autouse=True)
def local_ray() -> Iterator[None]:
    # Three logical CPUs on a two-core machine: two actors check, the third runs Ray Data's reads.
    ray.init(num_cpus=3, object_store_memory=200 * 1024 * 1024, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def test_ray_engine_writes_what_the_local_engine_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = rows(60)
    # The same corpus split over the three formats, with numeric ids in the Parquet part.
    write_jsonl(tmp_path / "a.jsonl", data[:20])
    write_csv(tmp_path / "b.csv", data[20:40], ["id", "headline", "body"])
    pq.write_table(pa.Table.from_pylist([{**r, "id": 40 + i} for i, r in enumerate(data[40:])]), tmp_path / "c.parquet")
    inputs = [str(tmp_path / name) for name in ("a.jsonl", "b.csv", "c.parquet")]
    local_out, store = tmp_path / "local.jsonl", tmp_path / "store.sqlite"
    run(inputs, local_out, workers=1, console=Console(file=io.StringIO()))

    # Half the corpus is already in the store: the Ray actors must skip it and check only the rest.
    write_jsonl(tmp_path / "half.jsonl", data[:30])
    run([str(tmp_path / "half.jsonl")], tmp_path / "half.out.jsonl", store=store, workers=1,
        console=Console(file=io.StringIO()))
    ray_out = tmp_path / "ray.parquet"
    code = main(["batch", *inputs, "-o", str(ray_out), "--store", str(store), "--engine", "ray", "--workers", "2"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "checked now 30, from the store 30, failed 0" in err

    expected = [flat(r) for r in read_jsonl(local_out)]
    assert pq.read_table(ray_out).to_pylist() == expected
    assert [r["id"] for r in expected] == [r["id"] for r in data[:40]] + [str(i) for i in range(40, 60)]


def test_more_workers_than_the_cluster_can_run_is_refused(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", rows(2))
    with pytest.raises(InputError, match="3 CPUs and 3 workers need 4"):
        run([str(src)], tmp_path / "out.jsonl", engine="ray", workers=3, console=Console(file=io.StringIO()))
