"""The columns of the 政府信息公开专栏, in the order the menu, the HTML 网站地图 and sitemap.xml list
them. The menu (portal/_nav.html) is a template for speed; tests check that it names each of these."""
from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Section:
    name: str
    url_name: str
    description: str
    children: tuple[tuple[str, str], ...] = ()  # (name, url name) of the pages under it

    @property
    def url(self) -> str:
        return reverse(self.url_name)

    def child_links(self) -> list[tuple[str, str]]:
        return [(name, reverse(url_name)) for name, url_name in self.children]


SECTIONS = (
    Section("首页", "portal:home", "最新公开信息与信息检索", (("新闻发布", "press:list"),)),
    Section("政府信息公开指南", "portal:guide", "公开的范围、方式、申请办法和监督救济"),
    Section("政府信息公开制度", "portal:rules", "本机关政府信息公开工作的各项制度"),
    Section("法定主动公开内容", "portal:statutory", "《条例》第二十条规定应当主动公开的十五项内容"),
    Section("机构职能", "portal:functions", "主要职责、机关领导、内设机构及联系方式"),
    Section("政府信息公开目录", "portal:catalog", "按主题、处室、类别、年份浏览公开信息",
            (("不予公开目录", "portal:non_public"), ("信息检索", "portal:search"), ("订阅更新（Atom）", "portal:feed"))),
    Section("依申请公开", "portal:on_request", "在线申请、申请查询与统计数据",
            (("在线申请", "applications_public:apply"), ("申请查询", "applications_public:track"),
             ("依申请公开统计", "applications_public:quarterly"))),
    Section("政府信息公开年报", "reports_public:index", "历年政府信息公开工作年度报告"),
    Section("专题专栏", "portal:specials", "重要会议、重点工作的专题信息"),
    Section("征求意见", "consultation_public:list", "政策文件草案公开征求意见"),
    Section("建议提案办理结果", "consultation_public:suggestions", "人大代表建议和政协提案办理结果"),
)


def portal_sections() -> tuple[Section, ...]:
    return SECTIONS
