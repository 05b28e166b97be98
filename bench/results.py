"""bench/results.json: each bench merges its figures into the one file bench/run writes."""

import json
import os
from pathlib import Path


def record_results(**figures):
    """Merge the figures into BENCH_RESULTS (set by bench/run, bench/report, bench/import)."""
    path = os.environ.get("BENCH_RESULTS")
    if not path:
        return
    results = json.loads(Path(path).read_text()) if Path(path).exists() else {}
    results.update(figures)
    Path(path).write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
