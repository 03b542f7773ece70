"""Speaker typing and normalisation: who is speaking, relative to the events they describe.

:func:`speaker_type` places a speaker name in one of the :class:`SpeakerType` classes from a
curated lexicon of conflict actors (parties, official non-parties, independent sources, media).
:func:`normalise_speaker` turns a speaker mention into a short canonical name: it drops
determiners and possessive roles ("the army's spokesperson" -> "army"), keeps the organisation
an appositive names ("Souleymane Dembele, the army's spokesperson" -> "army"), and qualifies a
bare "army" with the country the text names ("Mali's armed forces" -> "Mali army").
"""

from __future__ import annotations

import re

from verifier.model import SpeakerType

# Matched as whole words or phrases against the lower-cased name; the first class that matches
# in the order below wins, so "UN human rights office" is official, "army spokesman" a party.
_MEDIA = r"""reuters|associated press|\bap\b|afp|agence france|bbc|cnn|al jazeera|aljazeera|
reporter|journalist|correspondent|newspaper|outlet|news agency|television|\btv\b|radio|
the post|times|guardian|daily|herald|tribune|bloomberg|\bnews\b|magazine|media|editor|broadcaster|
\bhost\b|anchor|columnist|commentator|website|politico|politifact|the hill|yahoo|msnbc|fox news|
huffington|breitbart|usa today|\babc\b|\bnbc\b|\bcbs\b|\bnpr\b|\bpbs\b|station|limbaugh|hannity|
anadolu|xinhua|france 24|rfi|voa|sky news|washington post|new york times|the telegraph"""
_INDEPENDENT = r"""resident|witness|local|villager|survivor|relative|family|families|
hospital|doctor|medic|nurse|health worker|\bngo\b|human rights watch|\bhrw\b|amnesty|acled|
\bmsf\b|m[ée]decins|doctors without borders|red cross|icrc|red crescent|monitor|observatory|
analyst|researcher|expert|activist|rights group|aid worker|aid group|charity|civil society|
teacher|elder|community leader|traditional leader|chief|imam|priest|pastor|
academic|professor|think tank|crisis group|\busers?\b|residents|farmers?|trader|historian|
scholar|economist|pollster|political scientist|fellow|lawyer|voters?|professor|union|
association|alliance|study|survey|\bpoll\b|institute|\bcent(?:er|re)\b|university|physicians?|
\bfirm\b|\bceo\b|executive|protesters?|demonstrators?|parents?|students?|citizens?|employees|
journal|author|filmmaker|actor|singer|coach|captain|organi[sz]ers?|\bwife\b|\bhusband\b"""
_OFFICIAL = r"""\bun\b|u\.n\.|united nations|minusma|monusco|unhcr|ocha|unicef|\bwfp\b|
(?-i:\bWHO\b)|world health organi[sz]ation|
ecowas|african union|\bau\b|european union|\beu\b|nato|security council|secretary.general|
high commissioner|human rights commissioner|rights commissioner|special rapporteur|
foreign ministry|foreign minister|state department|embassy|ambassador|foreign office|
white house|government of (?:france|the united states|the us|britain|germany|russia|china)|
international|regional bloc|mediator|envoy|world bank|imf"""
# Elected politicians and government officials: official unless they speak for a party to the
# conflict at hand (:func:`government_of_party`); checked after the armed parties.
_GOVERNMENT = r"""\bpresident\b|\bgov\.|presidency|senator|\bsen\.|\brep\.|congress|lawmaker|
legislat|governor|mayor|prime minister|chancellor|secretary of|white house|administration|
state department|\bgovernment\b|\bminister\b|\bministry\b|\bofficials?\b|authorities|
prefect|politician|republicans?|democrats?|\bgop\b|campaign|candidate|\bparliament|\bmps?\b|nominee|
attorney general|prosecutors?|\bjudge\b|\bcourt\b|commissioner|council|\bagency\b|leaders|
\b(?:obama|trump|clinton|sanders|cruz|rubio|kasich|carson|christie|pence|kaine|biden|fiorina|
ryan|mcconnell|pelosi|reid|schumer|grassley|graham|huckabee|romney|putin|merkel|kerry|comey)\b"""
_PARTY = r"""army|armed forces|military|soldier|troops|defen[cs]e|interior ministry|
ministry of (?:the )?interior|junta|
police|gendarm|security forces|forces armées|\bfama\b|wagner|africa corps|militia|
jnim|jama.at|nusrat|isis|\bisil\b|islamic state|\bis\b|iswap|isgs|al.?qaeda|al.?shabaab|
boko haram|taliban|hamas|hezbollah|houthi|rsf|rapid support|\bm23\b|rebel|insurgent|
militant|jihadist|armed group|fighters|separatist|faction|commander|colonel|officer|
(?<!attorney )(?<!surgeon )(?<!secretary )(?<!secretary-)general"""
_SPOKESPERSON = r"spokes(?:man|woman|person)"

