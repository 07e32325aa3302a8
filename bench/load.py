"""Benchmark: loading records into the dataset, and the latency of each analysis table.

Builds a synthetic dataset `--scale` times the size of the development corpus
(pipeline.store.synthetic: same shape as real records, several articles per
meeting, abbreviations, evidence), then measures in one run:

- `load_records` (batched transactions, cached ids, one savepoint per record);
- the same load again (every record unchanged: the idempotent rerun);
- a naive baseline: the same records inserted row by row, each row its own
  transaction, every unit, bloc and meeting looked up with its own SELECT;
- the latency of `thidua tables NAME` for each of the five tables (median of
  --repeat runs).

Prints figures; asserts nothing. Example:

    .venv/bin/python bench/load.py                # 100 x dev corpus
    .venv/bin/python bench/load.py --scale 10 --naive-limit 0
"""

from __future__ import annotations

import argparse
import json
import statistics
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.store import ArticleMeta, load_records, open_db  # noqa: E402
from pipeline.store.meetings import bloc_key, meeting_key, recompute  # noqa: E402
from pipeline.store.provinces import ProvinceIndex  # noqa: E402
from pipeline.store.synthetic import synthetic_records  # noqa: E402
from pipeline.store.tables import NAMES, table  # noqa: E402
from pipeline.store.units import clean_name, fold  # noqa: E402
from pipeline.store.validate import record_problems  # noqa: E402
from pipeline.text.normalize import basic_key, unit_key  # noqa: E402

DEV_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"


def dev_corpus_size() -> int:
    return len(list(DEV_CORPUS.glob("*.json"))) if DEV_CORPUS.is_dir() else 200


