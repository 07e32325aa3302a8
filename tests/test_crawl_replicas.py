"""The crawler and the nightly job against replica sites served on 127.0.0.1 by the tests.

Replicas of every family (tests/replicas) with listings that paginate and
repeat every card, a robots.txt with Disallow and Crawl-delay, 404, 500,
timeouts, a redirect, a page without any charset declaration and a
windows-1258 page. `thidua` runs in-process (CliRunner), its crawler in a child process as always;
the kill -9 test in test_crawl_resume.py runs it as a separate process, as cron would.
"""

from __future__ import annotations

import collections
import json
from pathlib import Path

import pytest

from pipeline.crawl.archive import iter_responses
from pipeline.crawl.state import article_id
from pipeline.sites import canonical_url
from replicas.content import STORIES
from replicas.harness import FAST, Replicas, nightly, state_rows, store_rows, thidua
from replicas.server import build_replica

CRAWL_DELAY = 0.2
FAMILY_NAMES = ["liferay", "sharepoint", "aspnet", "webcenter", "slugcms", "newspaper", "generic"]


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory):
    """One nightly run over replicas of all families (module-wide, read-only for the tests below)."""
    folder = tmp_path_factory.mktemp("nightly")
    replicas = [build_replica(f, specials=f == "newspaper", seeds=f == "sharepoint",
                              crawl_delay=CRAWL_DELAY if f == "newspaper" else None, slow=1.5) for f in FAMILY_NAMES]
    with Replicas(replicas) as servers:
        result = nightly(servers.sites_file(folder), folder / "data")
        yield servers, folder / "data", result


def _article_hits(server) -> collections.Counter[str]:
    listing_paths = set(server.replica._listing_paths)
    return collections.Counter(r[2] for r in server.replica.requests if r[2] != "/robots.txt" and r[2] not in listing_paths)


def test_nightly_produces_the_dataset_end_to_end(first_run) -> None:
    servers, data, result = first_run
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok" in result.stdout.splitlines()[0]
    candidates = state_rows(data, "SELECT article_id, url FROM pages WHERE kind='article' AND candidate=1 AND in_scope=1")
    loaded = {row[0] for row in store_rows(data / "thidua.sqlite", "SELECT id FROM articles")}
    assert {r["article_id"] for r in candidates} == loaded
    # every relevant story of every family replica is in the dataset, under its URL's id
    for server in servers.servers:
        for story in server.replica.stories:
            if story.relevant:
                url = canonical_url(server.url + server.replica.story_paths[story.slug])
                assert article_id(url) in loaded, (server.replica.family.name, story.slug)
    for server in servers.servers:  # a descriptive User-Agent on every request
        assert all(r[3].get("User-Agent", "").startswith("thidua/") for r in server.replica.requests)
    export = data / "export"
    assert (export / "datapackage.json").is_file()
    package = json.loads((export / "datapackage.json").read_text(encoding="utf-8"))
    assert any(r["name"] == "articles" or r["name"].startswith("articles") for r in package["resources"])


def test_reextraction_from_the_archive_fetches_nothing(tmp_path: Path) -> None:
    replica = build_replica("newspaper", stories=STORIES[:5])
    with Replicas([replica]) as servers:
        sites = servers.sites_file(tmp_path)
        data = tmp_path / "data"
        assert nightly(sites, data, "--no-export").returncode == 0
        archived = len(state_rows(data, "SELECT 1 FROM pages WHERE kind='article' AND sha256 IS NOT NULL"))
        servers.clear_logs()
        again = nightly(sites, data, "--no-export", "--no-crawl", "--reprocess")
        assert again.returncode == 0, again.stdout + again.stderr
        assert not replica.requests
        assert f"extract  {archived} articles" in again.stdout
        loaded = len(store_rows(data / "thidua.sqlite", "SELECT id FROM articles"))
        assert f"{loaded} unchanged" in again.stdout  # same extractor, same records: the store keeps them


