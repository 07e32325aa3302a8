"""The five analysis tables, as pandas DataFrames read from the dataset.

    table(conn, "heads")     head and deputy per bloc per year
    table(conn, "leaders")   the leading unit per bloc per year
    table(conn, "scores")    scores per unit across years
    table(conn, "members")   membership per bloc per year, with changes from the previous year
    table(conn, "coverage")  articles, blocs and meetings per province and year

Every table names its bloc the same way (the BLOC columns) and lists the
articles behind each row, so a figure can be traced to its sources. Where
articles disagree (two heads for one bloc and year, two scores for one unit),
the value most articles give is shown and `conflict` is true.
`COLUMNS[name]` describes every column (it feeds datapackage.json).
"""

from __future__ import annotations

import sqlite3
from typing import Callable

import pandas as pd

BLOC_COLUMNS: dict[str, tuple[str, str]] = {
    "bloc_id": ("integer", "bloc row id (blocs.id)"),
    "bloc": ("string", "bloc name as first loaded"),
    "kind": ("string", "khoi (Khối) or cum (Cụm)"),
    "number": ("integer", "bloc number, empty when named by scope only"),
    "province": ("string", "province of the bloc in the structure of its time (63 before 1 July 2025, 34 after)"),
    "province_2025": ("string", "the same province in the 34-province structure"),
}

COLUMNS: dict[str, dict[str, tuple[str, str]]] = {
    "heads": {
        **BLOC_COLUMNS,
        "year": ("integer", "year of the term"),
        "head": ("string", "Khối/Cụm trưởng (canonical unit name)"),
        "deputy": ("string", "Khối/Cụm phó (canonical unit name)"),
        "head_articles": ("integer", "articles naming this head"),
        "deputy_articles": ("integer", "articles naming this deputy"),
        "conflict": ("boolean", "true when articles name different units for the same role"),
        "alternatives": ("string", "the other units named for a role, 'role: unit (articles)', separated by '; '"),
        "articles": ("string", "ids of the articles behind the row, separated by ' '"),
    },
    "leaders": {
        **BLOC_COLUMNS,
        "year": ("integer", "emulation year"),
        "leader": ("string", "the leading unit (canonical name)"),
        "basis": ("string", "ranking (ranked first / dẫn đầu) or score (highest score, when no ranking is reported)"),
        "score": ("number", "the leader's score when reported"),
        "max": ("number", "scale of that score"),
        "n_articles": ("integer", "articles supporting the leader"),
        "conflict": ("boolean", "true when articles name different leading units"),
        "articles": ("string", "ids of the articles behind the row, separated by ' '"),
    },
    "scores": {
        **BLOC_COLUMNS,
        "unit": ("string", "unit scored (canonical name)"),
        "year": ("integer", "emulation year"),
        "score": ("number", "points, the value most articles give"),
        "max": ("number", "scale (100, 1000, ...), from the score or the other scores of the bloc and year"),
        "score_pct": ("number", "score as a percentage of its scale"),
        "rank_in_bloc": ("integer", "position by score among the units scored in the bloc that year"),
        "prev_score_pct": ("number", "score_pct of the same unit in the same bloc the year before"),
        "change_pct": ("number", "score_pct minus prev_score_pct"),
        "n_articles": ("integer", "articles reporting the score"),
        "conflict": ("boolean", "true when articles report different scores"),
        "articles": ("string", "ids of the articles behind the row, separated by ' '"),
    },
    "members": {
        **BLOC_COLUMNS,
        "year": ("integer", "emulation year"),
        "unit": ("string", "member unit (canonical name)"),
        "status": ("string", "continuing, joined, left (member the year before, not listed this year) or first_observed (no list for the year before)"),
        "n_articles": ("integer", "articles listing the unit as a member that year"),
        "articles": ("string", "ids of the articles behind the row, separated by ' '"),
    },
    "coverage": {
        "province": ("string", "province in the structure of the time (bloc's, else the source site's); (unknown) when neither is known"),
        "province_2025": ("string", "the same province in the 34-province structure"),
        "year": ("integer", "emulation year of the meeting reported, else publication year"),
        "articles": ("integer", "articles loaded"),
        "relevant": ("integer", "articles reporting on a bloc"),
        "rejected": ("integer", "articles whose record was rejected"),
        "errors": ("integer", "articles that failed before extraction"),
        "blocs": ("integer", "distinct blocs reported"),
        "meetings": ("integer", "distinct meetings reported"),
    },
}

