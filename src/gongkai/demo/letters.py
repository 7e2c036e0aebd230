"""The demo agency's letter settings (文书设置): its 文号 代字, the 复议机关 and court named in the notice
of rights, the contact — set before the demo cases run, so every demo letter carries them."""
from __future__ import annotations

from gongkai.applications.models import LetterSettings
from gongkai.orgs.models import Organisation


def load_letter_settings(org: Organisation) -> LetterSettings:
    settings, _ = LetterSettings.objects.get_or_create(org=org, defaults={
        "number_prefix": "黔科", "reconsideration_body": "贵州省人民政府", "court": "贵阳市观山湖区人民法院",
        "contact_person": "王老师", "contact_phone": "0851-00000000",
    })
    return settings
