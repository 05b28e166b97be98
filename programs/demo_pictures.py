"""Demo photos of programs and logos of organizations, drawn locally (core.demo.demo_picture),
so the demo's pages show images as a real catalogue does. Only some have them, as in life."""

from moc_portal.core.demo import demo_picture

from .models import Organization, Program

LOGOS = 8
PHOTOS = 24


def add_demo_pictures():
    organizations = Organization.objects.order_by("pk")[:LOGOS]
    for number, organization in enumerate(organizations):
        organization.logo.save("logo.png", demo_picture(number, "logo.png", (320, 320)), save=False)
        Organization.objects.filter(pk=organization.pk).update(logo=organization.logo.name)
    programs = Program.objects.public().select_related("direction").order_by("pk")[:PHOTOS]
    for number, program in enumerate(programs):
        program.photo.save("photo.jpg", demo_picture(number, "photo.jpg"), save=False)
        Program.objects.filter(pk=program.pk).update(
            photo=program.photo.name,
            photo_alt=f"Занятие объединения «{program.title[:120]}»: рисунок для демонстрации",
        )