_CLASSES: tuple[tuple[SpeakerType, re.Pattern[str]], ...] = tuple(
    (kind, re.compile("|".join(p.split("\n")).replace("||", "|"), re.IGNORECASE))
    for kind, p in (
        (SpeakerType.OFFICIAL, _OFFICIAL),
        (SpeakerType.MEDIA, _MEDIA),
        (SpeakerType.PARTY, _PARTY),
        (SpeakerType.OFFICIAL, _GOVERNMENT),
        (SpeakerType.INDEPENDENT, _INDEPENDENT),
        (SpeakerType.PARTY, _SPOKESPERSON),
    )
)
_GOVERNMENT_RE = _CLASSES[3][1]
# Checked before the general order: spokespeople and sources of a party are the party.
_PARTY_FIRST = re.compile(
    r"(?:army|military|armed forces|defen[cs]e ministry|jnim|islamic state|al.?shabaab|rebels?|"
    r"militants?)(?:'s|’s)?\s+(?:spokes\w+|statement|sources?|officials?|commander)",
    re.IGNORECASE,
)

PRONOUNS = frozenset(
    [
        "he",
        "she",
        "it",
        "they",
        "we",
        "i",
        "you",
        "him",
        "her",
        "them",
        "us",
        "me",
        "his",
        "its",
        "their",
        "this",
        "that",
        "who",
        "which",
    ]
)
_ANONYMOUS = re.compile(
    r"\b(?:unnamed|unidentified|anonymous|anonymity|asked not to be (?:named|identified)"
    r"|declined to be (?:named|identified)|requested anonymity|not authori[sz]ed to (?:speak|talk"
    r"|comment|discuss)|(?:people|person|those|sources?) (?:close to|familiar with)"
    r"|insiders?)\b|^(?:a |one |two |three |several |other )?(?:sources?|insiders?)$",
    re.IGNORECASE,
)


_DETERMINERS = re.compile(r"^(?:the|a|an|this|that|these|those|its|their|his|her)\s+", re.I)
_ROLE_OF = re.compile(
    r"^(?P<org>.+?)(?:'s|’s)\s+(?:(?:chief|senior|top|official|main|deputy|acting)\s+)?"
    r"(?P<role>spokes\w+|statement|communiqu\w+|official|officials|commander|leader|chief|head|"
    r"minister|press office|media office|office|bulletin|channel|television|website|account)\b",
    re.IGNORECASE,
)
_ROLE_FOR = re.compile(
    r"^(?:(?:a|the)\s+)?(?:spokes\w+|official|officials|statement|commander|leader|head)\s+"
    r"(?:for|of|from)\s+(?:the\s+)?(?P<org>.+)$",
    re.IGNORECASE,
)
_ARMY_WORDS = re.compile(r"^(?:army|armed forces|military|forces armées|fama)$", re.I)
_POSSESSIVE_COUNTRY = re.compile(r"^(?P<country>[A-Z][\w\-]+)(?:'s|’s)\s+(?P<rest>.+)$")
_WS = re.compile(r"\s+")


# A reduced clause after the speaker's noun ("residents reached by our reporter") and the
# coordination of several speakers ("residents and local officials": the first one types it).
_REDUCED = re.compile(
    r"\s+(?:reached|contacted|interviewed|quoted|cited|speaking|talking)\s+(?:by|to|with|on)\b.*$",
    re.IGNORECASE,
)
_COORDINATION = re.compile(r"\s+(?:and|or|&)\s+", re.IGNORECASE)


def speaker_type(name: str) -> SpeakerType:
    """The speaker class of a (normalised or raw) speaker name; UNKNOWN when nothing matches.
    An unnamed source is anonymous unless the words name a party ("a senior security
    official, speaking on condition of anonymity" still speaks for a party)."""
    text = _REDUCED.sub("", _WS.sub(" ", name or "").strip())
    if not text or text.lower() in PRONOUNS:
        return SpeakerType.UNKNOWN
    kind = _lexical_type(text)
    if kind is not SpeakerType.PARTY and is_anonymous(text):
        return SpeakerType.ANONYMOUS
    return kind


