"""Raw pages in WARC files (warcio), so extraction can be re-run without fetching again.

One gzip-per-record WARC file per run (`<data>/crawl/warc/<run>-NNNNN.warc.gz`,
rotated at `max_bytes`). Each article body that is new or changed is written
as a `request` and a `response` record; the state database keeps the file,
offset and length of the response record. A record is flushed to the
operating system before the state row that points at it is committed, so a
killed process never leaves the state pointing at a missing record; a
half-written record at the end of a file is never referenced and is skipped by
readers.

Bodies are stored as the crawler saw them after content decoding (gzip,
brotli), with `Content-Encoding` removed from the stored headers.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from w3lib.encoding import html_to_unicode
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.sites.base import nfc

_HOP_HEADERS = {"content-encoding", "transfer-encoding", "content-length", "connection"}


@dataclass(frozen=True)
class ArchivedPage:
    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    @property
    def html(self) -> str:
        return decode_html(self.body, self.header("Content-Type"))


def decode_html(body: bytes, content_type: str | None) -> str:
    """Text of an HTML body: HTTP charset, then BOM, then <meta charset>, then UTF-8/cp1252 guess; NFC.

    The same rules Scrapy applies (w3lib), so a page decodes the same when
    crawled and when re-read from the archive. windows-1258 pages decode to
    combining tone marks; NFC composes them.
    """
    _, text = html_to_unicode(content_type, body, auto_detect_fun=_guess)
    return nfc(text)


def _guess(body: bytes) -> str | None:
    for encoding in ("utf-8", "cp1258"):
        try:
            body.decode(encoding)
            return encoding
        except UnicodeDecodeError:
            continue
    return None


class WarcArchive:
    """Appends fetched pages to the run's WARC file and reads them back by offset."""

    def __init__(self, directory: str | Path, run_id: str, max_bytes: int = 512 * 1024 * 1024) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.run_id = run_id
        self.max_bytes = max_bytes
        self._seq = 0
        self._file: io.BufferedWriter | None = None
        self._writer: WARCWriter | None = None
        self._path: Path | None = None

    def _open(self) -> None:
        while True:
            self._seq += 1
            path = self.directory / f"{self.run_id}-{self._seq:05d}.warc.gz"
            if not path.exists():
                break
        self._path = path
        self._file = open(path, "ab")  # noqa: SIM115  (kept open across records; closed in close())
        self._writer = WARCWriter(self._file, gzip=True)
        info = self._writer.create_warcinfo_record(path.name, {"software": "thidua crawler (Scrapy, warcio)",
                                                               "format": "WARC File Format 1.1"})
        self._writer.write_record(info)

    def write(self, url: str, status: int, reason: str, headers: Iterable[tuple[str, str]], body: bytes,
              request_headers: Iterable[tuple[str, str]] = ()) -> tuple[str, int, int]:
        """Archive one response (and its request); returns (file name, offset, length) of the response record."""
        if self._file is None or self._file.tell() > self.max_bytes:
            self.close()
            self._open()
        assert self._writer is not None and self._file is not None and self._path is not None
        kept = [(k, v) for k, v in headers if k.lower() not in _HOP_HEADERS]
        kept.append(("Content-Length", str(len(body))))
        http = StatusAndHeaders(f"{status} {reason}".strip(), kept, protocol="HTTP/1.1")
        response = self._writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
        req_http = StatusAndHeaders(f"GET {url} HTTP/1.1", list(request_headers), is_http_request=True)
        request = self._writer.create_warc_record(url, "request", http_headers=req_http)
        request.rec_headers.add_header("WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID"))
        offset = self._file.tell()
        self._writer.write_record(response)
        length = self._file.tell() - offset
        self._writer.write_record(request)
        self._file.flush()
        return self._path.name, offset, length

    def close(self) -> None:
        if self._file is not None:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
        self._file = self._writer = None

    def read(self, name: str, offset: int) -> ArchivedPage:
        return read_record(self.directory / name, offset)


def read_record(path: str | Path, offset: int) -> ArchivedPage:
    """The response record at OFFSET of a WARC file."""
    with open(path, "rb") as fh:
        fh.seek(offset)
        for record in ArchiveIterator(fh):
            if record.rec_type != "response":
                raise ValueError(f"{path}@{offset}: expected a response record, found {record.rec_type}")
            status = int(record.http_headers.get_statuscode())
            return ArchivedPage(record.rec_headers.get_header("WARC-Target-URI"), status,
                                list(record.http_headers.headers), record.content_stream().read())
    raise ValueError(f"{path}@{offset}: no WARC record there")


def iter_responses(path: str | Path) -> Iterator[ArchivedPage]:
    """All response records of one WARC file (a truncated last record ends the iteration)."""
    with open(path, "rb") as fh:
        try:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response":
                    yield ArchivedPage(record.rec_headers.get_header("WARC-Target-URI"),
                                       int(record.http_headers.get_statuscode()), list(record.http_headers.headers),
                                       record.content_stream().read())
        except (EOFError, OSError, ValueError):  # a record cut by a killed process
            return
