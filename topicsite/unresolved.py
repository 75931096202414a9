"""Places the articles name that no gazetteer holds: for `check`, which lists them with their
article counts, and for `python build.py places`, which prints a `gazetteer.toml` entry for
each (the name, what the text calls it, a likely parent, the coordinates left to fill in).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .content import Article
from .errors import Problem
from .gazetteer import Gazetteer, place_key
from .mentions import find_places
from .taxonomy import Taxonomy


@dataclass
class UnresolvedPlace:
    name: str
    articles: list[str] = field(default_factory=list)  # the files that list it
    kinds: Counter = field(default_factory=Counter)  # what the texts call it: village, town…
    near: Counter = field(default_factory=Counter)  # known places named beside it

    @property
    def kind(self) -> str:
        named = [(count, kind) for kind, count in self.kinds.items() if kind != "place"]
        return max(named)[1] if named else "place"

    @property
    def parent(self) -> str | None:
        return min(self.near.items(), key=lambda item: (-item[1], item[0]))[0] if self.near else None


def unresolved_places(articles: list[Article], gazetteer: Gazetteer, taxonomy: Taxonomy) -> list[UnresolvedPlace]:
    """Most named first. What the text says about each is read again from the articles that
    list it ('the village of Kishmah', 'Kishmah, east of Hajin')."""
    found: dict[str, UnresolvedPlace] = {}
    for article in articles:
        for name in article.locations:
            if gazetteer.lookup(name) is None:
                found.setdefault(name, UnresolvedPlace(name)).articles.append(article.path)
    for place in found.values():
        for article in articles:
            if article.path not in place.articles:
                continue
            finding = find_places(f"{article.title}\n{article.summary}\n{article.body}", gazetteer, taxonomy)
            for other in finding.unresolved:
                if place_key(other.name) == place_key(place.name):
                    place.kinds[other.kind] += 1
                    place.near.update(other.near)
            if not place.near:  # nothing said beside it: the other places of the article
                place.near.update(n for n in article.locations if n != place.name and gazetteer.lookup(n)
                                  and gazetteer.lookup(n).kind not in ("country",))
    return sorted(found.values(), key=lambda p: (-len(p.articles), p.name))


def check_problems(places: list[UnresolvedPlace], gazetteer: Gazetteer, gazetteer_shown: str) -> list[Problem]:
    """One line per new place with its count. A near-spelling of a known place ('Hajn') is a
    typo, which the article's own warning points out, not a new place."""
    import difflib

    names = sorted(gazetteer.places)
    problems = []
    for place in places:
        if difflib.get_close_matches(place.name, names, n=1, cutoff=0.8):
            continue
        count = len(place.articles)
        problems.append(Problem(gazetteer_shown, None, f"'{place.name}' is in no gazetteer, and {count} article"
                                f"{'s name' if count != 1 else ' names'} it", "add it to gazetteer.toml: "
                                "python build.py places prints its entry", "warning"))
    return problems


def toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def stubs(places: list[UnresolvedPlace], gazetteer: Gazetteer) -> str:
    """gazetteer.toml entries to paste and complete."""
    if not places:
        return "# Every place the articles name is in the gazetteer.\n"
    blocks = []
    for place in places:
        shown = ", ".join(place.articles[:3]) + (f" and {len(place.articles) - 3} more" if len(place.articles) > 3 else "")
        lines = [f"# named in {len(place.articles)} article{'s' if len(place.articles) != 1 else ''}: {shown}",
                 "[[place]]", f"name = {toml_string(place.name)}", f"kind = {toml_string(place.kind)}"]
        if place.parent:
            lines.append(f"parent = {toml_string(place.parent)}  # a guess: the place named beside it most often")
        lines += ["# lat = 0.0  # fill in both coordinates (decimal degrees) to put it on the maps", "# lon = 0.0"]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
