"""The articles the replicas serve: written for the tests, plus the two seed articles of corpus/."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Story:
    slug: str
    title: str
    published: str            # as the site shows it: "dd/mm/yyyy HH:MM"
    paragraphs: list[str]
    author: str = ""
    relevant: bool = True
    caption: str = ""         # a photo caption between paragraphs (furniture)
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def iso_date(self) -> str:
        day, month, rest = self.published.split("/")
        return f"{rest[:4]}-{int(month):02d}-{int(day):02d}"

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


STORIES: list[Story] = [
    Story("khoi-thi-dua-so-3-tong-ket-nam-2023", "Khối thi đua số 3 tổng kết công tác thi đua, khen thưởng năm 2023",
          "12/01/2024 09:15", [
              "Ngày 10/01/2024, tại Hội trường Sở Tài chính, Khối thi đua số 3 tổ chức Hội nghị tổng kết công tác thi đua, "
              "khen thưởng năm 2023 và triển khai nhiệm vụ năm 2024.",
              "Khối thi đua số 3 gồm 6 đơn vị: Sở Tài chính (Khối trưởng), Sở Xây dựng (Khối phó), Sở Giao thông vận tải, "
              "Sở Công Thương, Cục Thuế tỉnh và Kho bạc Nhà nước tỉnh. Dự và chỉ đạo hội nghị có bà Lê Thị Thu Hà, "
              "Phó Trưởng Ban Thi đua - Khen thưởng tỉnh.",
              "Qua chấm điểm, Sở Công Thương đạt 97,5/100 điểm, được các thành viên suy tôn dẫn đầu Khối và đề nghị UBND "
              "tỉnh tặng Cờ thi đua. Hội nghị bầu Sở Xây dựng làm Khối trưởng, Cục Thuế tỉnh làm Khối phó năm 2024.",
          ], author="Minh Châu", caption="Quang cảnh hội nghị. Ảnh: Minh Châu"),
    Story("cum-thi-dua-cac-huyen-mien-nui-ky-giao-uoc-2024", "Cụm thi đua các huyện miền núi ký kết giao ước thi đua năm 2024",
          "05/03/2024 14:30", [
              "Sáng 04/3/2024, Cụm thi đua các huyện miền núi tổ chức Hội nghị ký kết giao ước thi đua năm 2024 tại huyện Sơn Hà.",
              "Tham dự có ông Trần Văn Bình, Phó Chủ tịch UBND huyện Sơn Hà, Cụm trưởng năm 2024, cùng lãnh đạo các huyện "
              "Sơn Tây, Minh Long, Ba Tơ và Trà Bồng là thành viên của Cụm.",
              "Các đơn vị thống nhất 5 nội dung thi đua trọng tâm, trong đó tập trung giảm nghèo bền vững và xây dựng nông thôn mới.",
          ], author="Thanh Tâm"),
    Story("gia-lua-dong-xuan-tang-nong-dan-phan-khoi", "Giá lúa Đông Xuân tăng, nông dân phấn khởi",
          "06/03/2024 08:00", [
              "Những ngày này, nông dân các xã ven sông đang thu hoạch lúa Đông Xuân. Năng suất bình quân đạt trên 7 tấn mỗi héc-ta.",
              "Thương lái thu mua lúa tươi tại ruộng với giá cao hơn cùng kỳ năm trước khoảng 800 đồng mỗi ki-lô-gam, "
              "giúp bà con có lãi khá sau nhiều vụ khó khăn.",
          ], author="Hoàng Nam", relevant=False),
    Story("khoi-cac-co-quan-noi-chinh-so-ket-6-thang-2024", "Khối các cơ quan Nội chính sơ kết thi đua 6 tháng đầu năm 2024",
          "18/07/2024 16:45", [
              "Chiều 17/7/2024, Khối thi đua các cơ quan Nội chính tỉnh tổ chức hội nghị sơ kết công tác thi đua, khen thưởng "
              "6 tháng đầu năm 2024. Đại tá Nguyễn Hữu Phước, Phó Giám đốc Công an tỉnh, Khối trưởng, chủ trì hội nghị.",
              "Các thành viên Khối gồm Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh, Tòa án nhân dân tỉnh, Viện Kiểm sát nhân dân tỉnh, "
              "Cục Thi hành án dân sự tỉnh và Thanh tra tỉnh đã báo cáo kết quả thực hiện giao ước thi đua.",
              "Hội nghị thống nhất tổ chức chấm điểm chéo vào tháng 12 và đề nghị khen thưởng các tập thể có thành tích xuất sắc.",
          ], author="Hải Yến"),
    Story("le-hoi-van-hoa-am-thuc-dau-xuan", "Sôi nổi lễ hội văn hóa ẩm thực đầu xuân",
          "20/02/2024 19:20", [
              "Lễ hội văn hóa ẩm thực đầu xuân thu hút hàng nghìn lượt người dân và du khách đến tham quan, thưởng thức các món ăn truyền thống.",
              "Ban tổ chức bố trí hơn 50 gian hàng giới thiệu đặc sản của các địa phương, cùng nhiều trò chơi dân gian cho thiếu nhi.",
          ], author="Ngọc Lan", relevant=False),
    Story("cum-thi-dua-so-5-doanh-nghiep-tong-ket-2023", "Cụm thi đua số 5 các doanh nghiệp tổng kết năm 2023",
          "28/12/2023 10:05", [
              "Ngày 27/12/2023, Cụm thi đua số 5 gồm các doanh nghiệp nhà nước trên địa bàn tỉnh tổng kết phong trào thi đua năm 2023.",
              "Công ty Điện lực tỉnh được các thành viên suy tôn dẫn đầu Cụm với 995/1000 điểm, Công ty Cấp thoát nước xếp thứ nhì.",
              "Hội nghị bầu Công ty Cấp thoát nước làm Cụm trưởng và Công ty Xổ số kiến thiết làm Cụm phó năm 2024.",
          ], author="Quốc Việt"),
    Story("khoi-van-hoa-xa-hoi-phat-dong-thi-dua-2024", "Khối Văn hóa - Xã hội phát động phong trào thi đua năm 2024",
          "22/02/2024 15:00", [
              "Sáng 21/02/2024, Khối thi đua Văn hóa - Xã hội tỉnh phát động phong trào thi đua năm 2024 với chủ đề đoàn kết, "
              "sáng tạo, hoàn thành thắng lợi nhiệm vụ được giao.",
              "Bà Phạm Thị Mai, Giám đốc Sở Y tế, Khối trưởng năm 2024 phát biểu, đề nghị các đơn vị thành viên đăng ký chỉ tiêu cụ thể.",
          ], author="Bảo Ngọc"),
    Story("sua-chua-duong-tinh-lo-truoc-mua-mua", "Khẩn trương sửa chữa đường tỉnh lộ trước mùa mưa",
          "02/04/2024 07:30", [
              "Sở Giao thông vận tải đang chỉ đạo các nhà thầu khẩn trương sửa chữa những đoạn đường tỉnh lộ xuống cấp trước mùa mưa bão.",
              "Tổng kinh phí sửa chữa dự kiến khoảng 12 tỷ đồng, hoàn thành trong tháng 6.",
          ], author="Đức Anh", relevant=False),
    Story("khoi-thi-dua-cac-truong-dai-hoc-tong-ket-nam-hoc", "Khối thi đua các trường đại học, cao đẳng tổng kết năm học 2023-2024",
          "08/08/2024 11:10", [
              "Ngày 07/8/2024, Khối thi đua các trường đại học, cao đẳng tỉnh tổng kết công tác thi đua năm học 2023-2024.",
              "Trường Đại học Phạm Văn Đồng được suy tôn dẫn đầu Khối và đề nghị Bộ Giáo dục và Đào tạo tặng Cờ thi đua.",
              "Trường Cao đẳng Y tế được bầu làm Khối trưởng năm học 2024-2025.",
          ], author="Thu Hằng"),
    Story("hoi-thi-tieng-hat-cong-nhan-vien-chuc", "Hội thi tiếng hát công nhân viên chức năm 2024",
          "15/05/2024 20:00", [
              "Hội thi tiếng hát công nhân, viên chức, lao động năm 2024 thu hút 25 đội văn nghệ tham gia với hơn 300 diễn viên quần chúng.",
              "Kết thúc hội thi, Ban tổ chức trao 1 giải nhất, 2 giải nhì, 3 giải ba và nhiều giải khuyến khích.",
          ], author="Kim Oanh", relevant=False),
]


def seed_stories() -> list[Story]:
    """The two seed articles of corpus/ (their own title, date and paragraphs)."""
    out = []
    for name, slug, stamp in (("seed-000", "tong-ket-khoi-thi-dua-so-4-nam-2019", "13/02/2020 08:00"),
                              ("seed-004", "tong-ket-khoi-thi-dua-so-2-nam-2018", "13/03/2019 15:38")):
        data = json.loads((ROOT / "corpus" / f"{name}.json").read_text(encoding="utf-8"))
        paras = [p.strip() for p in data["text"].split("\n") if len(p.strip()) > 60 and not p.strip().startswith(data["title"][:40])]
        out.append(Story(slug, data["title"], stamp, paras))
    return out
