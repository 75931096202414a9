"""The GitHub Pages workflow: valid against GitHub's schema, and its build steps, run here
as the runner would run them, produce a site that works under the project subpath."""
import re
import subprocess
import sys

import yaml

from conftest import REPO
from test_site import copy_project

WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"
PAGES_BASE_URL = "https://user.github.io/repo"  # what configure-pages reports: no trailing slash


def test_workflow_is_valid_for_github_actions():
    result = subprocess.run(["check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_uses_the_official_pages_actions():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    used = [step.get("uses", "").split("@")[0] for job in workflow["jobs"].values() for step in job["steps"]]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in used


def test_workflow_build_steps_run_here_and_build_for_the_subpath(tmp_path):
    workflow = yaml.safe_load(WORKFLOW.read_text())
    steps = workflow["jobs"]["build"]["steps"]
    project = copy_project(tmp_path / "checkout")
    for file in ("requirements.txt",):
        (project / file).write_text((REPO / file).read_text())
    for step in steps:
        if "run" not in step:
            continue
        command = step["run"].replace("${{ steps.pages.outputs.base_url }}", PAGES_BASE_URL)
        assert "${{" not in command, f"unhandled expression in {command}"
        command = re.sub(r"^(pip|python) ", lambda m: f"{sys.executable} -m pip " if m.group(1) == "pip" else f"{sys.executable} ", command)
        result = subprocess.run(["bash", "-e", "-c", command], cwd=project, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, (step.get("name"), result.stdout, result.stderr)
    artifact = project / next(s["with"]["path"] for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    home = (artifact / "index.html").read_text()
    assert 'href="/repo/tags/"' in home and 'href="/repo/assets/style.css?v=' in home
    assert "https://user.github.io/repo/feed.xml" in (artifact / "feed.xml").read_text()
    assert (artifact / ".nojekyll").exists()
