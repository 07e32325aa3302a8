"""A small HTTP server on 127.0.0.1 serving one replica site, with a request log and mutations.

    replica = build_replica("newspaper", specials=True)
    with ReplicaServer(replica) as server:
        server.url                      # http://127.0.0.1:PORT
        replica.set_story(...); replica.remove(path)   # change the site between runs
        replica.requests                # (monotonic time, method, path, headers) of every request

Responses carry ETag and Last-Modified (unless `validators=False`) and honour
If-None-Match with 304. Special pages: 404 (absent), always-500, slow (longer
than the crawler's timeout), 301 redirect, no charset anywhere, windows-1258,
and a robots.txt with Disallow and Crawl-delay.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .content import STORIES, Story, seed_stories
from .families import FAMILIES, Family, to_cp1258

PER_PAGE = 3


@dataclass
class Resp:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    location: str = ""
    delay: float = 0.0
    validators: bool = True
    modified: float = field(default_factory=time.time)


@dataclass
class Replica:
    family: Family
    stories: list[Story]
    pages: dict[str, Resp] = field(default_factory=dict)
    robots: str = "User-agent: *\nDisallow: /private/\n"
    latency: float = 0.0
    requests: list[tuple[float, str, str, dict[str, str]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    special: dict[str, str] = field(default_factory=dict)   # role -> path
    story_paths: dict[str, str] = field(default_factory=dict)  # slug -> path
    extra_cards: list[tuple[str, Story]] = field(default_factory=list)  # special cards, first on page 1
    _listing_paths: set[str] = field(default_factory=set)

    # ------------------------------------------------ building
    def publish(self) -> None:
        """(Re)build the listing pages: the extra cards, then the stories newest first, PER_PAGE a page."""
        for path in self._listing_paths:
            self.pages.pop(path, None)
        cards = sorted(((self.story_paths[s.slug], s) for s in self.stories), key=lambda c: c[1].iso_date, reverse=True)
        cards = list(self.extra_cards) + cards
        chunks = [cards[i:i + PER_PAGE] for i in range(0, len(cards), PER_PAGE)] or [[]]
        self._listing_paths = set()
        for n, chunk in enumerate(chunks, 1):
            path = self.family.listing_path(n)
            self._listing_paths.add(path)
            self.pages[path] = Resp(self.family.render_listing(chunk, n, n < len(chunks)).encode("utf-8"))

    def add_story(self, story: Story, publish: bool = True) -> str:
        path = self.family.article_path(story, len(self.story_paths) + 1)
        self.story_paths[story.slug] = path
        self.pages[path] = Resp(self.family.render_article(story).encode("utf-8"))
        if story not in self.stories:
            self.stories.append(story)
        if publish:
            self.publish()
        return path

    def set_story(self, story: Story) -> None:
        """Replace a story's page (same slug) and its card."""
        self.stories = [story if s.slug == story.slug else s for s in self.stories]
        path = self.story_paths[story.slug]
        self.pages[path] = Resp(self.family.render_article(story).encode("utf-8"))
        self.publish()

    def remove(self, slug: str, from_listing: bool = True) -> str:
        path = self.story_paths[slug]
        self.pages.pop(path, None)
        if from_listing:
            self.stories = [s for s in self.stories if s.slug != slug]
            self.publish()
        return path

    def hits(self, path_prefix: str) -> list[tuple[float, str, str, dict[str, str]]]:
        with self.lock:
            return [r for r in self.requests if r[2].startswith(path_prefix)]


def build_replica(family: str, stories: list[Story] | None = None, specials: bool = False, seeds: bool = False,
                  crawl_delay: float | None = None, slow: float = 3.0) -> Replica:
    fam = FAMILIES[family]()
    chosen = list(stories if stories is not None else STORIES[:6])
    if seeds:
        chosen += seed_stories()
    replica = Replica(fam, [])
    if crawl_delay is not None:
        replica.robots += f"Crawl-delay: {crawl_delay}\n"
    for story in chosen:
        replica.add_story(story, publish=False)
    if specials:
        replica.extra_cards = _specials(replica, slow)
    replica.publish()
    return replica