def test_every_family_is_paginated_and_duplicate_cards_fetched_once(first_run) -> None:
    servers, data, _ = first_run
    for server in servers.servers:
        replica = server.replica
        requested = {r[2] for r in replica.requests}
        assert replica.family.listing_path(2) in requested, replica.family.name
        hits = _article_hits(server)
        retried = {replica.special.get("error500"), replica.special.get("slow")}
        for path, n in hits.items():
            if path not in retried:
                assert n == 1, (replica.family.name, path, n)
        for story in replica.stories:
            assert hits[replica.story_paths[story.slug]] == 1


def test_robots_disallow_and_crawl_delay_are_obeyed(first_run) -> None:
    servers, data, result = first_run
    news = servers.by_family("newspaper").replica
    assert not news.hits("/private/"), "a Disallowed path was requested"
    assert "1 robots-blocked" in result.stdout
    times = sorted(r[0] for r in news.requests if r[2] != "/robots.txt")
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert len(gaps) > 10
    assert min(gaps) >= CRAWL_DELAY * 0.9, f"requests {min(gaps):.3f}s apart despite Crawl-delay {CRAWL_DELAY}"
    # the other replicas have no Crawl-delay and are not slowed down by it
    liferay_times = sorted(r[0] for r in servers.by_family("liferay").replica.requests)
    assert min(b - a for a, b in zip(liferay_times, liferay_times[1:])) < CRAWL_DELAY


def test_retries_back_off_and_autothrottle_keeps_the_crawl_delay(tmp_path: Path) -> None:
    replica = build_replica("aspnet", stories=STORIES[:4], specials=True, crawl_delay=0.15, slow=0.2)
    with Replicas([replica]) as servers:
        result = thidua("crawl", "--sites-file", str(servers.sites_file(tmp_path)), "--data-dir", str(tmp_path / "data"),
                        "--delay", "0", "--timeout", "1", "--retries", "2", "--backoff", "0.3", "--autothrottle")
        assert result.returncode == 0, result.stdout + result.stderr
    hits = [r[0] for r in replica.hits(replica.special["error500"])]
    assert len(hits) == 3  # first attempt + 2 retries
    assert hits[1] - hits[0] >= 0.3 and hits[2] - hits[1] >= 0.6  # exponential backoff
    times = sorted(r[0] for r in replica.requests if r[2] != "/robots.txt")
    assert min(b - a for a, b in zip(times, times[1:])) >= 0.15 * 0.9  # AutoThrottle never went below Crawl-delay


def test_errors_redirects_and_timeouts_are_recorded(first_run) -> None:
    servers, data, _ = first_run
    server = servers.by_family("newspaper")
    special = server.replica.special
    rows = {r["url"]: r for r in state_rows(data, "SELECT * FROM pages")}

    def row(role: str):
        return rows[canonical_url(server.url + special[role])]

    assert row("missing")["status"] == 404 and row("missing")["error"] == "HTTP 404"
    assert row("error500")["error"] == "HTTP 500"
    assert len(server.replica.hits(special["error500"])) == 2  # first attempt + 1 retry (--retries 1)
    assert row("slow")["error"].startswith("timeout after 1s")
    redirected = row("redirect")
    assert redirected["final_url"] == server.url + special["redirect_target"] and redirected["sha256"]
    frontier = {r["url"]: r["attempts"] for r in state_rows(data, "SELECT url, attempts FROM frontier")}
    # transient failures wait in the frontier for the next run; the 404 does not
    assert frontier == {row("error500")["url"]: 1, row("slow")["url"]: 1}


def test_charsets_no_header_and_windows_1258(first_run) -> None:
    servers, data, _ = first_run
    server = servers.by_family("newspaper")
    rows = {r["url"]: r for r in state_rows(data, "SELECT * FROM pages")}
    nocharset = rows[canonical_url(server.url + server.replica.special["nocharset"])]
    cp1258 = rows[canonical_url(server.url + server.replica.special["cp1258"])]
    assert nocharset["title"] == "Cụm thi đua số 7 ký kết giao ước, trang không khai báo bảng mã"
    assert cp1258["title"] == "Khối thi đua số 8 tổng kết, trang mã windows-1258"  # NFC, as typed
    assert cp1258["candidate"] == 1


