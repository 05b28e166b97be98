"""The measuring instruments: axe-core in the page, the Nu HTML checker on the HTML."""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlparse

from .conftest import AXE_JS, VNU_JAR, missing

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


def axe_source():
    if not AXE_JS.exists():
        missing("axe-core is not installed (make node_modules)")
    return AXE_JS.read_text()


def run_axe(page, source):
    """axe's violations on the loaded page (the context must bypass CSP to inject it)."""
    page.add_script_tag(content=source)
    return page.evaluate(
        """async (tags) => (await axe.run(document, {
             runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]
           })).violations.map(v => ({
             id: v.id, impact: v.impact, help: v.help,
             targets: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
             count: v.nodes.length}))""",
        AXE_TAGS,
    )


def blocking(violations):
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS]


def run_vnu(documents):
    """{name: html} → {name: [error messages]} from one run of the Nu HTML checker."""
    java = shutil.which("java")
    if not java:
        missing("Java is not installed (the Nu HTML checker needs it)")
    if not VNU_JAR.exists():
        missing("vnu-jar is not installed (make node_modules)")
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for name, html in documents.items():
            path = Path(folder) / f"{name}.html"
            path.write_text(html, encoding="utf-8")
            files.append(str(path))
        completed = subprocess.run(
            [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
            capture_output=True,
            text=True,
            timeout=300,
        )
    # vnu writes its JSON report to stderr; messages name the file they are about.
    report = json.loads(completed.stderr or '{"messages": []}')
    errors = {name: [] for name in documents}
    for message in report["messages"]:
        name = Path(urlparse(message.get("url", "")).path).stem
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine')}: {message.get('message')}"
        )
    return errors


def record(kind, label, found):
    """Append a measurement to $A11Y_REPORT (a JSON-lines file) for the issue's note."""
    target = os.environ.get("A11Y_REPORT")
    if target:
        with open(target, "a", encoding="utf-8") as report:
            report.write(json.dumps({"kind": kind, "page": label, "found": found}) + "\n")
