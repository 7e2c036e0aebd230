"""`gongkai rekey`: re-encrypts personal data under the first key of GONGKAI_DATA_KEYS and recomputes
the blind indexes — the middle step of a key rotation (docs/security.md)."""
from __future__ import annotations

from gongkai.core.cli import GongkaiCommand


class Command(GongkaiCommand):
    help = "轮换密钥：以 GONGKAI_DATA_KEYS 的第一个密钥重新加密全部个人信息，并重算盲索引"

    def handle(self, *args, **options):
        from gongkai.applications.retention import personal_data_rekey

        self.print_json(personal_data_rekey())