def test_warc_archive_holds_every_archived_page(first_run) -> None:
    _, data, _ = first_run
    archived = {r["final_url"] for r in state_rows(data, "SELECT final_url FROM pages WHERE warc_path IS NOT NULL")}
    pages = [p for f in sorted((data / "crawl" / "warc").glob("*.warc.gz")) for p in iter_responses(f)]
    assert {p.url for p in pages} == archived
    assert len(pages) == len(archived)  # nothing archived twice
    assert all(p.status == 200 and p.body for p in pages)


def _nightly(sites: Path, data: Path, *extra: str):
    return nightly(sites, data, "--no-export", *extra)


def test_second_run_fetches_only_what_changed(tmp_path: Path) -> None:
    liferay = build_replica("liferay", stories=STORIES[:7])
    generic = build_replica("generic", stories=STORIES[:4])
    for resp in generic.pages.values():
        resp.validators = False  # a server without ETag / Last-Modified: change is told by the content hash
    with Replicas([liferay, generic]) as servers:
        sites = servers.sites_file(tmp_path)
        data = tmp_path / "data"
        assert _nightly(sites, data).returncode == 0
        db = data / "thidua.sqlite"
        first_ids = {r[0] for r in store_rows(db, "SELECT id FROM articles")}
        lserver = servers.by_family("liferay")

        # between runs: one story edited (its card shows the new title), one added, one taken down
        edited = STORIES[0]
        new_title = edited.title + " (cập nhật)"
        liferay.set_story(type(edited)(edited.slug, new_title, edited.published,
                                       edited.paragraphs + ["Hội nghị cũng thống nhất tổ chức giao ban quý."], edited.author))
        added = type(edited)("khoi-thi-dua-so-9-giao-ban-quy-3", "Khối thi đua số 9 giao ban quý III", "20/09/2024 10:00",
                             ["Sáng 19/9/2024, Khối thi đua số 9 tổ chức giao ban quý III, Sở Nội vụ làm Khối trưởng, "
                              "Sở Tư pháp làm Khối phó. Các thành viên báo cáo tiến độ thực hiện giao ước thi đua năm 2024."],
                             "Văn Sơn")
        liferay.add_story(added)
        removed_path = liferay.remove(STORIES[1].slug)
        servers.clear_logs()

        second = _nightly(sites, data)
        assert second.returncode == 0, second.stdout + second.stderr
        article_requests = _article_hits(lserver)
        assert set(article_requests) == {liferay.story_paths[edited.slug], liferay.story_paths[added.slug]}
        assert not _article_hits(servers.by_family("generic"))
        edited_url = canonical_url(lserver.url + liferay.story_paths[edited.slug])
        (row,) = state_rows(data, "SELECT * FROM pages WHERE url=?", (edited_url,))
        assert row["title"] == new_title and row["processed_sha"] == row["sha256"]
        titles = dict(store_rows(db, "SELECT id, title FROM articles"))
        assert titles[article_id(edited_url)] == new_title
        # the taken-down article stays in the dataset: nothing is lost
        assert article_id(canonical_url(lserver.url + removed_path)) in titles
        assert first_ids <= set(titles)
        assert article_id(canonical_url(lserver.url + liferay.story_paths[added.slug])) in titles
        assert "1 changed" in second.stdout and "1 new" in second.stdout

        # an edit the listing does not show is found by revalidating recent articles (content hash, no ETag)
        gserver = servers.by_family("generic")
        quiet = STORIES[3]
        generic.set_story(type(quiet)(quiet.slug, quiet.title, quiet.published, quiet.paragraphs + ["Đoạn bổ sung."],
                                      quiet.author))
        for resp in generic.pages.values():
            resp.validators = False
        warcs_before = sum(1 for f in (data / "crawl" / "warc").glob("*.warc.gz") for _ in iter_responses(f))
        servers.clear_logs()
        third = _nightly(sites, data, "--revalidate-days", "1")
        assert third.returncode == 0
        # the recent articles on the listing pages visited are re-requested (page 1: paging stops there,
        # as the page holds only known articles)
        assert set(_article_hits(gserver)) == {generic.story_paths[s.slug] for s in STORIES[1:4]}
        warcs_after = sum(1 for f in (data / "crawl" / "warc").glob("*.warc.gz") for _ in iter_responses(f))
        assert warcs_after - warcs_before == 1  # only the edited one is archived again
        assert "1 changed" in third.stdout

        servers.clear_logs()
        fourth = _nightly(sites, data)
        assert fourth.returncode == 0
        assert not _article_hits(lserver) and not _article_hits(gserver)
        # listings are revisited: conditionally where the server has validators (304), and paging stops at
        # the first page, which holds only known articles
        (listing,) = [r for r in liferay.requests if r[2] == liferay.family.listing_path(1)]
        assert listing[3].get("If-None-Match")
        assert {r[2] for r in generic.requests} - {"/robots.txt"} == {generic.family.listing_path(1)}


