"""The registered sites: real domains seen in the development corpus, one line each.

Listing URLs are the news sections the corpus URLs come from; none has been
checked live yet (`thidua sites check` does that). Provinces are the ones the
site belongs to as named at the time of its articles (before the July 2025
merger); `None` for national sites.
"""

from __future__ import annotations

from pipeline.sites import Site


def _s(key: str, domain: str, province: str | None, family: str, *listings: str, name: str = "") -> Site:
    scheme = "http" if domain in _HTTP_ONLY else "https"
    return Site(key=key, domain=domain, province=province, family=family,
                listings=tuple(f"{scheme}://{domain}{path}" for path in listings), name=name)


_HTTP_ONLY = {"thanhtra.thainguyen.gov.vn", "stnmt.quangtri.gov.vn", "soxd.vinhphuc.gov.vn", "ubmttq.dongnai.gov.vn",
              "sovhttdl.haiduong.gov.vn", "qeza.gov.vn", "stc.vinhlong.gov.vn", "vpubnd.laichau.gov.vn", "dost-bentre.gov.vn",
              "ubmttq.gialai.gov.vn", "congan.dienbien.gov.vn", "chuthapdo.quangtri.gov.vn", "cdc.ninhbinh.gov.vn",
              "sonoivu.hatinh.gov.vn", "vhttdldaklak.gov.vn", "snntuyenquang.gov.vn", "vhttdlqnam.gov.vn",
              "baobariavungtau.com.vn", "baodongnai.vn", "baonamdinh.vn", "baoninhthuan.com.vn", "ict-binhphuoc.gov.vn"}

