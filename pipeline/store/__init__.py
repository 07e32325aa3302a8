"""The dataset: an embedded SQLite store of articles, blocs, meetings and their facts.

    conn = open_db("data/thidua.sqlite")
    report = load_records(conn, records, articles={a.id: ArticleMeta.from_article(a) for a in arts})
    heads = tables.table(conn, "heads")          # a pandas DataFrame
    export.export(conn, "dist/")                   # Parquet, CSV, datapackage.json

Modules: `db` (opening, transactions), `migrations` (the schema), `reference`
(provinces, aliases, lineage kept current), `provinces`, `units` (aliases and
resolution), `lineage`, `validate`, `meetings` (blocs, dedup, conflicts),
`load`, `tables`, `export`.
"""

from pipeline.store.db import DEFAULT_DB, open_db, open_readonly
from pipeline.store.load import ArticleMeta, LoadReport, load_records, record_article_error

__all__ = ["DEFAULT_DB", "ArticleMeta", "LoadReport", "load_records", "open_db", "open_readonly", "record_article_error"]