def test_a_page_that_disappears_is_marked_gone_and_kept(tmp_path: Path) -> None:
    replica = build_replica("webcenter", stories=STORIES[:4])
    with Replicas([replica]) as servers:
        sites = servers.sites_file(tmp_path)
        data = tmp_path / "data"
        assert _nightly(sites, data).returncode == 0
        server = servers.servers[0]
        gone_path = replica.remove(STORIES[3].slug, from_listing=False)  # still linked on page 1, but 404 now
        result = _nightly(sites, data, "--revalidate-days", "1")
        assert result.returncode == 0, result.stdout + result.stderr
        (row,) = state_rows(data, "SELECT * FROM pages WHERE url=?", (canonical_url(server.url + gone_path),))
        assert row["gone"] == 1 and row["status"] == 404 and row["sha256"]
        ids = {r[0] for r in store_rows(data / "thidua.sqlite", "SELECT id FROM articles")}
        assert row["article_id"] in ids
        assert "1 gone" in result.stdout


def test_a_bot_wall_answering_200_is_a_parser_error_not_an_article(tmp_path: Path) -> None:
    replica = build_replica("sharepoint", stories=STORIES[:4])
    wall_path = replica.story_paths[STORIES[3].slug]
    replica.pages[wall_path].body = "<html><body><p>Vui lòng bật JavaScript để tiếp tục.</p></body></html>".encode()
    with Replicas([replica]) as servers:
        data = tmp_path / "data"
        result = nightly(servers.sites_file(tmp_path), data, "--no-export")
        assert result.returncode == 0, result.stdout + result.stderr
        assert "parser errors on replica_sharepoint" in result.stdout
        (row,) = state_rows(data, "SELECT * FROM pages WHERE url=?", (canonical_url(servers.servers[0].url + wall_path),))
        assert row["error"].startswith("parse: sharepoint:") and row["warc_path"] and row["sha256"] is None
        ids = {r[0] for r in store_rows(data / "thidua.sqlite", "SELECT id FROM articles")}
        assert row["article_id"] not in ids


def test_since_skips_older_articles_and_stops_paging(tmp_path: Path) -> None:
    replica = build_replica("slugcms", stories=STORIES)
    with Replicas([replica]) as servers:
        result = nightly(servers.sites_file(tmp_path), tmp_path / "data", "--since", "2024-03-01", "--no-export")
        assert result.returncode == 0, result.stdout + result.stderr
        requested = {r[2] for r in replica.requests}
        for story in replica.stories:
            fetched = replica.story_paths[story.slug] in requested
            assert fetched == (story.iso_date >= "2024-03-01"), story.slug
        # stories sorted newest first: the pages after the first all-old page are not requested
        last = max(n for n in range(1, 10) if replica.family.listing_path(n) in requested)
        assert replica.family.listing_path(last + 1) not in requested
        assert replica.family.listing_path(last + 1) in replica.pages


