"""The admin's per-organization scoping, one mixin for every admin whose rows belong to an
organization.

Who manages which organizations is the catalogue's rule (`programs.permissions`); an admin
names it in `organizations_of` (a function of the user: a queryset of organizations, or None
for all of them). The mixin applies it the same way everywhere: the list and every object
page show only the person's organizations' rows, the organization fields offer only theirs
(and are filled in when there is just one), and some fields are read-only to them.
"""


class OrganizationScopedAdmin:
    organizations_of = None  # staticmethod(user -> organizations or None)
    organization_lookup = "organization"  # from the admin's model; "pk" for organizations
    scoped_foreign_keys = ()  # form fields that offer only the person's organizations
    readonly_when_scoped = ()  # fields only those who manage every organization may change

    def managed_organizations(self, request):
        return self.organizations_of(request.user)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        organizations = self.managed_organizations(request)
        if organizations is None:
            return queryset
        return queryset.filter(**{f"{self.organization_lookup}__in": organizations.values("pk")})

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if self.readonly_when_scoped and self.managed_organizations(request) is not None:
            readonly = (*readonly, *self.readonly_when_scoped)
        return readonly

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.scoped_foreign_keys:
            organizations = self.managed_organizations(request)
            if organizations is not None:
                kwargs["queryset"] = organizations
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if not self.scoped_foreign_keys:
            return initial
        organizations = self.managed_organizations(request)
        if organizations is not None:
            own = list(organizations.values_list("pk", flat=True)[:2])
            if len(own) == 1:
                for name in self.scoped_foreign_keys:
                    initial.setdefault(name, own[0])
        return initial
