"""The contract between `seed_demo` and each app's `demo` module.

`seed_demo` finds every installed app's `demo` module by itself (no app is named in the
wiring), so a new app adds its demo data by adding `<app>/demo.py` with:

    DEMO_ORDER = 20                      # lower builds first and is deleted last
    def build_demo(*, seed, programs, organizations, **options): ...
    def delete_demo(): ...
    def has_demo_data(): ...             # optional: True when the app already holds data
"""


class DemoDataError(Exception):
    """The demo data cannot be written; the message is for the person at the console."""
