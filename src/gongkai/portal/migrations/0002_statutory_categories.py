"""The fifteen items of 第二十条 of the Regulations (2019), each with the catalogue kinds and topics
that fill it by default; admins may change the mapping."""
from django.db import migrations

# (number, name, kinds, topic names, note)
CATEGORIES = [
    (1, "行政法规、规章和规范性文件", ["regulation", "normative_document"], [], ""),
    (2, "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名", [], [], "见“机构职能”栏目"),
    (3, "国民经济和社会发展规划、专项规划、区域规划及相关政策", ["plan"], [], ""),
    (4, "国民经济和社会发展统计信息", ["statistics"], [], ""),
    (5, "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果", ["project_notice"], [], ""),
    (6, "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定", [], [], ""),
    (7, "财政预算、决算信息", ["budget"], [], ""),
    (8, "行政事业性收费项目及其依据、标准", [], [], ""),
    (9, "政府集中采购项目的目录、标准及实施情况", [], [], ""),
    (10, "重大建设项目的批准和实施情况", [], [], ""),
    (11, "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况", [], ["扶贫", "教育", "劳动"], ""),
    (12, "突发公共事件的应急预案、预警信息及应对情况", [], ["救灾"], ""),
    (13, "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况", [], ["环境保护", "卫生", "安全生产监管", "市场监管"], ""),
    (14, "公务员招考的职位、名额、报考条件等事项以及录用结果", [], ["人事"], ""),
    (15, "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息", ["interpretation"], [], ""),
]


def load(apps, schema_editor):
    Category = apps.get_model("portal", "StatutoryCategory")
    Topic = apps.get_model("catalog", "Topic")
    for number, name, kinds, topics, note in CATEGORIES:
        category, created = Category.objects.get_or_create(number=number, defaults={"name": name, "kinds": kinds, "note": note})
        if created and topics:
            category.topics.set(Topic.objects.filter(name__in=topics))


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial"), ("catalog", "0002_topics")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