NAMES = tuple(COLUMNS)

_BLOCS_SQL = """
    SELECT b.id AS bloc_id, b.name AS bloc, b.kind, b.number,
           COALESCE(p.short_name, b.province_raw) AS province, pn.short_name AS province_2025
    FROM blocs b
    LEFT JOIN provinces p ON p.key = b.province_key
    LEFT JOIN provinces pn ON pn.key = b.province_2025
"""


def _query(conn: sqlite3.Connection, sql: str) -> pd.DataFrame:
    return pd.read_sql_query(sql, conn)


def _empty(name: str) -> pd.DataFrame:
    return _typed(pd.DataFrame({c: [] for c in COLUMNS[name]}), name)


def _typed(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """Columns in the documented order with stable dtypes (nullable integers, booleans)."""
    kinds = {"integer": "Int64", "number": "Float64", "boolean": "boolean", "string": "string"}
    df = df.reindex(columns=list(COLUMNS[name]))
    return df.astype({c: kinds[t] for c, (t, _) in COLUMNS[name].items()})


def _with_blocs(conn: sqlite3.Connection, df: pd.DataFrame, name: str, order: list[str]) -> pd.DataFrame:
    """Add the bloc columns, sort, type."""
    out = _query(conn, _BLOCS_SQL).merge(df, on="bloc_id", how="inner")
    return _typed(out.sort_values(order, kind="stable").reset_index(drop=True), name)


def _article_ids(conn: sqlite3.Connection, table: str, group: list[str]) -> pd.DataFrame:
    """Per group of a fact table (columns bloc_id, year and/or unit), its distinct article ids, sorted, space-separated."""
    cols = {"bloc_id": "f.bloc_id", "year": "f.year", "unit": "u.name"}
    keys = ", ".join(f"{cols[g]} AS {g}" for g in group)
    return _query(conn, f"""
        SELECT {", ".join(group)}, GROUP_CONCAT(article_id, ' ') AS articles FROM (
            SELECT DISTINCT {keys}, f.article_id FROM {table} f JOIN units u ON u.id = f.unit_id
            WHERE f.year IS NOT NULL AND f.bloc_id IS NOT NULL ORDER BY f.article_id)
        GROUP BY {", ".join(group)}""")


def _sorted_ids(joined: str) -> str:
    """'b,a' (GROUP_CONCAT DISTINCT) -> 'a b'."""
    return " ".join(sorted(joined.split(",")))


def _votes(df: pd.DataFrame, group: list[str], value: str) -> pd.DataFrame:
    """Per group: the row whose value most articles give (ties: smallest), with n_values = distinct values."""
    df = df.sort_values(group + ["n", value], ascending=[True] * len(group) + [False, True], kind="stable")
    top = df.groupby(group, sort=True).head(1)
    distinct = df.groupby(group)[value].nunique().rename("n_values")
    return top.merge(distinct, left_on=group, right_index=True)


def heads(conn: sqlite3.Connection) -> pd.DataFrame:
    df = _query(conn, """
        SELECT f.bloc_id, f.year, f.role, u.name AS unit, COUNT(DISTINCT f.article_id) AS n
        FROM officers f JOIN units u ON u.id = f.unit_id
        WHERE f.year IS NOT NULL AND f.bloc_id IS NOT NULL
        GROUP BY f.bloc_id, f.year, f.role, u.id""")
    if df.empty:
        return _empty("heads")
    group = ["bloc_id", "year"]
    top = _votes(df, group + ["role"], "unit")
    out = df[group].drop_duplicates()
    for role, col in (("truong", "head"), ("pho", "deputy")):
        sel = top[top.role == role][group + ["unit", "n", "n_values"]]
        sel = sel.rename(columns={"unit": col, "n": f"{col}_articles", "n_values": f"{col}_values"})
        out = out.merge(sel, on=group, how="left")
    out["conflict"] = (out["head_values"].fillna(0) > 1) | (out["deputy_values"].fillna(0) > 1)
    rest = df.merge(top[group + ["role", "unit"]].assign(chosen=True), on=group + ["role", "unit"], how="left")
    rest = rest[rest["chosen"].isna()]
    if not rest.empty:
        label = rest["role"].map({"truong": "head", "pho": "deputy"})
        rest = rest.assign(alt=label + ": " + rest["unit"] + " (" + rest["n"].astype(str) + ")")
        out = out.merge(rest.groupby(group)["alt"].agg("; ".join).rename("alternatives"), left_on=group, right_index=True, how="left")
    out = out.merge(_article_ids(conn, "officers", group), on=group, how="left")
    return _with_blocs(conn, out, "heads", ["bloc_id", "year"])


def _score_votes(conn: sqlite3.Connection) -> pd.DataFrame:
    """One row per bloc, year and unit: the score most articles give, with its scale."""
    df = _query(conn, """
        SELECT f.bloc_id, f.year, u.name AS unit, f.score, f.max, COUNT(DISTINCT f.article_id) AS n
        FROM scores f JOIN units u ON u.id = f.unit_id
        WHERE f.year IS NOT NULL AND f.bloc_id IS NOT NULL
        GROUP BY f.bloc_id, f.year, u.id, f.score, f.max""")
    if df.empty:
        return df
    group = ["bloc_id", "year", "unit"]
    top = _votes(df, group, "score").drop(columns=["n"])
    top = top.merge(_article_ids(conn, "scores", group), on=group)
    top["n_articles"] = top["articles"].str.count(" ") + 1
    # A scale given for some scores of a bloc and year holds for the others.
    top["max"] = top["max"].fillna(top.groupby(["bloc_id", "year"])["max"].transform("max"))
    top["conflict"] = top["n_values"] > 1
    return top


def scores(conn: sqlite3.Connection) -> pd.DataFrame:
    top = _score_votes(conn)
    if top.empty:
        return _empty("scores")
    top["score_pct"] = (top["score"] / top["max"] * 100).where(top["max"].notna())
    top["rank_in_bloc"] = top.groupby(["bloc_id", "year"])["score"].rank(method="min", ascending=False)
    prev = top[["bloc_id", "unit", "year", "score_pct"]].assign(year=top["year"] + 1)
    top = top.merge(prev.rename(columns={"score_pct": "prev_score_pct"}), on=["bloc_id", "unit", "year"], how="left")
    top["change_pct"] = top["score_pct"] - top["prev_score_pct"]
    return _with_blocs(conn, top, "scores", ["bloc_id", "unit", "year"])


def leaders(conn: sqlite3.Connection) -> pd.DataFrame:
    df = _query(conn, """
        SELECT f.bloc_id, f.year, u.name AS leader,
               COUNT(DISTINCT f.article_id) AS n, GROUP_CONCAT(DISTINCT f.article_id) AS ids
        FROM rankings f JOIN units u ON u.id = f.unit_id
        WHERE f.year IS NOT NULL AND f.bloc_id IS NOT NULL AND f.rank = 1
        GROUP BY f.bloc_id, f.year, u.id""")
    group = ["bloc_id", "year"]
    parts = []
    if not df.empty:
        top = _votes(df, group, "leader")
        top = top.assign(basis="ranking", conflict=top["n_values"] > 1, n_articles=top["n"],
                         articles=top["ids"].map(_sorted_ids))
        parts.append(top)
    sv = _score_votes(conn)
    if not sv.empty:
        best = sv.sort_values(group + ["score", "unit"], ascending=[True, True, False, True]).groupby(group).head(1)
        best = best.rename(columns={"unit": "leader"}).assign(basis="score", conflict=False)
        if parts:
            ranked = set(zip(parts[0]["bloc_id"], parts[0]["year"]))
            best = best[pd.Series([k not in ranked for k in zip(best["bloc_id"], best["year"])], index=best.index, dtype=bool)]
        parts.append(best)
    if not parts:
        return _empty("leaders")
    out = pd.concat(parts, ignore_index=True).drop(columns=["score", "max"], errors="ignore")
    if not sv.empty:  # the leader's score, when one is reported
        out = out.merge(sv[group + ["unit", "score", "max"]].rename(columns={"unit": "leader"}), on=group + ["leader"], how="left")
    return _with_blocs(conn, out, "leaders", ["bloc_id", "year"])


def members(conn: sqlite3.Connection) -> pd.DataFrame:
    df = _query(conn, """
        SELECT bloc_id, year, unit_id, unit, COUNT(*) AS n_articles, GROUP_CONCAT(article_id, ' ') AS articles FROM (
            SELECT DISTINCT f.bloc_id, f.year, f.unit_id, u.name AS unit, f.article_id
            FROM memberships f JOIN units u ON u.id = f.unit_id
            WHERE f.year IS NOT NULL AND f.bloc_id IS NOT NULL ORDER BY f.article_id)
        GROUP BY bloc_id, year, unit_id""")
    if df.empty:
        return _empty("members")
    key = ["bloc_id", "year", "unit_id"]
    listed = df[["bloc_id", "year"]].drop_duplicates()
    # Was there a list the year before, and was the unit on it?
    df = df.merge(listed.assign(year=listed["year"] + 1, had_list=True), on=["bloc_id", "year"], how="left")
    df = df.merge(df[key].assign(year=df["year"] + 1, was_member=True), on=key, how="left")
    had_list, was_member = df["had_list"].eq(True), df["was_member"].eq(True)
    df["status"] = "first_observed"
    df.loc[had_list & was_member, "status"] = "continuing"
    df.loc[had_list & ~was_member, "status"] = "joined"
    # Units on a year's list missing from the next year's list (when there is one) left.
    nxt = df[key + ["unit"]].merge(listed.assign(year=listed["year"] - 1), on=["bloc_id", "year"])
    nxt = nxt.assign(year=nxt["year"] + 1).merge(df[key].assign(present=True), on=key, how="left")
    left = nxt[nxt["present"].isna()].assign(status="left", n_articles=0, articles="")
    out = pd.concat([df, left], ignore_index=True)
    return _with_blocs(conn, out, "members", ["bloc_id", "year", "status", "unit"])


def coverage(conn: sqlite3.Connection) -> pd.DataFrame:
    df = _query(conn, """
        WITH art AS (
            SELECT a.id, a.status, a.relevant,
                   COALESCE(b.province_key, CASE WHEN COALESCE(a.published_date, '') < '2025-07-01'
                       THEN COALESCE(s.province_legacy, s.province_2025) ELSE s.province_2025 END) AS pkey,
                   COALESCE(b.province_2025, s.province_2025) AS pnew,
                   COALESCE(m.year, CAST(substr(a.published_date, 1, 4) AS INTEGER)) AS year,
                   b.id AS bloc_id, m.id AS meeting_id
            FROM articles a
            LEFT JOIN sites s ON s.id = a.site_id
            LEFT JOIN mentions x ON x.article_id = a.id
            LEFT JOIN meetings m ON m.id = x.meeting_id
            LEFT JOIN blocs b ON b.id = m.bloc_id
        )
        SELECT COALESCE(p.short_name, '(unknown)') AS province, pn.short_name AS province_2025, art.year,
               SUM(status = 'loaded') AS articles, SUM(status = 'loaded' AND relevant = 1) AS relevant,
               SUM(status = 'rejected') AS rejected, SUM(status = 'error') AS errors,
               COUNT(DISTINCT bloc_id) AS blocs, COUNT(DISTINCT meeting_id) AS meetings
        FROM art LEFT JOIN provinces p ON p.key = art.pkey LEFT JOIN provinces pn ON pn.key = art.pnew
        GROUP BY 1, 2, 3 ORDER BY 1, 3""")
    if df.empty:
        return _empty("coverage")
    return _typed(df, "coverage")


BUILDERS: dict[str, Callable[[sqlite3.Connection], pd.DataFrame]] = {
    "heads": heads, "leaders": leaders, "scores": scores, "members": members, "coverage": coverage,
}


def table(conn: sqlite3.Connection, name: str) -> pd.DataFrame:
    """The analysis table `name` (one of NAMES) as a DataFrame."""
    try:
        build = BUILDERS[name]
    except KeyError:
        raise ValueError(f"no table {name!r}; choose one of {', '.join(NAMES)}") from None
    return build(conn)