def test_sites_check_and_list_on_replicas(tmp_path: Path) -> None:
    replicas = [build_replica(f, stories=STORIES[:4]) for f in FAMILY_NAMES]
    with Replicas(replicas) as servers:
        sites = servers.sites_file(tmp_path)
        data = tmp_path / "data"
        before = json.loads(thidua("sites", "list", "--sites-file", str(sites), "--data-dir", str(data), "--format", "json").stdout)
        assert {tuple(sorted(r)) for r in before} == {("domain", "family", "key", "listings", "name", "province", "verified",
                                                       "verified_on")}
        assert not any(r["verified"] for r in before)
        check = thidua("sites", "check", "--sites-file", str(sites), "--data-dir", str(data), *FAST)
        assert check.returncode == 0, check.stdout + check.stderr
        assert check.stdout.count("PASSED") == len(FAMILY_NAMES)
        after = json.loads(thidua("sites", "list", "--sites-file", str(sites), "--data-dir", str(data), "--format", "json").stdout)
        assert all(r["verified"] for r in after)
        # a broken layout is reported as a parser failure
        for path, resp in list(replicas[0].pages.items()):
            if path.startswith("/web/sonoivu/-/"):
                resp.body = b"<html><body><p>Trang dang bao tri</p></body></html>"
        broken = thidua("sites", "check", "--sites-file", str(sites), "--data-dir", str(data), "--site", "replica_liferay", *FAST)
        assert broken.returncode == 1 and "[parser]" in broken.stdout


def test_sites_check_reports_network_failure_clearly(tmp_path: Path) -> None:
    sites = tmp_path / "sites.json"
    sites.write_text(json.dumps([{"key": "unreachable", "domain": "127.0.0.1:9", "province": None, "family": "newspaper",
                                  "listings": ["http://127.0.0.1:9/chinh-tri/"]}]), encoding="utf-8")
    result = thidua("sites", "check", "--sites-file", str(sites), "--data-dir", str(tmp_path / "data"), *FAST)
    assert result.returncode == 3
    assert "[network]" in result.stdout and "connection refused" in result.stdout
    assert "no internet access" in result.stderr
    listed = json.loads(thidua("sites", "list", "--sites-file", str(sites), "--data-dir", str(tmp_path / "data"),
                               "--format", "json").stdout)
    assert listed[0]["verified"] is False


def test_nightly_with_no_reachable_site_exits_3(tmp_path: Path) -> None:
    sites = tmp_path / "sites.json"
    sites.write_text(json.dumps([{"key": "down", "domain": "127.0.0.1:9", "province": None, "family": "slugcms",
                                  "listings": ["http://127.0.0.1:9/tin-tuc/"]}]), encoding="utf-8")
    result = nightly(sites, tmp_path / "data", "--no-export")
    assert result.returncode == 3
    assert "NO SITE REACHABLE" in result.stdout and "first error: down: network: connection refused" in result.stdout


def test_registry_sites_stay_unverified_without_network(tmp_path: Path) -> None:
    listed = json.loads(thidua("sites", "list", "--format", "json", "--data-dir", str(tmp_path)).stdout)
    assert len(listed) >= 30 and not any(r["verified"] for r in listed)
    assert len({r["province"] for r in listed}) >= 15


def test_a_first_listing_page_without_article_links_is_a_parser_error(tmp_path: Path) -> None:
    """A changed listing layout (or a bot wall answering 200) must not pass for "nothing new"."""
    replica = build_replica("slugcms", stories=STORIES[:4])
    replica.pages[replica.family.listing_path(1)].body = "<html><body><p>Trang đang bảo trì.</p></body></html>".encode()
    with Replicas([replica]) as servers:
        data = tmp_path / "data"
        result = nightly(servers.sites_file(tmp_path), data, "--no-export")
        assert result.returncode == 0, result.stdout + result.stderr
        assert "parser errors on replica_slugcms" in result.stdout
        listing_url = canonical_url(servers.servers[0].url + replica.family.listing_path(1))
        (row,) = state_rows(data, "SELECT * FROM pages WHERE url=?", (listing_url,))
        assert row["error"].startswith("parse: slugcms: no article links") and row["etag"] is None


