"""Data folders of the embedded FalkorDB engine, which talentgraph no longer uses.

That engine kept the graph in `<data_dir>/graph.rdb` and, since every write was also appended,
in Redis's append-only files beside it. Nothing reads them any more and nothing converts them:
a service started on such a folder would come up on an empty Neo4j store and look as if the
data were lost, so it refuses instead. The embedded broker (api/broker_server.py) names its own
files differently, so that what is found here can only be the old engine's.
"""

from pathlib import Path

# Redis 7 and later append into a folder of files; earlier versions into one file.
_FILES = ("graph.rdb", "appendonly.aof")
_AOF_DIR = "appendonlydir"


class OldEngineData(RuntimeError):
    """The data folder holds the old engine's graph."""


def old_engine_files(data_dir: Path) -> list[Path]:
    """The old engine's non-empty data files in `data_dir` (its registry alone is no data)."""
    found = [data_dir / name for name in _FILES]
    aof_dir = data_dir / _AOF_DIR
    if aof_dir.is_dir():
        found += sorted(aof_dir.glob("appendonly.aof*"))
    return [path for path in found if path.is_file() and path.stat().st_size > 0]


def refuse_old_engine_data(data_dir: Path) -> None:
    """Raise OldEngineData, saying what to do, when `data_dir` holds the old engine's data."""
    files = old_engine_files(data_dir)
    if not files:
        return
    folder = data_dir.resolve()
    found = files[0].relative_to(data_dir)
    raise OldEngineData(
        f"{folder} holds data of the embedded FalkorDB engine ({found}), which "
        "talentgraph no longer uses, and there is no migration to the Neo4j store that "
        f"replaced it. A demo folder can be recreated: delete or move {folder} (for instance "
        f"`mv {folder} {folder}.falkordb`) and run `make run` again."
    )
