"""Which words name which channel: the patterns the channel readers share, the label
a campaign name uses for each channel, and the channel one written word names."""

from __future__ import annotations

import re

from ad_buyer.models.brief import Channel

__all__ = ["CHANNEL_LABELS", "CHANNEL_WORDS", "SERVICE_NAME", "channel_of"]

CHANNEL_WORDS: list[tuple[Channel, str]] = [
    (Channel.CTV, r"ctv|connected[\s-]?tv|connected\s+television|streaming\s+tv|"
                  r"streaming\s+television|ott|tv\s+connect[ée]e|"
                  r"t[ée]l[ée]vision\s+connect[ée]e|tv\s+conectada|smart[\s-]?tvs?|"
                  r"bvod|avod|fast\s+channels?|addressable\s+tv|"
                  # streaming-TV services named as the channel ("Hulu and Roku")
                  r"hulu|roku|peacock|pluto\s*tv|tubi|paramount\+|samsung\s+tv\s+plus|"
                  r"sling\s+tv|fubo(?:\s*tv)?|"
                  # "linear and streaming": beside linear TV, streaming is streaming TV
                  r"(?:(?<=linear\sand\s)|(?<=linear\sto\s)|(?<=linear\s\+\s)|(?<=linear/)|"
                  r"(?<=linear\s&\s))streaming(?!\s+(?:audio|radio|music))|"
                  r"streaming(?=\s*(?:and|&|\+|/|to)\s*linear)"),
    (Channel.ONLINE_VIDEO, r"online[\s-]video|olv|pre-?roll|in-?stream\s+video|"
                           r"vid[ée]os?\s+en\s+ligne|v[íi]deo\s+online|vidéo|vídeo|youtube|"
                           r"(?<!streaming\s)(?<!ctv\s)(?<!app\s)video(?!\s+(?:completions?|views?))"
                           # "70% video en CTV", "video on connected TV": the video is CTV
                           r"(?!\s+(?:en|on|in|via|sur|em|auf|na|op)\s+(?:ctv|connected\s+tv)\b)"),
    (Channel.DISPLAY, r"display|banners?|disp\b|rich[\s-]media|"
                      r"high[\s-]impact\s+(?:display|units?)|"
                      r"native(?:\s+(?:ads|advertising|units|placements))?"
                      r"(?!\s+(?:americans?|speakers?|language|english|spanish|apps?|video))"),
    (Channel.MOBILE_APP, r"mobile(?:\s+apps?)?|in-?app|apps"),
    # "display retargeting" is a tactic of display, not the performance channel
    (Channel.PERFORMANCE, r"performance\s+(?:channel|media|display)|(?<!display\s)(?<!video\s)"
                          r"(?<!mobile\s)(?<!ctv\s)(?:retargeting|prospecting)"),
    (Channel.AUDIO, r"audio|podcasts?|streaming\s+radio|digital\s+radio|internet\s+radio|"
                    r"online\s+radio|web\s+radio|radio\s+streaming|"
                    r"music\s+streaming|streaming\s+music|audio\s+streaming|"
                    # audio publishers named as the channel ("20% Spotify")
                    r"spotify|pandora|iheart(?:radio)?|siriusxm|"
                    # Nordic: "streamingljud", "ljud", "digital lyd"
                    r"(?:streaming)?ljud|(?:digital\s+|streaming\s?)?lyd|"
                    r"(?<=[/+])aud\b"),
    (Channel.DOOH, r"dooh|p-?dooh|d-ooh|(?:digital|programmatic)\s+ooh|"
                   r"digital\s+out[\s-]of[\s-]home|out[\s-]of[\s-]home|billboards?"),
    (Channel.LINEAR_TV, r"linear(?:\s+(?:tv|television))?|(?:broadcast|cable)\s+(?:tv|television)"),
]
# Streaming services named as a channel are also sellers: "no Hulu" excludes the seller,
# not the channel
SERVICE_NAME = re.compile(r"hulu|roku|peacock|pluto\s*tv|tubi|paramount\+|samsung\s+tv\s+plus|"
                          r"sling\s+tv|fubo(?:\s*tv)?|spotify|pandora|iheart(?:radio)?|siriusxm",
                          re.IGNORECASE)
CHANNEL_LABELS = {Channel.CTV: "CTV", Channel.ONLINE_VIDEO: "Online Video",
                  Channel.DISPLAY: "Display", Channel.MOBILE_APP: "Mobile App",
                  Channel.PERFORMANCE: "Performance", Channel.AUDIO: "Audio",
                  Channel.DOOH: "DOOH", Channel.LINEAR_TV: "Linear TV"}


def channel_of(word: str) -> Channel | None:
    """The channel a word names (``"mobile"`` -> mobile_app), or None."""
    for channel, words in CHANNEL_WORDS:
        if re.fullmatch(words, word.strip(), re.IGNORECASE):
            return channel
    word = word.strip().lower()
    if word == "streaming":  # named only beside linear TV ("linear and streaming")
        return Channel.CTV
    if word == "aud":  # named only inside a channel list ("CTV/OLV/AUD")
        return Channel.AUDIO
    return Channel.PERFORMANCE if word == "performance" else None
