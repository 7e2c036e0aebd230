from django.contrib import admin

from .models import LetterTemplate


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    """Admins edit the reply letters' wording; cases are handled in the workbench."""

    list_display = ("letter_type", "title")
