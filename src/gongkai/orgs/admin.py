from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from .models import Department, Leader, Membership, Organisation


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0
    fields = ("name", "kind", "order", "phone", "duties")


class LeaderInline(admin.TabularInline):
    model = Leader
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "parent", "credit_code")
    search_fields = ("code", "name")
    inlines = [LeaderInline, DepartmentInline]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "org", "kind", "order")
    list_filter = ("org", "kind")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "org", "department", "role")
    list_filter = ("org", "role")
    autocomplete_fields = ("user",)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    verbose_name = "岗位（机关、处室、角色）"


admin.site.unregister(User)


@admin.register(User)
class GongkaiUserAdmin(UserAdmin):
    """Users with their roles on one page: who is 信息员, 处室负责人 or 公开主管 where."""

    inlines = [MembershipInline]

    def get_fieldsets(self, request, obj=None):
        """Who is staff or superuser follows from the duties (三员分立), given by the security
        administrator; groups and per-user permissions are not used. Only the installation's
        superuser sees those fields."""
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        hidden = {"is_staff", "is_superuser", "groups", "user_permissions"}
        return [(name, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]}) for name, opts in fieldsets]
