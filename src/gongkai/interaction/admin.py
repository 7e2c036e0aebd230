"""Admins configure the channels (rename, add, close) and each agency's reply term here; messages
themselves are handled in the workbench, so that every step goes through the services and the audit log."""
from django.contrib import admin

from .models import Channel, MessageSettings


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "org", "is_open", "order")
    list_filter = ("org", "is_open")
    list_editable = ("is_open", "order")
    search_fields = ("name", "code")


@admin.register(MessageSettings)
class MessageSettingsAdmin(admin.ModelAdmin):
    list_display = ("org", "reply_term_working_days")
