from django.contrib import admin

from .models import Department, Membership, Organisation


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "parent", "credit_code")
    search_fields = ("code", "name")
    inlines = [DepartmentInline]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "org", "kind", "order")
    list_filter = ("org", "kind")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "org", "department", "role")
    list_filter = ("org", "role")
    autocomplete_fields = ("user",)