SITES: tuple[Site, ...] = (
    # Liferay
    _s("snv_bacninh", "snv.bacninh.gov.vn", "Bắc Ninh", "liferay", "/tin-tuc", name="Sở Nội vụ Bắc Ninh"),
    _s("quangngai", "quangngai.gov.vn", "Quảng Ngãi", "liferay", "/web/portal-qni/tin-tuc-su-kien", name="Cổng TTĐT tỉnh Quảng Ngãi"),
    _s("sovhttdl_quangngai", "sovhttdl.quangngai.gov.vn", "Quảng Ngãi", "liferay", "/web/so-van-hoa-the-thao-va-du-lich/tin-tuc",
       name="Sở VH-TT&DL Quảng Ngãi"),
    _s("thanhtra_thainguyen", "thanhtra.thainguyen.gov.vn", "Thái Nguyên", "liferay", "/tin-thanh-tra", name="Thanh tra tỉnh Thái Nguyên"),
    _s("danang", "danang.gov.vn", "Đà Nẵng", "liferay", "/web/guest/chinh-quyen", name="Cổng TTĐT TP Đà Nẵng"),
    _s("hoabinh", "hoabinh.gov.vn", "Hòa Bình", "liferay", "/thoi-su-trong-ngay", name="Cổng TTĐT tỉnh Hòa Bình"),
    _s("binhdinh_dcs", "binhdinh.dcs.vn", "Bình Định", "liferay", "/cac-co-quan-tham-muu-tinh-uy", name="Tỉnh ủy Bình Định"),
    _s("sct_quangbinh", "sct.quangbinh.gov.vn", "Quảng Bình", "liferay", "/tin-tuc", name="Sở Công Thương Quảng Bình"),
    _s("sngv_quangbinh", "sngv.quangbinh.gov.vn", "Quảng Bình", "liferay", "/tin-tuc", name="Sở Ngoại vụ Quảng Bình"),
    _s("baobacninh", "baobacninh.com.vn", "Bắc Ninh", "liferay", "/web/bbn/chinh-tri-xa-hoi", name="Báo Bắc Ninh"),
    # SharePoint
    _s("thaibinh", "portal.thaibinh.gov.vn", "Thái Bình", "sharepoint", "/tintuc/Pages/tin-so-nganh.aspx", name="Cổng TTĐT tỉnh Thái Bình"),
    _s("ninhthuan", "www.ninhthuan.gov.vn", "Ninh Thuận", "sharepoint", "/chinhquyen/sonv/Pages/default.aspx", name="Sở Nội vụ Ninh Thuận"),
    _s("stnmt_quangtri", "stnmt.quangtri.gov.vn", "Quảng Trị", "sharepoint", "/Pages/tin-tuc.aspx", name="Sở TN&MT Quảng Trị"),
    _s("soxd_vinhphuc", "soxd.vinhphuc.gov.vn", "Vĩnh Phúc", "sharepoint", "/noidung/tintuc/Lists/ThoiSuTongHop/View_Tintuc.aspx",
       name="Sở Xây dựng Vĩnh Phúc"),
    _s("ict_backan", "ict.backan.gov.vn", "Bắc Kạn", "sharepoint", "/Pages/thi-dua-khen-thuong-581.aspx", name="Sở TT&TT Bắc Kạn"),
    _s("sonoivu_backan", "sonoivu.backan.gov.vn", "Bắc Kạn", "sharepoint", "/Pages/thong-tin-hoat-dong-387/tin-tuc-417.aspx",
       name="Sở Nội vụ Bắc Kạn"),
    _s("ubmttq_dongnai", "ubmttq.dongnai.gov.vn", "Đồng Nai", "sharepoint", "/Pages/hoat-dong.aspx?TopicID=1", name="UBMTTQ tỉnh Đồng Nai"),
    _s("bhxh_lamdong", "lamdong.baohiemxahoi.gov.vn", "Lâm Đồng", "sharepoint", "/tintuc/Pages/hoat-dong-he-thong-bhxh.aspx?CateID=251",
       name="BHXH tỉnh Lâm Đồng"),
    # custom ASP.NET
    _s("sovhttdl_haiduong", "sovhttdl.haiduong.gov.vn", "Hải Dương", "aspnet", "/pages/tintuc.aspx", name="Sở VH-TT&DL Hải Dương"),
    _s("qeza", "qeza.gov.vn", "Quảng Ninh", "aspnet", "/default.aspx?mid=news", name="BQL Khu kinh tế Quảng Ninh"),
    _s("thuathienhue", "thuathienhue.gov.vn", "Thừa Thiên Huế", "aspnet", "/vi-vn/Tin-so-nganh-dia-phuong", name="Cổng TTĐT Thừa Thiên Huế"),
    _s("stc_vinhlong", "stc.vinhlong.gov.vn", "Vĩnh Long", "aspnet", "/Default.aspx?tabid=108", name="Sở Tài chính Vĩnh Long"),
    _s("vpubnd_laichau", "vpubnd.laichau.gov.vn", "Lai Châu", "aspnet", "/TinTuc.aspx", name="Văn phòng UBND tỉnh Lai Châu"),
    _s("dost_bentre", "dost-bentre.gov.vn", "Bến Tre", "aspnet", "/TinTuc/DanhSach.aspx", name="Sở KH&CN Bến Tre"),
    _s("ict_binhphuoc", "ict-binhphuoc.gov.vn", "Bình Phước", "aspnet", "/vn/news.aspx", name="Sở TT&TT Bình Phước"),
    _s("snv_kiengiang", "snv.kiengiang.gov.vn", "Kiên Giang", "aspnet", "/trang/TinTuc/18/tin-tuc.html", name="Sở Nội vụ Kiên Giang"),
    _s("btgtu_binhthuan", "btgtu.binhthuan.dcs.vn", "Bình Thuận", "aspnet", "/Trang-chu", name="Ban Tuyên giáo Tỉnh ủy Bình Thuận"),
    _s("ubmttq_gialai", "ubmttq.gialai.gov.vn", "Gia Lai", "aspnet", "/kkk/Tin-An-ninh-chinh-tri.aspx", name="UBMTTQ tỉnh Gia Lai"),
    # Oracle WebCenter
    _s("bandantoc_quangnam", "bandantoc.quangnam.gov.vn", "Quảng Nam", "webcenter", "/webcenter/portal/bandantoc/pages_tin-tuc",
       name="Ban Dân tộc Quảng Nam"),
    _s("snnptnt_quangnam", "snnptnt.quangnam.gov.vn", "Quảng Nam", "webcenter", "/webcenter/portal/sonnvptnt/pages_tin-tuc",
       name="Sở NN&PTNT Quảng Nam"),
    _s("sotuphap_quangnam", "sotuphap.quangnam.gov.vn", "Quảng Nam", "webcenter", "/webcenter/portal/sotuphap/pages_tin-tuc",
       name="Sở Tư pháp Quảng Nam"),
    _s("toaan_bentre", "bentre.toaan.gov.vn", "Bến Tre", "webcenter", "/webcenter/portal/bentre/tintuc", name="TAND tỉnh Bến Tre"),
    _s("toaan_thainguyen", "thainguyen.toaan.gov.vn", "Thái Nguyên", "webcenter", "/webcenter/portal/thainguyen/tintuc?mucHienThi=1000361",
       name="TAND tỉnh Thái Nguyên"),
    # slug CMSs (NukeViet, WordPress, Joomla)
    _s("dbnd_hagiang", "dbnd.hagiang.gov.vn", "Hà Giang", "slugcms", "/index.php?nv=news", name="Đoàn ĐBQH và HĐND Hà Giang"),
    _s("congan_dienbien", "congan.dienbien.gov.vn", "Điện Biên", "slugcms", "/news/CADB/", name="Công an tỉnh Điện Biên"),
    _s("chuthapdo_quangtri", "chuthapdo.quangtri.gov.vn", "Quảng Trị", "slugcms", "/index.php/vi/news/Tin-tuc-Su-kien/",
       name="Hội Chữ thập đỏ Quảng Trị"),
    _s("sotp_langson", "sotp.langson.gov.vn", "Lạng Sơn", "slugcms", "/tin-tuc-su-kien", name="Sở Tư pháp Lạng Sơn"),
    _s("cdc_ninhbinh", "cdc.ninhbinh.gov.vn", "Ninh Bình", "slugcms", "/tin-tuc-su-kien", name="CDC Ninh Bình"),
    _s("sonoivu_hatinh", "sonoivu.hatinh.gov.vn", "Hà Tĩnh", "slugcms", "/snv/portal/folder/tin-trong-nganh", name="Sở Nội vụ Hà Tĩnh"),
    _s("socongthuong_backan", "socongthuong.backan.gov.vn", "Bắc Kạn", "slugcms", "/tin-tuc/", name="Sở Công Thương Bắc Kạn"),
    _s("vhttdl_daklak", "vhttdldaklak.gov.vn", "Đắk Lắk", "slugcms", "/thoi-su", name="Sở VH-TT&DL Đắk Lắk"),
    _s("iza_namdinh", "iza.namdinh.gov.vn", "Nam Định", "slugcms", "/tin-tuc-su-kien", name="BQL các KCN Nam Định"),
    _s("snn_tuyenquang", "snntuyenquang.gov.vn", "Tuyên Quang", "slugcms", "/tin-tuc/tin-hoat-dong", name="Sở NN&PTNT Tuyên Quang"),
    _s("toaan_quangnam", "toaanquangnam.gov.vn", "Quảng Nam", "slugcms", "/tin-tuc/", name="TAND tỉnh Quảng Nam"),
    _s("quynhon", "quynhon.gov.vn", "Bình Định", "slugcms", "/index.php/tin-tuc-su-kien", name="TP Quy Nhơn"),
    # newspaper CMSs
    _s("baokhanhhoa", "baokhanhhoa.vn", "Khánh Hòa", "newspaper", "/chinh-tri/", name="Báo Khánh Hòa"),
    _s("baobariavungtau", "baobariavungtau.com.vn", "Bà Rịa - Vũng Tàu", "newspaper", "/chinh-tri/", name="Báo Bà Rịa - Vũng Tàu"),
    _s("baodongnai", "baodongnai.vn", "Đồng Nai", "newspaper", "/tintuc/", name="Báo Đồng Nai"),
    _s("baodaklak", "baodaklak.vn", "Đắk Lắk", "newspaper", "/channel/3482/", name="Báo Đắk Lắk"),
    _s("baodanang", "baodanang.vn", "Đà Nẵng", "newspaper", "/channel/5399/", name="Báo Đà Nẵng"),
    _s("baonamdinh", "baonamdinh.vn", "Nam Định", "newspaper", "/channel/5083/", name="Báo Nam Định"),
    _s("baovinhlong", "baovinhlong.com.vn", "Vĩnh Long", "newspaper", "/thoi-su/", name="Báo Vĩnh Long"),
    _s("baothainguyen", "baothainguyen.vn", "Thái Nguyên", "newspaper", "/thoi-su-trong-tinh/", name="Báo Thái Nguyên"),
    _s("baoangiang", "baoangiang.com.vn", "An Giang", "newspaper", "/chinh-tri/", name="Báo An Giang"),
    _s("baotayninh", "baotayninh.vn", "Tây Ninh", "newspaper", "/chinh-tri/", name="Báo Tây Ninh"),
    _s("baobinhduong", "baobinhduong.vn", "Bình Dương", "newspaper", "/chinh-tri/", name="Báo Bình Dương"),
    _s("baodongkhoi", "baodongkhoi.vn", "Bến Tre", "newspaper", "/chinh-tri/", name="Báo Đồng Khởi"),
    _s("baobackan", "baobackan.com.vn", "Bắc Kạn", "newspaper", "/chinh-tri/", name="Báo Bắc Kạn"),
    _s("baogialai", "baogialai.com.vn", "Gia Lai", "newspaper", "/chinh-tri/", name="Báo Gia Lai"),
    _s("baophutho", "baophutho.vn", "Phú Thọ", "newspaper", "/chinh-tri/", name="Báo Phú Thọ"),
    _s("baohaiduong", "baohaiduong.vn", "Hải Dương", "newspaper", "/chinh-tri/", name="Báo Hải Dương"),
    _s("baolangson", "baolangson.vn", "Lạng Sơn", "newspaper", "/chinh-tri/", name="Báo Lạng Sơn"),
    _s("baoquangnam", "baoquangnam.vn", "Quảng Nam", "newspaper", "/chinh-tri/", name="Báo Quảng Nam"),
    _s("baoninhthuan", "baoninhthuan.com.vn", "Ninh Thuận", "newspaper", "/news/chinh-tri/", name="Báo Ninh Thuận"),
    _s("baobinhphuoc", "baobinhphuoc.com.vn", "Bình Phước", "newspaper", "/news/1/", name="Báo Bình Phước"),
    _s("truyenhinhnghean", "truyenhinhnghean.vn", "Nghệ An", "newspaper", "/thoi-su/", name="Đài PT-TH Nghệ An"),
    # no family: the trafilatura + htmldate fallback
    _s("bvdktu_thainguyen", "bvdktuthainguyen.gov.vn", "Thái Nguyên", "generic", "/article", name="BV Đa khoa Trung ương Thái Nguyên"),
    _s("caobang", "www.caobang.gov.vn", "Cao Bằng", "generic", "/tin-tuc", name="Cổng TTĐT tỉnh Cao Bằng"),
    _s("phunu_hcm", "phunu.hochiminhcity.gov.vn", "Hồ Chí Minh", "generic", "/tin-tuc", name="Hội LHPN TP Hồ Chí Minh"),
)