def _specials(replica: Replica, slow: float) -> list[tuple[str, Story]]:
    fam = replica.family
    base = STORIES[3]
    def story(slug: str, title: str) -> Story:
        return Story(slug, title, "01/06/2024 09:00", base.paragraphs, base.author)
    cards: list[tuple[str, Story]] = []
    def card(role: str, slug: str, title: str, n: int) -> tuple[str, Story]:
        s = story(slug, title)
        path = fam.article_path(s, 900 + n)
        replica.special[role] = path
        cards.append((path, s))
        return path, s
    card("missing", "bai-viet-da-bi-xoa-khoi-he-thong", "Bài viết không còn", 1)
    path, s = card("error500", "trang-loi-may-chu-noi-bo", "Trang lỗi máy chủ", 2)
    replica.pages[path] = Resp(b"<h1>500</h1>", status=500)
    path, s = card("slow", "trang-phan-hoi-rat-cham-qua", "Trang phản hồi chậm", 3)
    replica.pages[path] = Resp(fam.render_article(s).encode(), delay=slow)
    old, s = card("redirect", "duong-dan-cu-cua-bai-viet", "Khối thi đua chuyển địa chỉ bài viết", 4)
    new_story = story("duong-dan-moi-cua-bai-viet", "Khối thi đua chuyển địa chỉ bài viết")
    new = fam.article_path(new_story, 905)
    replica.special["redirect_target"] = new
    replica.pages[old] = Resp(status=301, location=new)
    replica.pages[new] = Resp(fam.render_article(new_story).encode())
    path, s = card("nocharset", "cum-thi-dua-trang-khong-khai-bao-bang-ma",
                   "Cụm thi đua số 7 ký kết giao ước, trang không khai báo bảng mã", 6)
    replica.pages[path] = Resp(fam.render_article(s, charset=None).encode("utf-8"), content_type="text/html")
    path, s = card("cp1258", "khoi-thi-dua-trang-ma-windows-1258", "Khối thi đua số 8 tổng kết, trang mã windows-1258", 7)
    replica.pages[path] = Resp(to_cp1258(fam.render_article(s, charset="windows-1258")),
                               content_type="text/html; charset=windows-1258")
    s = story("bai-viet-noi-bo-khong-cong-khai", "Bài viết nội bộ")
    path = "/private" + fam.article_path(s, 908)
    replica.special["private"] = path
    replica.pages[path] = Resp(fam.render_article(s).encode())
    cards.append((path, s))
    return cards


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: "_Server"

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        replica = self.server.replica
        with replica.lock:
            replica.requests.append((time.monotonic(), "GET", self.path, {k: v for k, v in self.headers.items()}))
        if replica.latency:
            time.sleep(replica.latency)
        if self.path == "/robots.txt":
            self._send(200, replica.robots.encode(), "text/plain")
            return
        resp = replica.pages.get(self.path)
        if resp is None:
            self._send(404, "<html><body><h1>Không tìm thấy trang</h1></body></html>".encode(), "text/html; charset=utf-8")
            return
        if resp.delay:
            time.sleep(resp.delay)
        if resp.status in (301, 302):
            self._send(resp.status, b"", "text/html", {"Location": resp.location})
            return
        headers: dict[str, str] = {}
        if resp.validators and resp.status == 200:
            etag = '"' + hashlib.sha1(resp.body).hexdigest()[:16] + '"'
            headers = {"ETag": etag, "Last-Modified": formatdate(resp.modified, usegmt=True)}
            if self.headers.get("If-None-Match") == etag:
                self._send(304, b"", None, headers)
                return
        self._send(resp.status, resp.body, resp.content_type, headers)

    def _send(self, status: int, body: bytes, ctype: str | None, headers: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            if ctype:
                self.send_header("Content-Type", ctype)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body and status != 304:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the crawler gave up (timeout test)
            pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    replica: Replica


class ReplicaServer:
    """Serve REPLICA on 127.0.0.1 (a free port) in a background thread."""

    def __init__(self, replica: Replica) -> None:
        self.replica = replica
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.replica = replica
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    @property
    def netloc(self) -> str:
        return f"127.0.0.1:{self.httpd.server_address[1]}"

    def start(self) -> "ReplicaServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> "ReplicaServer":
        return self.start()

    def __exit__(self, *_: Any) -> None:
        self.stop()

    def site(self, key: str | None = None, province: str | None = "Quảng Ngãi") -> dict[str, Any]:
        """The Site entry (as a dict) that points the crawler at this replica."""
        fam = self.replica.family
        return {"key": key or f"replica_{fam.name}", "domain": self.netloc, "province": province, "family": fam.name,
                "listings": [self.url + fam.listing_path(1)], "name": f"replica {fam.name}", "start_date": "2015-01-01"}
