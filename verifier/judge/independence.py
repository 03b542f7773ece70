"""Who is independent of whom: same-speaker relays and syndicated copies.

A report that only relays the claim's own speaker repeats the claim; it does not corroborate it.
Syndicated copies of one wire story count once (they share a cluster id).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from verifier.model import SpeakerType

_NOISE = {
    "the",
    "a",
    "an",
    "of",
    "s",
    "its",
    "their",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "statement",
    "official",
    "officials",
    "said",
    "general",
    "national",
    "broadcaster",
    "quoted",
    "by",
    "station",
}
# Words that name a kind of actor, not which one: sharing only these does not make two parties
# the same side.
_GENERIC = {"army", "government", "ministry", "group", "forces", "police", "spokesman"}
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
# Different names for one actor that news uses interchangeably.
_ALIASES = {
    "malian": "mali",
    "fama": "army",
    "military": "army",
    "forces": "army",
    "armed": "army",
    "troops": "army",
    "defence": "army",
    "defense": "army",
    "staff": "army",
}


def speaker_key(name: str | None) -> frozenset[str]:
    """Content words of a speaker name, with common aliases folded ("Malian army" ~ "Mali army")."""
    if not name:
        return frozenset()
    words = (w.lower() for w in _TOKEN.findall(name.replace("’", "'")))
    return frozenset(_ALIASES.get(w, w) for w in words if w not in _NOISE)


def same_speaker(a: str | None, b: str | None) -> bool:
    """Whether two speaker names plausibly name the same actor."""
    ka, kb = speaker_key(a), speaker_key(b)
    if not ka or not kb:
        return False
    return ka <= kb or kb <= ka or len(ka & kb) / len(ka | kb) >= 0.5


def same_side(a: str | None, b: str | None) -> bool:
    """Two parties' names sharing a specific word ("Malian army", "Government of Mali")."""
    return bool((speaker_key(a) & speaker_key(b)) - _GENERIC)


# Words of a description rather than a name: "al Qaeda affiliate", "the group's spokesman".
_DESCRIPTIONS = frozenset(
    {"affiliate", "group", "militants", "jihadists", "insurgents", "rebels", "movement", "fighters"}
)


def is_relay(
    claim_speaker: str | None,
    evidence_speaker: str | None,
    evidence_type: SpeakerType,
    report_speakers: Iterable[str | None],
    claim_type: SpeakerType = SpeakerType.UNKNOWN,
    outlet: str | None = None,
    report_text: str | None = None,
) -> bool:
    """Whether evidence only repeats the claim's speaker.

    It does when it is attributed to that speaker or to the same side of the conflict (both
    parties sharing a specific name, or a party speaking through that side's own outlet such as
    a government statement or state broadcaster), or when it is the outlet's own unattributed
    voice in a report that quotes that speaker (a relay of the party, not a new source).
    """
    if claim_speaker is None:
        return False
    if same_speaker(claim_speaker, evidence_speaker):
        return True
    both_parties = claim_type is SpeakerType.PARTY and evidence_type is SpeakerType.PARTY
    # A party's own officials, spokesmen and anonymous insiders speak for its side: "senior
    # Malian security official", a government spokesman in the government's own statement.
    for_side = claim_type is SpeakerType.PARTY and evidence_type is not SpeakerType.INDEPENDENT
    if for_side and (
        same_side(claim_speaker, evidence_speaker) or same_side(claim_speaker, outlet)
    ):
        return True
    if both_parties and report_text and speaker_key(evidence_speaker) & _DESCRIPTIONS:
        # A party described, not named, in a report that names the claim's speaker: that one.
        words = {w.lower() for w in _TOKEN.findall(report_text)}
        if speaker_key(claim_speaker) and speaker_key(claim_speaker) <= words:
            return True
    if evidence_type is SpeakerType.MEDIA or evidence_speaker is None:
        return any(same_speaker(claim_speaker, s) for s in report_speakers)
    return False


def cluster_ids(ids: Iterable[str], groups: Iterable[Sequence[str]]) -> dict[str, str]:
    """Map each report id to its near-duplicate cluster id: groups that share a report are
    one cluster, named by its first id in sorted order."""
    parent = {rid: rid for rid in ids}

    def find(rid: str) -> str:
        parent.setdefault(rid, rid)
        while parent[rid] != rid:
            parent[rid] = parent[parent[rid]]
            rid = parent[rid]
        return rid

    for group in groups:
        for rid in group[1:]:
            a, b = find(group[0]), find(rid)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {rid: find(rid) for rid in list(parent)}
