"""`python build.py gazetteer update` against a GeoNames server of our own on 127.0.0.1, and
what the gazetteer then reads from geonames/."""
from __future__ import annotations

import functools
import http.server
import threading
import zipfile

import pytest

from conftest import SITE_TOML, article, run_build
from topicsite.errors import BuildFailed
from topicsite.gazetteer import load_gazetteer


def row(geonameid, name, ascii_name, alternates, lat, lon, feature, code, admin1, population):
    """A line of a GeoNames dump file: 19 tab-separated columns."""
    fields = [str(geonameid), name, ascii_name, alternates, str(lat), str(lon), feature, code, "SY", "", admin1,
              "", "", "", str(population), "", "200", "Asia/Damascus", "2020-01-01"]
    return "\t".join(fields)


EXTRACT = "\n".join([
    row(170792, "Muḩāfaz̧at Dayr az Zawr", "Muhafazat Dayr az Zawr", "Dayr az Zawr Governorate", 35.0, 40.5, "A", "ADM1",
        "07", 1_239_000),
    row(9990001, "Tall Zirbāwīyah", "Tall Zirbawiyah", "Tell Zirbawiyeh,Zirbawiya", 34.7123, 40.8654, "P", "PPL", "07",
        800),
    row(9990002, "Nahr al Khābūr", "Nahr al Khabur", "Khabur", 35.1, 40.4, "H", "STM", "07", 0),  # a river: left out
]) + "\n"


@pytest.fixture
def geonames_server(tmp_path):
    folder = tmp_path / "dump"
    folder.mkdir()
    with zipfile.ZipFile(folder / "SY.zip", "w") as archive:
        archive.writestr("SY.txt", EXTRACT)
        archive.writestr("readme.txt", "test extract")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


SYRIA = SITE_TOML + 'countries = ["SY"]\n'


def test_update_downloads_the_extract_and_the_gazetteer_reads_its_villages(project, geonames_server):
    root = project({"content/a.md": article("SDF take Tell Zirbawiyeh", date="2018-12-10",
                                            locations="[Tell Zirbawiyeh]")}, site_toml=SYRIA)
    before = run_build(root, "check")
    assert "the place 'Tell Zirbawiyeh' is not in the gazetteer" in before.stdout

    result = run_build(root, "gazetteer", "update", "--source", geonames_server)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [f"downloading {geonames_server}SY.zip", "wrote geonames/SY.txt: 2 places"]
    assert result.stdout.strip() == "The gazetteer now reads geonames/ for SY. Commit the folder."
    assert (root / "geonames" / "SY.txt").read_text(encoding="utf-8").count("\n") == 2

    assert run_build(root, "check").stdout.strip() == "check: 0 errors, 0 warnings"
    gazetteer = load_gazetteer(root / "gazetteer.toml", ("SY",), root)
    village = gazetteer.lookup("Zirbawiya")
    assert (village.name, village.kind, village.parent, village.lat, village.lon) == (
        "Tall Zirbawiyah", "village", "Deir ez-Zor Governorate", 34.7123, 40.8654)
    # The curated governorate now also answers to GeoNames' own spelling.
    assert gazetteer.lookup("Muhafazat Dayr az Zawr").name == "Deir ez-Zor Governorate"
    assert gazetteer.lookup("Khabur") is None


def test_a_failed_download_changes_nothing_and_says_what_to_do(project, geonames_server):
    root = project({}, site_toml=SITE_TOML + 'countries = ["SY", "IQ"]\n')
    result = run_build(root, "gazetteer", "update", "--source", geonames_server)
    assert result.returncode == 1
    assert (f"{geonames_server}IQ.zip: error: could not download the GeoNames extract of IQ: HTTP Error 404: File not "
            "found — check the network connection and the country code in site.toml, then try again") in result.stderr
    assert "Traceback" not in result.stderr


def test_a_damaged_extract_names_its_line(tmp_path):
    (tmp_path / "geonames").mkdir()
    (tmp_path / "geonames" / "SY.txt").write_text(EXTRACT + "not\ta\tline\tof\tgeonames\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        load_gazetteer(tmp_path / "gazetteer.toml", ("SY",), tmp_path)
    assert [str(p) for p in failure.value.problems] == [
        "geonames/SY.txt:4: error: not a line of a GeoNames extract: 5 columns instead of 19 — download it again with: "
        "python build.py gazetteer update"]
