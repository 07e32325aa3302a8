"""The site registry and every family parser against its stored fixture.

One parametrised test over every registered parser: the fixture page (gzip
HTML) and listing in tests/fixtures/sites/<family>/ must parse to the expected
JSON stored next to them (regenerate with
`python -m tests.fixtures.sites.make_fixtures --family F --overwrite-json`).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from pipeline.sites import FAMILIES, REGISTRY, RegistryError, Site, build_registry, canonical_url, parser_for, site_for_url
from pipeline.sites.base import parse_vn_datetime
from pipeline.sites.table import SITES

FIXTURES = Path(__file__).parent / "fixtures" / "sites"


def _sorted_keys(value: object) -> bool:
    if isinstance(value, dict):
        return list(value) == sorted(value) and all(_sorted_keys(v) for v in value.values())
    if isinstance(value, list):
        return all(_sorted_keys(v) for v in value)
    return True


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_family_parser_matches_its_fixture(family: str) -> None:
    folder = FIXTURES / family
    meta_path, expected_path = folder / "meta.json", folder / f"{family}.json"
    assert meta_path.is_file() and expected_path.is_file(), f"no fixture for family {family!r} in {folder}"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    raw_expected = expected_path.read_text(encoding="utf-8")
    expected_all = json.loads(raw_expected)
    assert _sorted_keys(expected_all), f"{expected_path}: keys must be sorted"
    parser_cls = FAMILIES[family]
    expected = expected_all[parser_cls.version]
    article = expected["article"]
    assert all(article[k] for k in ("title", "published", "text")), f"{expected_path}: empty expected values"
    assert expected["listing"]["cards"] and expected["listing"]["next_pages"]

    stamp = meta["crawl_date"].replace("-", "_")
    html = gzip.decompress((folder / f"{family}_{stamp}.html.gz").read_bytes()).decode("utf-8")
    listing_html = gzip.decompress((folder / f"listing_{stamp}.html.gz").read_bytes()).decode("utf-8")
    parser = parser_cls()
    page = parser.parse_article(html, meta["url"])
    assert page.to_dict() == article
    for furniture in ("Xem với cỡ chữ", "Chia sẻ", "Tin liên quan", "Trang chủ", "Ảnh:", "Bản quyền"):
        assert furniture not in page.text
    listing = parser.parse_listing(listing_html, meta["listing_url"])
    assert [[c.url, c.title, c.published] for c in listing.cards] == expected["listing"]["cards"]
    assert listing.next_pages == expected["listing"]["next_pages"]
    # desktop and mobile blocks repeat every card: the parser keeps one each
    assert len({c.url for c in listing.cards}) == len(listing.cards)
    assert parser.is_article_url(meta["url"]) and not parser.is_article_url(meta["listing_url"])


def test_every_family_has_a_fixture_and_sites() -> None:
    for family in FAMILIES:
        assert (FIXTURES / family / f"{family}.json").is_file(), family
        assert any(s.family == family for s in SITES), f"no registered site uses {family}"


def test_registry_covers_enough_real_sites() -> None:
    assert len(REGISTRY) >= 30
    assert len({s.province for s in REGISTRY.values() if s.province}) >= 15
    for site in REGISTRY.values():
        assert site.key.isascii() and site.key == site.key.lower()
        assert site.listings and all(site.owns(u) for u in site.listings)
        assert "127.0.0.1" not in site.domain and "localhost" not in site.domain


def test_registry_rejects_duplicates_and_bad_entries() -> None:
    site = SITES[0]
    with pytest.raises(RegistryError, match="duplicate site key"):
        build_registry([site, Site(site.key, "other.example.vn", None, "generic", ("https://other.example.vn/",))])
    with pytest.raises(RegistryError, match="already registered"):
        build_registry([site, Site("other", site.domain, None, site.family, site.listings)])
    with pytest.raises(RegistryError, match="ASCII slug"):
        build_registry([Site("báo-x", "x.vn", None, "generic", ("https://x.vn/",))])
    with pytest.raises(RegistryError, match="unknown family"):
        build_registry([Site("x", "x.vn", None, "joomla9", ("https://x.vn/",))])
    with pytest.raises(RegistryError, match="not on"):
        build_registry([Site("x", "x.vn", None, "generic", ("https://y.vn/",))])


# Article URL shapes of registered sites, as they appear in public links (one or two per family).
URL_SHAPES = [
    ("https://snv.bacninh.gov.vn/news/-/details/57424/hoi-nghi-tong-ket-cong-tac-thi-dua", True),
    ("https://quangngai.gov.vn/web/portal-qni/xem-chi-tiet/-/asset_publisher/Content/khoi-thi-dua-kinh-te?22195401", True),
    ("https://quangngai.gov.vn/web/portal-qni/tin-tuc-su-kien", False),
    ("https://portal.thaibinh.gov.vn/tintuc/Pages/tin-so-nganh.aspx?ItemID=36616", True),
    ("https://portal.thaibinh.gov.vn/tintuc/Pages/tin-so-nganh.aspx?PageIndex=2", False),
    ("http://sovhttdl.haiduong.gov.vn/pages/chitiettin.aspx?newsId=ab3077aa-33ed-4d3e-8bc1-68cac3e25204", True),
    ("http://qeza.gov.vn/default.aspx?mid=news&it=292", True),
    ("https://sotuphap.quangnam.gov.vn/webcenter/portal/sotuphap/pages_tin-tuc/chi-tiet?dDocName=PORTAL470915", True),
    ("https://dbnd.hagiang.gov.vn/index.php?nv=news&op=VAN-PHONG/Hoi-nghi-ky-ket-giao-uoc-3317", True),
    ("http://congan.dienbien.gov.vn/news/savefile/CADB/Khoi-Noi-chinh-tinh-22305/", True),
    ("https://baokhanhhoa.vn/chinh-tri/202003/khoi-cac-so-quan-ly-nha-nuoc-1-ky-ket-giao-uoc-thi-dua-8155420/", True),
    ("https://baobackan.com.vn/khoi-van-hoa-xa-hoi-tong-ket-cong-tac-thi-dua-khen-thuong-post8228.html", True),
    ("https://baokhanhhoa.vn/chinh-tri/?page=2", False),
]


@pytest.mark.parametrize("url,is_article", URL_SHAPES)
def test_article_url_shapes(url: str, is_article: bool) -> None:
    site = site_for_url(url)
    assert site is not None, url
    assert parser_for(site).is_article_url(url) is is_article


@pytest.mark.parametrize("text,iso", [
    ("15:55 | 10/07/2026", "2026-07-10T15:55:00+07:00"),
    ("(15:38 | 13/03/2019)", "2019-03-13T15:38:00+07:00"),
    ("Thứ Bảy, 17-12-2022 8:31", "2022-12-17T08:31:00+07:00"),
    ("Ngày đăng: 08/3/2019", "2019-03-08"),
    ("12/01/2024 - 09:15", "2024-01-12T09:15:00+07:00"),
    ("Cập nhật 13/12/2109", None),          # a source typo: not a plausible date
    ("31/02/2020", None),
    ("no date here", None),
])
def test_vietnamese_dates(text: str, iso: str | None) -> None:
    assert parse_vn_datetime(text) == iso


def test_canonical_url_drops_noise_and_keeps_identity() -> None:
    assert canonical_url("HTTPS://Bao.vn:443/a-1.html?utm_source=rss&b=2#top") == "https://bao.vn/a-1.html?b=2"
    assert canonical_url("http://x.vn/p?redirect=%2Fx&inheritRedirect=false&id=3") == "http://x.vn/p?id=3"
    assert canonical_url("http://127.0.0.1:8080/a") == "http://127.0.0.1:8080/a"


def test_a_short_newspaper_item_counts_its_sapo_towards_the_minimum_length() -> None:
    """A brief whose body is shorter than the minimum but whose sapo carries the news is an article, not a parse error."""
    html = ("<html><body><h1 class='title'>Khối thi đua số 2 giao ban quý I</h1>"
            "<div class='date'>Thứ Ba, 02-04-2024 07:30</div>"
            "<div class='sapo'>Sáng 1/4, Khối thi đua số 2 tổ chức giao ban quý I năm 2024 tại Sở Tư pháp, Khối trưởng.</div>"
            "<div class='detail-content'><p>Các thành viên thống nhất nội dung thi đua quý II.</p></div></body></html>")
    parser = FAMILIES["newspaper"]()
    page = parser.parse_article(html, "https://baokhanhhoa.vn/chinh-tri/202404/khoi-thi-dua-so-2-giao-ban-8155421/")
    assert page.text.startswith("Sáng 1/4, Khối thi đua số 2") and page.text.endswith("nội dung thi đua quý II.")
    assert page.published == "2024-04-02T07:30:00+07:00"