def _lexical_type(text: str) -> SpeakerType:
    first = _COORDINATION.split(text, maxsplit=1)[0]
    if first != text:
        kind = _lexical_type(first)
        if kind is not SpeakerType.UNKNOWN:
            return kind
    if _PARTY_FIRST.search(text):
        return SpeakerType.PARTY
    for kind, pattern in _CLASSES:
        if pattern.search(text):
            return kind
    return SpeakerType.UNKNOWN


def _strip_determiners(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = _DETERMINERS.sub("", text).strip()
    return text


def normalise_speaker(mention: str, appositive: str | None = None) -> str:
    """A short canonical speaker name for a mention ("the army's spokesperson" -> "army").

    ``appositive`` is a role phrase next to a person's name ("the army's spokesperson" in
    "Souleymane Dembele, the army's spokesperson"): when it names an organisation, the
    organisation is the speaker. Country possessives qualify the organisation
    ("Mali's armed forces" -> "Mali army").
    """
    text = _REDUCED.sub("", _WS.sub(" ", mention or "")).strip(" ,.;:\"'“”‘’()")
    if appositive:
        organisation = _organisation_of(_WS.sub(" ", appositive).strip(" ,.;:"))
        if organisation:
            return organisation
    organisation = _organisation_of(text)
    if organisation:
        return organisation
    return _qualify(_strip_determiners(text))


def _organisation_of(role: str) -> str | None:
    """The organisation in "X's spokesperson" or "spokesman for X", if the phrase has one."""
    role = _strip_determiners(role)
    match = _ROLE_OF.match(role) or _ROLE_FOR.match(role)
    if not match:
        return None
    return _qualify(_strip_determiners(match.group("org")))


def _qualify(name: str) -> str:
    """ "Mali's armed forces" -> "Mali army"; "armed forces" -> "army"; others unchanged."""
    match = _POSSESSIVE_COUNTRY.match(name)
    if match and _ARMY_WORDS.match(match.group("rest")):
        return f"{match.group('country')} army"
    if _ARMY_WORDS.match(name):
        return "army"
    return name


_COUNTRY_FORCES = re.compile(
    r"\b(?P<who>[A-Z][a-z]+(?:'s|’s)|[A-Z][a-z]+(?:an|ian|ese|i|ish|ch|be)|U\.?S\.?)\s+"
    r"(?:army|armed forces|military|troops|soldiers|forces|defen[cs]e ministry|air force|junta)\b"
)
_COUNTRY_WORD = re.compile(r"\b(?:[A-Z][a-z]+|U\.?S\.?)")


def _stem(word: str) -> str:
    return word.replace(".", "").removesuffix("'s").removesuffix("’s")[:4].lower()


_OWN_FORCES = re.compile(
    r"\b(?:the|our|its)\s+(?:army|armed forces|military|troops|security forces"
    r"|defen[cs]e and security forces)\b",
    re.IGNORECASE,
)
_FIGHTING = re.compile(
    r"\b(?:killed|wounded|attack(?:ed|s)?|clashes|fighting|militants|terrorists|insurgents"
    r"|rebels|jihadists)\b",
    re.IGNORECASE,
)
OWN = "*own*"  # the text's own forces fight: a government speaker with no country is a party


def party_countries(text: str) -> frozenset[str]:
    """Stems (first 4 letters) of the countries whose forces the text names ("Mali's army",
    "Iraqi troops", "US forces"): the governments of these countries are parties to its
    conflict; :data:`OWN` when the text tells of fighting by "the army" with no country."""
    found = {_stem(m.group("who")) for m in _COUNTRY_FORCES.finditer(text)}
    if _OWN_FORCES.search(text) and _FIGHTING.search(text):
        found.add(OWN)
    return frozenset(found)


def government_of_party(name: str, parties: frozenset[str]) -> bool:
    """A government speaker (politician, ministry, officials) of a country whose forces fight
    in the report; a bare "officials" / "the government" when one country's forces do."""
    if not _GOVERNMENT_RE.search(name) or not parties:
        return False
    countries = {_stem(w) for w in _COUNTRY_WORD.findall(name)}
    if countries & parties:
        return True
    return not countries and (OWN in parties or len(parties) == 1)


def is_anonymous(mention_text: str, context: str = "") -> bool:
    """An unnamed source: by its own words, or by the anonymity phrase of its sentence."""
    text = " ".join(mention_text.split())
    if _ANONYMOUS.search(text):
        return True
    return bool(context) and bool(
        re.search(r"condition of anonymity|asked not to be (?:named|identified)", context, re.I)
    )
