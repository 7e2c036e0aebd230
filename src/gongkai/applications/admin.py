from django.contrib import admin

from gongkai.core.admin import ReadOnlyAdmin

from .models import Letter, LetterSettings, LetterTemplate


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    """Admins edit the letters' wording (one template per kind); cases are handled in the workbench."""

    list_display = ("letter_type", "title")


@admin.register(LetterSettings)
class LetterSettingsAdmin(admin.ModelAdmin):
    """Per agency: the 文号 pattern, the 复议机关 and court of the notice of rights, the contact."""

    list_display = ("org", "number_prefix", "number_pattern", "reconsideration_body", "court", "contact_person", "contact_phone")


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    """Issued letters are a record: admins may look them up, not change them."""

    list_display = ("number", "title", "application", "issued_on", "recipient")
    list_filter = ("kind", "year")
    search_fields = ("number", "application__number")
