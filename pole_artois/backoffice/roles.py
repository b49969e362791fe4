"""The two roles of the Pôle's staff, written once as code.

The data migration, every `migrate` (post_migrate) and the `sync_roles` command apply this
definition, so a model added later is covered without anyone ticking boxes in the admin, and a
group's permissions are always exactly what is written here.

A permission is written `app_label.codename`; the codename may use shell wildcards
(`institution.*_seance` = add, change, delete, view and publish séances). A pattern that matches
nothing (its model does not exist yet) is skipped and reported.
"""

from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import DEFAULT_DB_ALIAS

DIRECTION = "Direction"
ADMINISTRATION = "Administration"

# Apps holding public content and the Pôle's own records, all edited in the admin.
CONTENT_APPS = ("territoire", "partenaires", "chantiers", "institution")

ROLES = {
    # The director: all content, its publication, and the accounts of the Administration group
    # (StaffUserAdmin keeps other accounts out of reach).
    DIRECTION: [
        *(f"{app}.*" for app in CONTENT_APPS),
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
        "auth.delete_user",
        # Who was locked out after failed log-ins; deleting an attempt lifts the lock-out.
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "axes.view_accesslog",
        # Who follows what by e-mail: read, and delete an address when its owner asks.
        "following.view_follower",
        "following.delete_follower",
        "following.view_subscription",
    ],
    # The administrative officer: official acts, news drafts, contact messages, partners; never
    # publishes news or objectives, never manages accounts.
    ADMINISTRATION: [
        "institution.*_seance",
        "institution.*_deliberation",
        # The trace of a correction or withdrawal of a published act.
        "institution.*_deliberationchange",
        "institution.*_minutescorrection",
        "institution.view_article",
        "institution.add_article",
        "institution.change_article",
        # To name the objectives a news item is about (the field searches them).
        "chantiers.view_objective",
        "institution.view_contactmessage",
        "institution.change_contactmessage",
        "institution.delete_contactmessage",
        "partenaires.*",
    ],
}


@dataclass
class RoleReport:
    permissions: int = 0
    unmatched: list = field(default_factory=list)


def publish_codename(opts):
    return f"publish_{opts.model_name}"


def groups_allowed(permission):
    """The roles granted `permission` (`app_label.codename`), to tell people whom to ask."""
    app_label, codename = permission.split(".", 1)
    return [
        name
        for name, patterns in ROLES.items()
        if any(
            pattern.split(".", 1)[0] == app_label
            and fnmatchcase(codename, pattern.split(".", 1)[1])
            for pattern in patterns
        )
    ]


def is_publishable(model):
    """Publishable content, recognised by its fields so that historical models qualify too."""
    names = {f.name for f in model._meta.get_fields()}
    return {"status", "published_at"} <= names


def create_missing_permissions(apps=global_apps, using=DEFAULT_DB_ALIAS):
    """Django creates permissions after `migrate`; roles need them earlier, in the migration.

    Also creates `publish_<model>` for every publishable content model: the right to put that
    content online (see PublicationPermissionMixin).
    """
    for app_config in apps.get_app_configs():
        if not any(True for _ in app_config.get_models()):
            continue
        # Historical app configs (inside a migration) have no models module of their own.
        app_config.models_module = getattr(app_config, "models_module", None) or True
        create_contenttypes(app_config, verbosity=0, using=using, apps=apps)
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model in content_models(apps):
        if is_publishable(model):
            opts = model._meta
            Permission.objects.using(using).get_or_create(
                content_type=ContentType.objects.db_manager(using).get_for_model(model),
                codename=publish_codename(opts),
                defaults={"name": f"Can publish {opts.verbose_name_raw}"},
            )


def content_models(apps=global_apps):
    for label in CONTENT_APPS:
        try:
            yield from apps.get_app_config(label).get_models()
        except LookupError:
            continue


def sync_roles(apps=global_apps, using=DEFAULT_DB_ALIAS):
    """Create the groups if needed and give each exactly the permissions of ROLES."""
    create_missing_permissions(apps, using)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    by_app = {}
    for permission in Permission.objects.using(using).select_related("content_type"):
        by_app.setdefault(permission.content_type.app_label, []).append(permission)
    reports = {}
    for name, patterns in ROLES.items():
        report = reports[name] = RoleReport()
        chosen = set()
        for pattern in patterns:
            app_label, codename = pattern.split(".", 1)
            matched = [p for p in by_app.get(app_label, []) if fnmatchcase(p.codename, codename)]
            if not matched:
                report.unmatched.append(pattern)
            chosen.update(matched)
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set(chosen)
        report.permissions = len(chosen)
    return reports


def sync_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    # The models of the code, not of the migration state: roles cover a model as soon as it exists.
    sync_roles(global_apps, using)


def load(stdout):
    """load_demo's step: the roles, covering every model the other loaders filled."""
    for group, report in sync_roles().items():
        stdout.write(f"Roles: {group} has {report.permissions} permissions.")
