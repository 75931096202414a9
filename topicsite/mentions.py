"""Places and actors named in a report's text, for the importer.

Places come three ways:
- a gazetteer name, matched exactly or as a transliteration variant (`Gazetteer.lookup_variant`);
- a name the gazetteer lacks, recognised by what the text says around it: "the villages of A,
  B and C", "the town of X", "X village", "X, 10 km east of Y", or a list whose other items
  are known places. These are *unresolved*: written to the article, and reported.
Everyday English words ("Hit", "Tall", "Anna") are places only where the text says so: after
"the town of" or a preposition such as "in" or "near", inside a sentence that is not in Title Case.

Actors: names that read as organisations or as people with a title ("National Defence Forces",
"Col. Ryan Dillon") but are not in the taxonomy. They are only reported, never made into tags.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .gazetteer import DIVISION_WORDS, Gazetteer, Place, place_key
from .taxonomy import Taxonomy

PARTICLE = r"(?:al|el|ad|an|ar|as|ash|at|az|ed|es|ez|ul|ud)"
CAP_WORD = r"[A-Z][\w'’ʿ]*(?:-[A-Za-z][\w'’ʿ]*)*"
# A proper name of one to four words: 'Hajin', 'Abu Hassan', 'al-Kishmah', 'Tibz Kharab al-Kabira'.
NAME = (rf"\b(?:{PARTICLE}[-\s])?{CAP_WORD}"
        rf"(?:\s(?:(?:{PARTICLE}|bin|ibn|de|del|di|du)[-\s])?{CAP_WORD}){{0,3}}")
WORD = re.compile(r"[^\W\d_][\w'’ʿ-]*?(?=['’]s\b|[^\w'’ʿ-]|$)")  # 'Syria's' is the word 'Syria'
SPEAKS = re.compile(r"\s+(?:said|told|says|added|stated|tweeted|wrote|explained|confirmed)\b")
MAX_PLACE_WORDS = 4
IMPLIED_KINDS = ("country", "governorate", "province", "division")

SETTLEMENT = r"(?:villages?|towns?|hamlets?|cities|city|neighbou?rhoods?|districts?|sub-districts?|suburbs?|settlements?|areas?|localities)"
LIST = rf"{NAME}(?:\s*,\s*(?:and\s+|or\s+)?{NAME})*(?:\s*,?\s+(?:and|or)\s+(?:the\s+)?{NAME})*"
# Names that say what they are: Kafr ('village'), Tell ('mound'), Ain ('spring'), Khirbet ('ruin'),
# Bir ('well'), Umm, Deir ('monastery'), Ras ('cape')…: 'Kafr Jina', 'Tell Jawadah'.
TOPONYM = re.compile(rf"(?P<list>\b(?:Kafr|Kfar|Tell|Tal|Tall|Ain|Ayn|Khirbet|Khirbat|Kharab|Bir|"
                     rf"Deir|Dayr|Umm|Qasr|Jisr|Ras|Hammam|Beit|Bayt|Qaryat|Mazraat|Mazraa)"
                     rf"(?:\s+(?:(?:al|el|as|ash|ad|an|ar|at|az)-)?[A-Z][\w'’-]+){{1,2}})")
CUES = [
    # 'the villages of A, B and C', 'villages such as A and B', 'These villages are A, B'
    re.compile(rf"\b(?P<kind>{SETTLEMENT})\s+(?:of|are|were|include|including|such as|like|namely|called|named)\s*:?\s+"
               rf"(?P<list>{LIST})"),
    # 'Al-Bahra village', 'the Rukban camp', 'Hajin town', '(Kharab Soloq, Haydar and Jaanky) villages'
    re.compile(rf"(?P<list>{NAME})\s+(?P<kind>village|town|sub-district|district|neighbou?rhood|camp|countryside)\b"),
    re.compile(rf"\(\s*(?P<list>{LIST})\s*\)\s+(?P<kind>villages|towns|areas|districts)\b"),
    TOPONYM,
    # 'Kishmah, 5 km east of Hajin'
    re.compile(rf"(?P<list>{NAME}),?\s+(?:about\s+|some\s+|roughly\s+)?(?:\d[\d.,]*\s*(?:km|kilometres|kilometers|miles)\s+)?"
               rf"(?:(?:north|south)(?:-?(?:east|west))?|east|west)(?:ern)?\s+(?:of|from)\s+(?P<ref>{NAME})"),
    # 'near Sultan Abdallah', 'the outskirts of Hajin', 'east of Mosul'
    re.compile(rf"\b(?:[Nn]ear|[Oo]utskirts of|[Vv]icinity of|countryside of|[Oo]utside|(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?"
               rf"(?: part)? of)\s+(?P<list>{NAME})"),
    # 'Dashisha, Syria': a name, then the country or province it lies in
    re.compile(rf"(?P<list>{NAME}),\s+(?P<region>{NAME})(?=[\s,.;:–—-])"),
]
PREPOSITION = re.compile(r"(?:\b(?:in|near|at|from|outside|around|towards?|into|of|to|between|and)\s+(?:the\s+)?)$")
NOT_NAMES = re.compile(
    r"(?i:january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday|the|a|an|this|that|these|those|they|he|she|it|we|i|mr|mrs|ms|"
    r"north|south|east|west|eastern|western|northern|southern|central|southwest|southeast|northwest|northeast|"
    r"near|in|at|on|from|to|said|says|after|before|while|when|as|but|and|or|if|since|during)")
# A town or village whose name is an everyday word needs the text to say it is a place; a city,
# a division or a country is frequent in English because it is a place ('Baghdad', 'Syria').
SMALL_PLACES = ("town", "village", "district", "suburb", "place")
EVERYDAY_ZIPF = 3.3  # wordfreq's scale: 'hit' 5.4, 'tell' 5.5, 'anna' 4.3, 'mosul' 3.3, 'hajin' 1.4
RARE_ZIPF = 3.0  # below this, a near-spelling of a place may be that place

ORG_WORDS = ("Forces", "Force", "Army", "Brigade", "Brigades", "Battalion", "Battalions", "Regiment", "Division", "Corps",
             "Units", "Unit", "Militia", "Militias", "Council", "Front", "Movement", "Party", "Organization", "Organisation",
             "Agency", "Ministry", "Committee", "Commission", "Observatory", "Coalition", "Network", "Command", "Guard",
             "Guards", "Police", "Service", "Services", "Office", "Center", "Centre", "Institute", "Foundation", "Union",
             "League", "Alliance", "Authority", "Administration", "Government", "Mission", "Crescent", "Cross",
             "Programme", "Program", "Fund", "Bureau", "Department", "Company", "Group", "Federation", "Assembly",
             "Parliament", "Tribe", "Tribes", "Council", "Watch", "International", "Nations", "Red Cross", "Directorate")
CONNECTOR = r"(?:of|for|the|and|on|in|al|el|de|\&)"
ORG = re.compile(rf"\b(?P<name>{CAP_WORD}(?:\s(?:{CONNECTOR}\s)*{CAP_WORD}){{1,6}})(?:\s+\((?P<acronym>[A-Z][A-Za-z]{{1,7}})\))?")
TITLE = (r"(?:President|Prime Minister|Minister|General|Gen\.|Lt\.?\s?Gen\.|Lieutenant General|Maj\.?\s?Gen\.|Major General|"
         r"Brig\.?\s?Gen\.|Brigadier General|Brigadier|Col\.|Colonel|Lt\.?\s?Col\.|Commander|Sheikh|Major|Maj\.|Captain|Capt\.|"
         r"spokesman|spokeswoman|spokesperson|Spokesman|Spokesperson|Secretary|Ambassador|Governor|Mayor|Emir|leader|chief)")
PERSON = re.compile(rf"\b{TITLE}\s+(?P<name>{CAP_WORD}(?:\s(?:(?:{PARTICLE}|bin|ibn|abu|Abu)[-\s])?{CAP_WORD}){{1,3}})")


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def is_everyday(words: str) -> bool:
    """Every word of the name is a common English word ('Hit', 'Red Sea', 'Anna')."""
    parts = re.findall(r"[^\W\d_]+", words)
    return bool(parts) and all(zipf(p.lower()) >= EVERYDAY_ZIPF for p in parts)


def is_rare(words: str) -> bool:
    return all(zipf(p.lower()) < RARE_ZIPF for p in re.findall(r"[^\W\d_]+", words))


def title_case(sentence: str) -> bool:
    """A headline in Title Case, where a capital letter says nothing about a name."""
    words = [w for w in WORD.findall(sentence) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def capitalised(word: str) -> bool:
    core = re.sub(rf"^{PARTICLE}-", "", word)
    return core[:1].isupper()


@dataclass
class Unresolved:
    """A place the text names that no gazetteer holds."""
    name: str
    kind: str = "place"
    near: list[str] = field(default_factory=list)  # known places named beside it


@dataclass
class PlaceFinding:
    places: list[Place] = field(default_factory=list)  # precise names, in order of first mention
    unresolved: list[Unresolved] = field(default_factory=list)
    spellings: dict[str, set[str]] = field(default_factory=dict)  # name -> the spellings found in the text

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.places] + [u.name for u in self.unresolved]


ABBREVIATION = re.compile(r"\b(?:Lt|Gen|Col|Brig|Maj|Capt|Sgt|Cpl|Adm|Gov|Sen|Rep|St|Mr|Mrs|Ms|Dr|No|Vol|Jan|Feb|Mar|"
                          r"Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.$")


def sentences(text: str) -> list[str]:
    """Sentences, not split after 'Lt.' or 'Gen.'; 'U.S.' written 'US' so that it is one word."""
    text = re.sub(r"\b([A-Z])\.([A-Z])\.(?:([A-Z])\.)?", lambda m: "".join(g for g in m.groups() if g), text)
    found: list[str] = []
    for line in text.split("\n"):
        pieces = re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", line)
        for piece in pieces:
            if found and found[-1] is not None and ABBREVIATION.search(found[-1]):
                found[-1] += " " + piece
            else:
                found.append(piece)
        found.append(None)  # a line ends a sentence
    return [s for s in found if s and s.strip()]


def match_known(sentence: str, gazetteer: Gazetteer, found: dict[str, Place], spellings: dict[str, set[str]]) -> None:
    """Gazetteer names in one sentence, longest first."""
    words = [(m.group(0), m.start(), m.end()) for m in WORD.finditer(sentence)]
    loose = title_case(sentence)
    i = 0
    while i < len(words):
        matched = 0
        for size in range(min(MAX_PLACE_WORDS, len(words) - i), 0, -1):
            span = [w for w, _, _ in words[i:i + size]]
            if not capitalised(span[-1]) or not (capitalised(span[0]) or re.fullmatch(PARTICLE, span[0].lower())):
                continue
            text = " ".join(span)
            after = words[i + size][0].lower() if i + size < len(words) else ""
            place = (gazetteer.lookup_in_text(f"{text} province") if after in DIVISION_WORDS else None) \
                or gazetteer.lookup_in_text(text)
            if place is None and is_rare(text):
                place = gazetteer.lookup_variant(text)
            if place is None:
                continue
            small = not place.curated and place.kind in SMALL_PLACES
            before = sentence[:words[i][1]]
            guarded = small or (place.kind == "capital" and len(span) > 1)  # 'The Valley', Anguilla's capital
            if guarded and is_everyday(text) and (loose or i == 0 or not PREPOSITION.search(before)):
                continue  # 'Hit' the verb, 'Anna' the name: only 'the town of Hit', 'in Hit'
            if (small or place.kind == "capital") and not loose and part_of_a_name(words, i, size, before):
                continue  # 'Haider al-Abadi', 'Rolando Bautista', 'Ninoy Aquino School'
            if place.kind != "country" and size == 1 and SPEAKS.match(sentence, words[i][2]) \
                    and not PREPOSITION.search(before):
                continue  # 'Hasakeh told AFP': a man, not the city of Al-Hasakah
            if text.isupper() and len(text) > 3 and place.kind in (*SMALL_PLACES, "capital") and words[i][1] > 0:
                continue  # 'SANA', 'APA': an agency; a place in capitals opens a dateline
            next_word = words[i + size][0] if i + size < len(words) else ""
            if re.fullmatch(r"[A-Z]{2,3}", text) and (not re.search(r"\bthe\s+$", before) or next_word[:1].isupper()
                                                     or sentence[words[i][2]:words[i][2] + 1] == "-"):
                continue  # 'the US and the EU' names a country; 'US officials', 'the UAE Armed Forces' do not
            found.setdefault(place.name, place)
            spellings.setdefault(place.name, set()).add(text)
            matched = size
            break
        i += matched or 1


TITLE_BEFORE = re.compile(rf"(?:\b{TITLE}|\b(?:Mr|Mrs|Ms|Dr|St)\.?)\s*$")


def part_of_a_name(words: list[tuple[str, int, int]], i: int, size: int, before: str) -> bool:
    """The words stand inside a longer proper name: a capitalised word or an 'al-' name joined
    to them, or a title before them."""
    after = words[i + size][0] if i + size < len(words) else ""
    joined_after = after and words[i + size][1] == words[i + size - 1][2] + 1 and (
        after[:1].isupper() or re.match(rf"{PARTICLE}-[A-Z]", after))
    previous = words[i - 1][0] if i > 0 else ""
    joined_before = previous[:1].isupper() and words[i - 1][2] + 1 == words[i][1] and not PREPOSITION.search(before)
    return bool(joined_after or joined_before or TITLE_BEFORE.search(before))


def split_list(text: str) -> list[str]:
    items = re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+(?:the\s+)?", text)
    return [i.strip() for i in items if i.strip()]


FACILITY = re.compile(r"\b(?:Hospital|Airport|Base|Dam|Field|Bridge|Mosque|School|Road|Street|Square|Market|Prison|"
                      r"Gate|Station|Port|Hotel|University|Palace|Crossing|Camp|Refinery|Plant|Highway|River|Mountains?|"
                      r"Desert|Valley|Lake|Sea|Region|Front|Axis|Pocket)$")


def clean_name(name: str) -> str:
    """'the Hajin' -> 'Hajin'; "Deir ez-Zor's Al-Susah" -> 'Al-Susah'; "Yemen's" -> 'Yemen';
    'Kurdish-controlled al-Hasaka' -> 'al-Hasaka'; 'Hodeidah Saturday' -> 'Hodeidah'."""
    name = re.sub(r"^(?:the|The)\s+", "", name)
    name = re.split(r"['’]s\s+", name)[-1]
    name = re.sub(r"['’]s$", "", name)
    name = re.sub(r"^(?:[A-Z][\w]*-[a-z][\w]*\s+)+", "", name)
    name = re.sub(r"(?:\s+(?:" + "|".join(w.capitalize() for w in WEEKDAYS_AND_MONTHS) + r"))+$", "", name)
    if re.fullmatch(r"[A-Z][a-z]+(?:i|ian|ish|ese|an)-[A-Z][a-z]+(?:i|ian|ish|ese|an)", name):
        return ""  # 'Iraqi-Syrian': two adjectives
    return name.strip()


WEEKDAYS_AND_MONTHS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                       "february", "march", "april", "may", "june", "july", "august", "september", "october",
                       "november", "december")


def plausible_name(name: str, taxonomy: Taxonomy | None) -> bool:
    """A name the text calls a place: not a month, an actor, a building or a phrase; an everyday
    word only where the text lists it among places."""
    words = name.split()
    if NOT_NAMES.fullmatch(words[0]) or len(name) > 40 or len(words) > 4 or FACILITY.search(name):
        return False
    if len(words) == 1 and re.search(r"(?:ian|ite|ese|ish)$", name):
        return False  # 'Syrian', 'Shi'ite': a people or a faith
    if any(w in ORG_WORDS for w in words):
        return False
    return not (taxonomy and (taxonomy.canonical(name) or taxonomy.find_in(name)))


def find_places(text: str, gazetteer: Gazetteer, taxonomy: Taxonomy | None = None,
                datelines: tuple[str, ...] = ()) -> PlaceFinding:
    """Places named in the text; `datelines` are the places a dateline names ('ERBIL, Kurdistan
    Region –'), which are places whether or not a gazetteer holds them."""
    found: dict[str, Place] = {}
    spellings: dict[str, set[str]] = {}
    unresolved: dict[str, Unresolved] = {}
    parts = sentences(text)
    for sentence in parts:
        match_known(sentence, gazetteer, found, spellings)
    for sentence in parts:
        candidates: list[tuple[str, str, str | None]] = []  # name, kind, the place it is near
        for cue in CUES:
            for m in cue.finditer(sentence):
                if cue is TOPONYM and re.search(r"[A-Z][\w'’-]*\s+$", sentence[:m.start()]):
                    continue  # inside a longer name: 'Tibz Kharab al-Kabira'
                kind = m.groupdict().get("kind") or ("village" if cue is TOPONYM else "place")
                ref = m.groupdict().get("ref")
                if ref and not (gazetteer.lookup_in_text(ref) or gazetteer.lookup_variant(ref)):
                    continue
                region = m.groupdict().get("region")
                if region:
                    known = gazetteer.lookup_in_text(region)
                    if not known or known.kind not in IMPLIED_KINDS:
                        continue
                    ref = region
                for name in split_list(m.group("list")):
                    candidates.append((name, kind, ref))
        # A list of names most of which are known places: the others are places too.
        for m in re.finditer(LIST, sentence):
            items = split_list(m.group(0))
            known = sum(bool(gazetteer.lookup_in_text(i)) for i in items)
            joined = len(items) >= 3 or re.search(r"\s(?:and|or)\s", m.group(0))
            if len(items) >= 2 and joined and known and known * 2 >= len(items):
                candidates += [(i, "place", None) for i in items if len(items) >= 3 or is_rare(i)]
        if sentence is parts[-1]:  # once: the places the lead's dateline names
            candidates += [(name, "dateline", None) for name in datelines]
        persons = [m.group("name") for m in PERSON.finditer(sentence)]
        for name, kind, ref in candidates:
            name = clean_name(name)
            if not name or any(name in person for person in persons):
                continue  # 'President Recep Tayyip Erdogan, Turkey's…' names a man
            place = gazetteer.lookup_in_text(name) or gazetteer.lookup_variant(name)  # the text says it is a place
            if place:
                found.setdefault(place.name, place)
                spellings.setdefault(place.name, set()).add(name)
                continue
            if not plausible_name(name, taxonomy) or (kind == "place" and is_everyday(name)):
                continue  # an everyday word is a place only where the text says "the village of"
            entry = unresolved.setdefault(place_key(name), Unresolved(name, singular(kind) if kind != "dateline" else "place"))
            near = [ref] if ref else [p.name for p in found.values() if any(s in sentence for s in spellings[p.name])]
            for other in near:
                known = gazetteer.lookup_in_text(other) or gazetteer.lookup_variant(other)
                if known and known.name not in entry.near:
                    entry.near.append(known.name)
            spellings.setdefault(entry.name, set()).add(name)
    # A country or governorate is implied by the towns inside it: keep the precise names.
    implied = {a.name for p in found.values() for a in gazetteer.ancestors(p) if a.kind in IMPLIED_KINDS}
    places = [p for p in found.values() if p.name not in implied]
    return PlaceFinding(places, list(unresolved.values()), spellings)


def singular(kind: str) -> str:
    kind = kind.lower()
    return {"cities": "city", "villages": "village", "towns": "town", "hamlets": "village", "areas": "place",
            "area": "place", "localities": "place", "settlements": "village", "neighborhood": "neighbourhood",
            "neighborhoods": "neighbourhood", "neighbourhoods": "neighbourhood", "districts": "district",
            "suburbs": "suburb", "countryside": "place", "camp": "camp"}.get(kind, kind)


def find_actors(text: str, taxonomy: Taxonomy, gazetteer: Gazetteer) -> list[str]:
    """Organisations and titled people the text names that the taxonomy does not know. Lines in
    Title Case (headlines) are left out: there every word looks like a name."""
    names: dict[str, None] = {}
    for sentence in sentences(text):
        if title_case(sentence):
            continue
        for m in ORG.finditer(sentence):
            words = m.group("name").split()
            while words and (NOT_NAMES.fullmatch(words[0]) or re.fullmatch(r"\w+-[a-z]\w*", words[0])):
                words = words[1:]  # 'The', 'Meanwhile', 'State-run'
            if len(words) < 2 or not (any(w in ORG_WORDS for w in words[1:]) or m.group("acronym")):
                continue
            if re.search(rf"\b{TITLE}\s", " ".join(words)):
                continue  # 'US Air Force Colonel John Dorrian': a person, found by title below
            name = " ".join(words)
            if not known_term(name, taxonomy, gazetteer):
                names.setdefault(name)
        for m in PERSON.finditer(sentence):
            name = m.group("name")
            if not known_term(name, taxonomy, gazetteer) and not is_everyday(name):
                names.setdefault(name)
    return list(names)


def known_term(name: str, taxonomy: Taxonomy, gazetteer: Gazetteer) -> bool:
    return bool(taxonomy.canonical(name) or taxonomy.find_in(name) or gazetteer.lookup(name))
