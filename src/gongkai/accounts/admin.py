"""Admin for the three duties: duties are given through the service (the same rules as everywhere),
and bulk deletions made in admin land in the audit log like single ones."""
from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from gongkai.audit.services import audit_record
from gongkai.core.errors import GongkaiError

from . import services
from .models import AdminDuty


class AdminDutyForm(forms.ModelForm):
    """Shows the service's refusals (yourself, a review-chain role, the superuser) beside the form."""

    acting_user = None

    class Meta:
        model = AdminDuty
        fields = ["user", "duty"]

    def clean(self):
        data = super().clean()
        user = data.get("user")
        if user is not None:
            refusal = services.duty_refusal(user=user, by=self.acting_user)
            if refusal:
                raise ValidationError(refusal)
        return data

    def validate_unique(self):
        pass  # a user's duty is replaced by the service, not refused as a duplicate


@admin.register(AdminDuty)
class AdminDutyAdmin(admin.ModelAdmin):
    list_display = ("user", "duty", "granted_at")
    list_filter = ("duty",)
    autocomplete_fields = ("user",)
    actions = ["revoke_selected"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # revoking goes through the service (is_staff, audit)
        return actions

    def save_model(self, request, obj, form, change):
        services.duty_assign(user_id=obj.user_id, duty=obj.duty, by=request.user)

    def delete_model(self, request, obj):
        services.duty_revoke(user_id=obj.user_id, by=request.user)

    @admin.action(description="撤销所选管理员职责", permissions=["delete"])
    def revoke_selected(self, request, queryset):
        for duty in queryset:
            try:
                services.duty_revoke(user_id=duty.user_id, by=request.user)
            except GongkaiError as e:
                self.message_user(request, e.message, messages.ERROR)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, form=AdminDutyForm, **kwargs)
        form.acting_user = request.user
        return form


def audited_delete_selected(modeladmin, request, queryset):
    """Django's 删除所选 with one audit entry per object: admin logs bulk deletions in one
    bulk insert, which sends no signal."""
    confirmed = request.POST.get("post") and not request.POST.get("cancel")
    doomed = [(str(obj.pk), str(obj)) for obj in queryset] if confirmed else []
    response = django_delete_selected(modeladmin, request, queryset)
    if confirmed and response is None:
        for pk, text in doomed:
            audit_record("admin.deleted", by=request.user, data={
                "model": modeladmin.opts.label_lower, "object_id": pk, "object": text, "change": "删除所选"})
    return response


audited_delete_selected.short_description = django_delete_selected.short_description
audited_delete_selected.allowed_permissions = ("delete",)
# Groups give no power here (permissions come from the duty alone, duties.py): not offered.
admin.site.unregister(Group)
admin.site.disable_action("delete_selected")
admin.site.add_action(audited_delete_selected, "delete_selected")
