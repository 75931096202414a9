"""The GitHub Pages workflow: valid against GitHub's schema, and its build steps, run here
as the runner would run them, produce a site that works under the project subpath."""
import re
import shutil
import subprocess
import sys

import yaml

from conftest import REPO, same_site
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


def test_workflow_passes_actionlint(actionlint, tmp_path):
    assert actionlint(WORKFLOW) == []
    broken = tmp_path / "broken.yml"  # the linter does find what GitHub would refuse
    broken.write_text(WORKFLOW.read_text().replace("steps.pages.outputs.base_url", "steps.page.outputs.base_url"))
    assert any('"page"' in line for line in actionlint(broken))


def run_build_steps(project) -> dict[str, str]:
    """The build job's `run` steps, as the runner runs them; what each printed, by name."""
    printed = {}
    for step in WORKFLOW_STEPS:
        if "run" not in step:
            continue
        command = step["run"].replace("${{ steps.pages.outputs.base_url }}", PAGES_BASE_URL)
        assert "${{" not in command, f"unhandled expression in {command}"
        command = re.sub(r"^(pip|python) ", lambda m: f"{sys.executable} -m pip " if m.group(1) == "pip" else f"{sys.executable} ", command)
        result = subprocess.run(["bash", "-e", "-c", command], cwd=project, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, (step.get("name"), result.stdout, result.stderr)
        printed[step.get("name", command)] = result.stdout + result.stderr
    return printed


def checkout(folder):
    project = copy_project(folder)
    (project / "requirements.txt").write_text((REPO / "requirements.txt").read_text())
    return project


WORKFLOW_STEPS = yaml.safe_load(WORKFLOW.read_text())["jobs"]["build"]["steps"]


def test_workflow_build_steps_run_here_and_build_for_the_subpath(tmp_path):
    project = checkout(tmp_path / "checkout")
    run_build_steps(project)
    artifact = project / next(s["with"]["path"] for s in WORKFLOW_STEPS if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    home = (artifact / "index.html").read_text()
    assert 'href="/repo/tags/"' in home and 'href="/repo/assets/style.css?v=' in home
    assert "https://user.github.io/repo/feed.xml" in (artifact / "feed.xml").read_text()
    assert (artifact / ".nojekyll").exists()


NEW_REPORT = ("---\ntitle: A new report from Hajin\nid: new-report\ndate: 2018-12-20\nlocations: [Hajin]\ntags: [SDF]\n"
              "---\n\nFighting continued near Hajin.\n")


def rendered(printed: dict[str, str]) -> tuple[int, int]:
    built = re.search(r"Built ([\d,]+) files \(.*?; ([\d,]+) rendered", printed["Build"])
    return tuple(int(n.replace(",", "")) for n in built.groups())


def test_a_deploy_after_one_new_article_renders_only_what_it_changes(tmp_path):
    """What actions/cache keeps between two deploys (the paths the workflow names) is
    restored into a fresh checkout, in the same folder as on the runner: the second build
    renders only the pages the new article changes, as many as a rebuild in place, and
    publishes what a cold build would."""
    cached = next(s["with"]["path"].split() for s in WORKFLOW_STEPS if s.get("uses", "").startswith("actions/cache"))
    in_place = checkout(tmp_path / "in-place")
    run_build_steps(in_place)
    (in_place / "content" / "new-report.md").write_text(NEW_REPORT)
    files, expected = rendered(run_build_steps(in_place))

    folder = tmp_path / "work" / "repo" / "repo"
    run_build_steps(checkout(folder))
    saved = tmp_path / "cache.tar"  # as actions/cache saves: tar, which keeps hard links
    subprocess.run(["tar", "-cf", str(saved), *cached], cwd=folder, check=True)
    shutil.rmtree(folder)
    project = checkout(folder)  # the next push: a fresh checkout, with one report more
    (project / "content" / "new-report.md").write_text(NEW_REPORT)
    subprocess.run(["tar", "-xf", str(saved)], cwd=project, check=True)
    assert rendered(run_build_steps(project)) == (files, expected) and expected < files / 3

    cold = tmp_path / "cold"
    subprocess.run([sys.executable, "build.py", "--base-url", PAGES_BASE_URL + "/", "--output", str(cold), "--no-cache"],
                   cwd=project, check=True, capture_output=True)
    assert same_site(project / "_site", cold)  # Pagefind's filters aside, which it orders at random
    assert "A new report from Hajin" in (project / "_site" / "tags" / "sdf" / "index.html").read_text()
