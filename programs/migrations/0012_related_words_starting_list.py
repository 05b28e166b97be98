"""A starting list of related words for the catalogue's search; methodists edit it in the admin.

Only words a parent means by another word: «шахматы» is not «шашки», «футбол» is not «спорт»."""

from django.db import migrations

STARTING_LIST = {
    "рисование": "рисунок, живопись, изо, изостудия, изобразительный, графика",
    "рисовать": "рисунок, живопись, изо, изостудия, изобразительный, графика",
    "изо": "изостудия, изобразительный, рисунок, живопись",
    "живопись": "рисунок, изостудия",
    "танцы": "хореография, хореографический, балет",
    "танец": "хореография, хореографический, балет",
    "хореография": "танцы, танцевальный",
    "пение": "вокал, вокальный, хор, хоровой",
    "петь": "вокал, вокальный, хор, хоровой",
    "вокал": "пение, хор, хоровой",
    "музыка": "музыкальный, вокал, фортепиано, гитара, оркестр",
    "театр": "театральный, актерский, сценический",
    "лепка": "керамика, глина, пластилин",
    "рукоделие": "вязание, шитье, вышивка, бисероплетение",
    "программирование": "информатика, программист, python, scratch",
    "компьютер": "информатика, программирование, компьютерный",
    "роботы": "робототехника, lego",
    "конструирование": "робототехника, lego, моделирование",
    "туризм": "туристский, туристический, поход, краеведение",
    "краеведение": "краеведческий, музей, туризм",
    "плавание": "бассейн",
    "журналистика": "медиа, медиацентр, пресс",
}


def add_starting_list(apps, schema_editor):
    related_words = apps.get_model("programs", "RelatedWords")
    for word, related in STARTING_LIST.items():
        related_words.objects.get_or_create(word=word, defaults={"related": related})


class Migration(migrations.Migration):
    dependencies = [("programs", "0011_related_words_for_search")]

    operations = [migrations.RunPython(add_starting_list, migrations.RunPython.noop)]