def naive_load(conn: sqlite3.Connection, pairs: list[tuple[dict[str, Any], ArticleMeta]]) -> int:
    """Row by row: one transaction per row, one SELECT per lookup, no caches, no batching."""
    provinces = ProvinceIndex(conn)
    loaded = 0

    def one(sql: str, args: tuple) -> Any:
        conn.execute("BEGIN")
        cur = conn.execute(sql, args)
        row = cur.fetchone() if "RETURNING" in sql else None
        conn.execute("COMMIT")
        return row

    def lookup(sql: str, args: tuple) -> Any:
        return conn.execute(sql, args).fetchone()

    def unit(raw: str) -> int:
        key = unit_key(raw)
        row = lookup("SELECT unit_id FROM unit_aliases WHERE alias_key = ?", (key,)) or lookup("SELECT id FROM units WHERE key = ?", (key,))
        if row:
            return row[0]
        return one("INSERT INTO units(key, fold_key, name, source) VALUES (?, ?, ?, 'records') RETURNING id",
                   (key, fold(key), clean_name(raw)))[0]

    for rec, meta in pairs:
        if record_problems(rec):
            continue
        art = rec["id"]
        for table_name in ("memberships", "officers", "appearances", "scores", "rankings", "awards", "mentions"):
            one(f"DELETE FROM {table_name} WHERE article_id = ?", (art,))
        one("""INSERT OR REPLACE INTO articles(id, url, title, published_raw, status, relevant, record_json)
               VALUES (?, ?, ?, ?, 'loaded', ?, ?)""", (art, meta.url, meta.title, meta.published, int(rec["relevant"]), json.dumps(rec, ensure_ascii=False)))
        province = provinces.resolve(rec["bloc"]["province"] or meta.province_hint)
        bkey = bloc_key(rec["bloc"], province)
        row = lookup("SELECT id FROM blocs WHERE key = ?", (bkey,))
        bloc_id = row[0] if row else one(
            "INSERT INTO blocs(key, kind, number, name, province_key) VALUES (?, ?, ?, ?, ?) RETURNING id",
            (bkey, rec["bloc"]["kind"], rec["bloc"]["number"], rec["bloc"]["name"], province.key if province else None))[0]
        mkey = meeting_key(bloc_id, rec["event"], art)
        row = lookup("SELECT id FROM meetings WHERE key = ?", (mkey,))
        meeting_id = row[0] if row else one(
            "INSERT INTO meetings(bloc_id, event_type, year, key) VALUES (?, ?, ?, ?) RETURNING id",
            (bloc_id, rec["event"]["type"], rec["event"]["year"], mkey))[0]
        one("INSERT INTO mentions(article_id, meeting_id, url, date) VALUES (?, ?, ?, ?)", (art, meeting_id, meta.url, rec["event"]["date"]))
        year = rec["event"]["year"]
        for m in rec["members"]:
            one("INSERT INTO memberships VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 'bench')", (art, meeting_id, bloc_id, year, unit(m), m, meta.url))
        for o in rec["officers"]:
            one("INSERT INTO officers VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, 'bench')",
                (art, meeting_id, bloc_id, o["year"], o["role"], unit(o["unit"]), o["unit"], meta.url))
        for p in rec["people"]:
            key = basic_key(p["name"])
            row = lookup("SELECT id FROM people WHERE key = ?", (key,))
            person = row[0] if row else one("INSERT INTO people(key, name) VALUES (?, ?) RETURNING id", (key, p["name"]))[0]
            one("INSERT INTO appearances VALUES (?, ?, ?, ?, ?, ?, NULL, 'bench')", (art, meeting_id, person, p["name"], p["title"], meta.url))
        for s in rec["scores"]:
            one("INSERT INTO scores VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 'bench')",
                (art, meeting_id, bloc_id, year, unit(s["unit"]), s["unit"], s["score"], s["max"], meta.url))
        for r in rec["ranking"]:
            one("INSERT INTO rankings VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, 'bench')",
                (art, meeting_id, bloc_id, year, unit(r["unit"]), r["unit"], r["rank"], meta.url))
        for a in rec["awards"]:
            one("INSERT INTO awards VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, 'bench')",
                (art, meeting_id, bloc_id, year, unit(a["unit"]), a["unit"], a["award"], meta.url))
        conn.execute("BEGIN")
        recompute(conn, meeting_id)
        conn.execute("COMMIT")
        loaded += 1
    return loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=100, help="times the size of the dev corpus (default 100)")
    parser.add_argument("--naive-limit", type=int, default=None,
                        help="records for the naive baseline (default: all; 0 skips it)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per table query (default 5)")
    parser.add_argument("--dir", type=Path, default=None, help="where the benchmark databases go (default: a temp dir)")
    args = parser.parse_args()

    base = dev_corpus_size()
    n = base * args.scale
    work = args.dir or Path(tempfile.mkdtemp(prefix="thidua-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    pairs = list(synthetic_records(n))
    records = [r for r, _ in pairs]
    metas = {m.id: m for _, m in pairs}
    facts = sum(len(r[f]) for r in records for f in ("members", "officers", "people", "scores", "ranking", "awards"))
    print(f"synthetic dataset: {n} records ({args.scale} x {base} dev articles), {facts} fact rows, "
          f"made in {time.perf_counter() - t0:.1f}s; databases in {work}")

    conn = open_db(work / "fast.sqlite")
    t0 = time.perf_counter()
    report = load_records(conn, records, metas, "bench")
    fast = time.perf_counter() - t0
    print(f"load_records          {n / fast:9.0f} records/s  {facts / fast:9.0f} fact rows/s  ({fast:.2f}s; {report})")
    t0 = time.perf_counter()
    again = load_records(conn, records, metas, "bench")
    rerun = time.perf_counter() - t0
    print(f"rerun, all unchanged  {n / rerun:9.0f} records/s  ({rerun:.2f}s; {again.unchanged} unchanged)")
    meetings, conflicts = conn.execute("SELECT COUNT(*), SUM(conflicts IS NOT NULL) FROM meetings").fetchone()
    print(f"meetings: {meetings} from {n} articles, {conflicts} with conflicting values")

    limit = n if args.naive_limit is None else min(args.naive_limit, n)
    if limit:
        naive_conn = open_db(work / "naive.sqlite")
        t0 = time.perf_counter()
        done = naive_load(naive_conn, pairs[:limit])
        naive = time.perf_counter() - t0
        note = "" if limit == n else f" (first {limit} records)"
        print(f"naive row-by-row      {done / naive:9.0f} records/s  ({naive:.2f}s{note})")
        print(f"speed-up              {(n / fast) / (done / naive):9.1f} x")

    print(f"table latency (median of {args.repeat}, {n} records):")
    for name in NAMES:
        times, rows = [], 0
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            rows = len(table(conn, name))
            times.append(time.perf_counter() - t0)
        print(f"  {name:9s} {statistics.median(times) * 1000:8.1f} ms  ({rows} rows)")


if __name__ == "__main__":
    main()