def test_sites_check_tells_server_http_and_robots_failures_from_parser_breakage(tmp_path: Path) -> None:
    from replicas.server import Resp

    down, moved, forbidden = (build_replica(f, stories=STORIES[:3]) for f in ("slugcms", "newspaper", "aspnet"))
    down.pages[down.family.listing_path(1)] = Resp(b"<h1>503</h1>", status=503)
    moved.pages.pop(moved.family.listing_path(1))
    forbidden.robots = "User-agent: *\nDisallow: /\n"
    fast = [*FAST[:FAST.index("--retries")], "--retries", "0"]
    with Replicas([down, moved, forbidden]) as servers:
        sites = servers.sites_file(tmp_path)
        data = str(tmp_path / "data")

        def check(key: str):
            return thidua("sites", "check", "--sites-file", str(sites), "--data-dir", data, "--site", key, *fast)

        server_side = check("replica_slugcms")
        assert server_side.returncode == 3 and "[server] listing: HTTP 503" in server_side.stdout
        robots = check("replica_aspnet")
        assert robots.returncode == 3 and "[robots]" in robots.stdout
        wrong_url = check("replica_newspaper")
        assert wrong_url.returncode == 1 and "[http] listing: HTTP 404" in wrong_url.stdout
        assert "[parser]" not in server_side.stdout + robots.stdout + wrong_url.stdout


def test_crawl_stats_of_a_missing_run_or_data_dir_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    result = thidua("crawl", "--stats", "20260101T000000Z-1", "--data-dir", str(missing))
    assert result.returncode == 1 and "no crawl state" in result.stderr
    assert not missing.exists()  # a look-up creates nothing


def test_an_article_that_failed_before_is_retried_without_keeping_the_chain_paging(tmp_path: Path) -> None:
    """A parse error on page 1 must not make every later run page through the whole listing as if it were new."""
    replica = build_replica("sharepoint", stories=STORIES[:4])
    wall = max(replica.stories, key=lambda s: s.iso_date)  # newest first: its card is on listing page 1
    wall_path = replica.story_paths[wall.slug]
    replica.pages[wall_path].body = "<html><body><p>Vui lòng bật JavaScript để tiếp tục.</p></body></html>".encode()
    for resp in replica.pages.values():
        resp.validators = False  # no 304 for the listing: the paging decision is made on its cards
    with Replicas([replica]) as servers:
        sites, data = servers.sites_file(tmp_path), tmp_path / "data"
        assert nightly(sites, data, "--no-export").returncode == 0
        assert replica.hits(replica.family.listing_path(2))
        servers.clear_logs()
        again = nightly(sites, data, "--no-export")
        assert again.returncode == 0, again.stdout + again.stderr
        assert replica.hits(wall_path)  # asked again: the site may have fixed it
        assert not replica.hits(replica.family.listing_path(2))  # but page 1 held no unknown article


def test_a_backlog_deeper_than_max_pages_is_continued_by_the_next_run(tmp_path: Path) -> None:
    import dataclasses

    stories = [dataclasses.replace(STORIES[i % len(STORIES)], slug=f"{STORIES[i % len(STORIES)].slug}-d{i}",
                                   published=f"{1 + i:02d}/05/2024 08:00") for i in range(12)]
    replica = build_replica("newspaper", stories=stories)  # 4 listing pages of 3 cards
    listing = replica.family.listing_path
    with Replicas([replica]) as servers:
        sites, data = servers.sites_file(tmp_path), tmp_path / "data"
        first = nightly(sites, data, "--no-export", "--max-pages", "2")
        assert first.returncode == 0, first.stdout + first.stderr
        assert replica.hits(listing(2)) and not replica.hits(listing(3))
        assert [r["url"] for r in state_rows(data, "SELECT url FROM frontier")] == [canonical_url(servers.servers[0].url + listing(3))]
        servers.clear_logs()
        second = nightly(sites, data, "--no-export", "--max-pages", "2")
        assert second.returncode == 0, second.stdout + second.stderr
        assert replica.hits(listing(3)) and replica.hits(listing(4))
        fetched = {r["url"] for r in state_rows(data, "SELECT url FROM pages WHERE kind='article' AND sha256 IS NOT NULL")}
        assert fetched == {canonical_url(servers.servers[0].url + p) for p in replica.story_paths.values()}
        assert not state_rows(data, "SELECT * FROM frontier")  # the last page reached: nothing left to continue
        servers.clear_logs()
        assert nightly(sites, data, "--no-export", "--max-pages", "2").returncode == 0
        assert not _article_hits(servers.servers[0]) and not replica.hits(listing(3))
