"""Channel names as typed in a hurry ("contected tv", "podcsts", "displya")."""

from __future__ import annotations

import re

from ad_buyer.intake.reading import Reading
from ad_buyer.models.brief import Channel

# Channel names as typed in a hurry ("contected tv", "podcsts", "displya"): a word or two
# that is a close spelling (rapidfuzz ratio 85+) of one, and not a longer word built on it
# ("displayed").
_SPELLED: list[tuple[str, Channel]] = [
    ("connected tv", Channel.CTV), ("online video", Channel.ONLINE_VIDEO),
    ("display", Channel.DISPLAY), ("banners", Channel.DISPLAY), ("podcasts", Channel.AUDIO),
    ("podcast", Channel.AUDIO), ("streaming audio", Channel.AUDIO),
    ("digital audio", Channel.AUDIO), ("billboards", Channel.DOOH),
    ("linear tv", Channel.LINEAR_TV), ("out of home", Channel.DOOH),
]


def misspelt_channels(text: str, reading: Reading) -> list[tuple[int, Channel]]:
    from rapidfuzz import fuzz

    words = list(re.finditer(r"[A-Za-z][A-Za-z-]*", text))
    found: list[tuple[int, Channel]] = []
    for size in (1, 2, 3):
        for i in range(len(words) - size + 1):
            first, last = words[i], words[i + size - 1]
            phrase = " ".join(w.group(0).lower() for w in words[i:i + size])
            if text[first.start():last.end()].count("\n") or any(
                    s < last.end() and first.start() < e for s, e in reading.spans):
                continue
            if first.group(0)[0].isupper() and re.search(r"[A-Z][\w&'-]*[ \t]+$",
                                                         text[max(0, first.start() - 30):
                                                              first.start()]):
                continue  # "Bargin Baners": part of a name
            for name, channel in _SPELLED:
                if name.count(" ") + 1 != size or phrase == name or len(phrase) < 6:
                    continue
                if phrase.startswith(name) or name.startswith(phrase):
                    continue  # "displayed", "displays", "podcast" for "podcasts"
                differing = [(a, b) for a, b in zip(phrase.split(), name.split(), strict=True)
                             if a != b]
                if len(differing) != 1 or len(differing[0][0]) < 4:
                    continue  # "connected to our CRM" is no typo of "connected tv"
                if fuzz.ratio(phrase, name) >= 85:
                    reading.mark(first.start(), last.end())
                    reading.assume(f"{text[first.start():last.end()]!r} read as {name} "
                                   f"({channel.value}), a close spelling")
                    found.append((first.start(), channel))
    return found
