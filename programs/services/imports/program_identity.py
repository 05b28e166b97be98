"""Which stored program a row means: the program with the row's id in the Навигатор, else
the organization's program of the same title (case- and ё-insensitively)."""

from ...models import Program
from ..import_columns.columns import normalize_title
from .program_related import id_chunks, load_related


def existing_programs(rows):
    """(by Навигатор id, by (organization id, title)): the stored programs the rows may mean,
    with their related rows loaded. `rows` are (line, parsed cells, organization)."""
    navigator_ids = sorted({p["navigator_id"] for _, p, _ in rows if p.get("navigator_id")})
    organization_ids = {organization.pk for _, _, organization in rows}
    found = {p.pk: p for p in Program.objects.filter(organization_id__in=organization_ids)}
    # Programs of other organizations that the file names by their Навигатор id.
    for chunk in id_chunks(navigator_ids):
        for program in Program.objects.filter(navigator_id__in=chunk).exclude(
            organization_id__in=organization_ids
        ):
            found[program.pk] = program
    programs = [found[pk] for pk in sorted(found)]
    load_related(programs)
    by_navigator, by_title = {}, {}
    for program in programs:
        if program.navigator_id:
            by_navigator.setdefault(program.navigator_id, program)
        by_title.setdefault((program.organization_id, normalize_title(program.title)), program)
    return by_navigator, by_title


def stored_program(parsed, organization, existing):
    """(the stored program or None, the row's identities): two rows with an identity in
    common are the same program."""
    by_navigator, by_title = existing
    navigator_id = parsed.get("navigator_id") or ""
    title_key = (organization.pk, normalize_title(parsed["title"]))
    program = by_navigator.get(navigator_id) if navigator_id else None
    if program is None:
        # A program known under another Навигатор id is another program of the same name.
        namesake = by_title.get(title_key)
        other_id = namesake and navigator_id and namesake.navigator_id not in ("", navigator_id)
        program = None if other_id else namesake
    identities = [("navigator", navigator_id) if navigator_id else ("title", title_key)]
    if program is not None:
        identities.append(("program", program.pk))
    return program, identities
