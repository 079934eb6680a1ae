"""The parts of an email that are not the brief: set aside before the readers run.

Planners write briefs as emails, and emails carry text that states no campaign
constraint: a signature block (titles, phone numbers, an office address), "Sent from my
iPhone", an out-of-office line, a legal disclaimer, a meeting request ("can we jump on a
call Tuesday?"), a reporting or billing ask, creative specs ("15s and 30s", "300x250"),
past campaigns and their results, PO and job numbers, a reply-by deadline, links. Their
dates, places and numbers are no flight, market or budget, so they are blanked (indexes
stay valid), marked as read, and named in one assumption so the planner sees what was
set aside.

A sentence is set aside by its role only when it states nothing a reader needs: an
amount, an age range, a channel, or an instruction ("only", "exclude", "keep", "cap")
keeps it in the brief, where the readers and the unread guard see it.
"""

from __future__ import annotations

import re
from datetime import date

from ad_buyer.intake.channel_words import CHANNEL_WORDS
from ad_buyer.intake.reading import Reading, blank
from ad_buyer.intake.signatures import SIGN_OFF_WORDS
from ad_buyer.intake.unread import carried_in_leftover

_ANY_CHANNEL = "|".join(words for _, words in CHANNEL_WORDS)
_MONEY = re.compile(r"[$€£¥]\s?\d|\b\d[\d.,]*\s*(?:k|m|mm|bn|grand|usd|eur|gbp|dollars?|"
                    r"euros?|pounds)\b|\bbudget\b", re.IGNORECASE)
_AGES = re.compile(r"(?<![/.\d])\b\d{1,2}\s*(?:-|–|to)\s*\d{1,2}\b(?![/.]\d)(?!\s*(?:am|pm|:|jan|"
                   r"feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))|\b\d{2}\s*\+", re.IGNORECASE)
_CHANNEL = re.compile(rf"\b(?:{_ANY_CHANNEL})\b", re.IGNORECASE)
_INSTRUCTION = re.compile(r"\b(?:only|exclude|excluding|avoid|don'?t|do\s+not|never|keep|cap|"
                          r"add|adding|added|include|including|increase|reduce|cut|extend|"
                          r"expand|remove|switch|"
                          r"capped|max(?:imum)?|min(?:imum)?|cpms?|target(?:ing)?|should|"
                          r"must|instead|same\s+as|like\s+last)\b", re.IGNORECASE)
_FLIGHT_WORDS = re.compile(r"\b(?:go(?:es)?\s+live|live|launch(?:es|ing)?|start(?:s|ing)?|"
                           r"run(?:s|ning)?|flight|air(?:s|ing)?|in[\s-]market|"
                           r"end(?:s|ing)?(?!\s+of\s+(?:the\s+)?(?:day|week|business)))\b",
                           re.IGNORECASE)

_WHEN_WORDS = re.compile(r"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|jan(?:uary)?|"
                         r"feb(?:ruary)?|march|april|june|july|aug(?:ust)?|sept?(?:ember)?|"
                         r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|gmt|bst|cet|cest|utc|"
                         r"[ecmp][sd]?t)\b", re.IGNORECASE)
_DAY_SPANS = re.compile(r"\b\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?\b|\b\d{1,2}\s*(?:-|–|to|au|bis|al)"
                        r"\s*\d{1,2}\s+(?:de\s+)?[A-Za-zéû]{3,}", re.IGNORECASE)
_WHEREABOUTS = "where the writer or the client is"
_LEAVE = "someone's leave or travel"
# A channel word naming a creative ("the audio creative", "the CTV spot", "the audio :30"):
# it states no channel to buy.
_ASSET = re.compile(rf"\b(?:{_ANY_CHANNEL})(?:\s+(?:creatives?|spots?|assets?|masters?|files?|"
                    r"cut-?downs?|edits?|artwork|scripts?|banners?|tags?)\b|\s+:\d{2}s?\b)",
                    re.IGNORECASE)
_MEETING = "a meeting request"
# where a meeting is held: "meet in Chicago", "a workshop at our London office"
_MEETING_PLACE = re.compile(r"\b(?:meet(?:ing)?|catch\s+up|see\s+you|visit|office|workshop|"
                            r"lunch|coffee|dinner)\b\s+(?:\w+\s+){0,2}?(?:in|at)\s+(?:our\s+)?"
                            r"[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*", re.IGNORECASE)
# Roles a sentence can have that carry no campaign constraint.
_ROLES: list[tuple[str, re.Pattern[str]]] = [
    (_MEETING, re.compile(
        r"\b(?:call(?!\s+(?:it|this|the\s+campaign)\b)|calls|meeting|meet|sync|catch[\s-]?up|chat|invite|calendar|zoom|webex|"
        r"hangout|walk\s+(?:you\s+|us\s+)?through|discuss|debrief|touch\s+base|kick-?off|"
        r"workshop|lunch|coffee|presentation|pitch\s+meeting|review\s+(?:it\s+)?together|"
        r"present\s+(?:the|your|our)\s+(?:plan|proposal|recommendations?|deck)|go\s+over|"
        r"talk\s+(?:it\s+)?through|wip|working\s+session|present\s+(?:it\s+)?back|"
        r"(?:for|in)\s+(?:\d{1,2}|fifteen|twenty|thirty|forty-?five)\s*min(?:ute)?s?|"
        r"availability|free\s+for|available\s+(?:for|on))\b", re.IGNORECASE)),
    ("a reporting or billing ask", re.compile(
        r"\b(?:reports?|reporting|recaps?|dashboards?|pacing\s+updates?|wrap[\s-]?ups?|"
        r"post[\s-]campaign\s+analysis|invoices?|invoicing|billing|billed|payment\s+terms|"
        r"net\s+\d{2}|remit|po\s+to\s+follow|purchase\s+order)\b", re.IGNORECASE)),
    # a creative word that leads the sentence, a banner size or a spot length
    ("creative specs", re.compile(
        r"^\W*(?:\S+\s+){0,3}?(?:creatives?|assets?|spots?|specs?|artwork|ad\s+units?|"
        r"cut-?downs?)\b|\b\d{2,4}\s?x\s?\d{2,4}\b|(?<![\w:]):\d{2}s?\b|"
        r"\b(?:mp4|vast|vpaid|html5)\b", re.IGNORECASE)),
    # "I'm in London next week", "the client's HQ is in Toronto": where people are
    (_WHEREABOUTS, re.compile(
        r"\b(?:I'?m|I\s+am|I'?ll\s+be|I\s+will\s+be|we'?re|we\s+are|we'?ll\s+be)\s+"
        r"(?:(?:based|travel+ing|out|away|working)\s+)?(?:in|at|to|from)\s+[A-Z]|"
        r"\b(?:hq|headquarters|head\s+office|offices?|based)\s+(?:is\s+|are\s+)?(?:in|at)\s+[A-Z]",
        re.IGNORECASE)),
    # "Olivia is on leave in Lisbon 3-10 March", "Priya will be travelling to Toronto": where
    # someone else is, never a market
    (_LEAVE, re.compile(
        r"(?:\b(?-i:[A-Z][a-z]+)|\b(?:she|he|they|team|client|everyone|boss))\s+(?:is|are|will\s+"
        r"be|'s|'ll\s+be|has\s+been)\s+(?:\w+\s+)?(?:on\s+(?:annual\s+|parental\s+|"
        r"maternity\s+|paternity\s+)?(?:leave|holiday|vacation|pto|sabbatical)|travel+ing|"
        r"away|off\s+sick|out\s+of\s+(?:the\s+)?office)\b", re.IGNORECASE)),
    # "I'll be out Friday but reachable by phone", "My working days are Tuesday to Friday",
    # "Away 23/12 - 02/01", "I'm at Cannes Lions 14-18 June": where and when people are
    ("someone's availability", re.compile(
        r"\b(?:I'?m|I\s+am|I'?ll\s+be|I\s+will\s+be|we'?re|we\s+are|we'?ll\s+be|she'?s|he'?s|"
        r"they'?re)\s+(?:\w+\s+)?(?:out|off|away|travel+ing|on\s+(?:leave|holiday|vacation|pto)|"
        r"unavailable|back|reachable|available|free|in\s+meetings|offline)\b|"
        r"\b(?:working\s+(?:days|hours)|office\s+hours|holiday\s+hours|hours\s+are|"
        r"back\s+in\s+the\s+office|out\s+of\s+office|ooo|away\s+(?:until|till|from\s+the|on|"
        r"\d+)|(?:office|we\s+are|we'?re|shop|agency)\s+(?:is\s+|are\s+)?closed|pencil\s+in|"
        r"grab\s+\d+\s+min|get\s+\d+\s+minutes|\d+\s+minutes\s+(?:with|on)|dial[\s-]?in|"
        r"reachable|call\s+me|text\s+me|reach\s+me|ping\s+me|on\s+(?:\w+\s+)?(?:leave|holiday|"
        r"vacation|sabbatical)|absente?|en\s+congé|abwesend|im\s+urlaub|de\s+vacaciones|"
        r"fuera\s+de\s+la\s+oficina)\b|"
        r"\bI'?m\s+at\s+[A-Z]", re.IGNORECASE)),
    # "Let me know if you have any questions.", "Looking forward to it": how emails close
    ("a closing line", re.compile(
        r"^\W*(?:let\s+me\s+know|any\s+questions|shout\s+if|give\s+me\s+a\s+shout|happy\s+to\s+"
        r"(?:help|discuss|chat|answer)|looking\s+forward|thanks\s+in\s+advance|hope\s+(?:this|that)"
        r"\s+helps|feel\s+free|don'?t\s+hesitate|appreciate\s+(?:it|your))\b", re.IGNORECASE)),
    # "Brief v2, updated 12/04": the document's date, not the flight's
    ("a document's version", re.compile(
        r"\b(?:v\d+(?:\.\d+)?|version\s+\d+|draft|(?:last\s+)?updated|revised|dated)\b(?!\s*:)",
        re.IGNORECASE)),
    ("a reply-by deadline", re.compile(
        r"\b(?:send|share|get|have|return|submit|circulate|turn\s+(?:this|it)\s+around|"
        r"respond|reply|come\s+back|hear\s+back|signs?|signed|approved?|confirm(?:ed)?|"
        r"finali[sz]ed?|countersigned)\b[^.!?\n]*\b(?:by|before|no\s+later\s+than|"
        r"asap|eod|end\s+of\s+(?:day|week)|cob)\b|\b(?:deadline|due\s+date|responses?\s+due|"
        r"proposals?\s+due|rfp\s+(?:response\s+)?due)\b|\bdue\s+(?:by|on|no\s+later)\b|"
        r"\b(?:proposals?|plans?|responses?|povs?|recommendations?|options|quotes?|avails)\s+"
        r"(?:back\s+)?(?:by|before|no\s+later\s+than)\b",
        re.IGNORECASE)),
]
_NEAR_FLIGHT = frozenset({"a meeting request", "a reply-by deadline", "someone's availability",
                          _LEAVE})
_PAST = re.compile(
    r"\b(?:last|previous|prior|past)\s+(?:year'?s?|years|spring|summer|fall|autumn|winter|"
    r"quarter|campaigns?|flights?|time|season|holidays?|christmas|q[1-4]|wave|burst)\b|"
    r"\bhistorically\b|\brepeat\s+of\b|\b(?:\w+\s+)?(?:years?|months?)\s+ago\b|"
    r"\bin\s+the\s+past\b|\bwe\s+(?:ran|spent|saw|got|did|tested|tried)\b",
    re.IGNORECASE)
_RESULTS = re.compile(r"\b(?:results?|recaps?|benchmarks?|learnings|post[\s-]campaign)\b",
                      re.IGNORECASE)
_PAST_VERB = re.compile(r"\b(?:ran|spent|delivered|saw|got|achieved|drove|generated|had|was|"
                        r"were|did|performed|hit|reached|tested|tried)\b", re.IGNORECASE)

# What a planner asks of this campaign: a clause that says so is no history.
# ("no NightOwl Media pls, they burned us last time": an exclusion, whatever its reason)
_ASKS = re.compile(r"\b(?:keep|please|pls|plz|kindly|should|must|need|needs|want|wants|wanted|"
                   r"would\s+like|never|skip|leave\s+out|steer\s+clear|no\s+(?-i:[A-Z])|"
                   r"don'?t|do\s+not|avoid|exclude|instead|again|same\s+as|like\s+last|"
                   r"(?:this|next)\s+(?:year|time|campaign|flight|round))\b", re.IGNORECASE)
# what asks for a past campaign's setting again: its history is then the brief
_REUSE = re.compile(r"\b(?:same|again|as\s+before|like\s+(?:last|before)|keep|continue|"
                    r"carry\s+(?:over|forward)|reuse|re-use)\b", re.IGNORECASE)
# Where a sentence's clauses part: ", and", ", but", ", so", ";", ": "
_CLAUSE_BREAK = re.compile(r",\s+(?=(?:and|but|so|while|whereas|though)\b)|;\s*|:\s+")
# "this year" set against past campaigns: the campaign at hand, not a twelve-month flight
_CONTRAST = re.compile(r"(?<!\bof\s)(?<!\bin\s)(?<!\bend\s)(?<!\bthrough\s)(?<!\buntil\s)"
                       r"\b[Tt]his\s+(?:year|time|round)\b(?!'s)(?!\s+(?:through|until|to|from)\b)")
_SENTENCE = re.compile(r"(?:[^.!?\n]|[.!?](?=[^\s.!?]))+[.!?]*")
_SIGN_OFF = re.compile(r"^[ \t]*(?:" + SIGN_OFF_WORDS + r"|--)[ \t]*[,.!]*[ \t]*$",
                       re.IGNORECASE | re.MULTILINE)
_BRIEF_LINE = re.compile(r"^\s*(?:p\.?\s?s\.?|update|edit|correction|note|budget|flight|dates?|"
                         r"channels?|audience|geo|markets?|campaign|cpm|split|goal)\b",
                         re.IGNORECASE)
# a phone number or an email address: how a signature ends
_CONTACT = re.compile(r"(?:\+\d{1,3}[\s.-]?)?\(?\b\d{2,4}\)?[\s.-]\d{3,4}[\s.-]\d{3,4}\b|"
                      r"\b0\d{3,4}\s?\d{6}\b|"  # a UK number: 07700 900123
                      r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_SENT_FROM = re.compile(r"^[ \t]*(?:sent\s+from\s+(?:my\s+)?\w+(?:\s+for\s+\w+)?|get\s+outlook"
                        r"\s+for\s+\w+|sent\s+via\s+\w+)[^\n]*$", re.IGNORECASE | re.MULTILINE)
_AWAY = re.compile(r"\b(?:out\s+of\s+(?:the\s+)?office|ooo|on\s+(?:annual\s+)?leave|"
                   r"on\s+vacation|limited\s+access\s+to\s+(?:e-?mail|my\s+inbox)|auto-?reply|"
                   r"automatic\s+reply|away\s+from\s+(?:my\s+desk|the\s+office)|"
                   r"confidential(?:ity)?|intended\s+recipients?|privileged|disclaimer|"
                   r"unsubscribe|before\s+printing|legally\s+binding|registered\s+(?:in|office|"
                   r"address|number)|company\s+(?:number|no\.?|registration)|vat\s+(?:number|no\.?|"
                   r"reg)|not\s+secure|may\s+be\s+intercepted|virus(?:es)?\s+free|abn|acn|"
                   r"pty\s+ltd|confidentiels?|vertraulich|confidencial|"
                   # "Acme Inc., a Delaware corporation": where a company is incorporated
                   r"(?:corporation|limited\s+liability\s+company|public\s+limited\s+company)"
                   r"\s+(?:organi[sz]ed|incorporated|registered)|a\s+(?-i:[A-Z][a-z]+(?:\s+[A-Z]"
                   r"[a-z]+)?)\s+(?:corporation|limited\s+liability\s+company|llc|"
                   r"public\s+benefit\s+corporation))\b",
                   re.IGNORECASE)
# "Mobile/WhatsApp:", "Mobile (preferred):", "Cell / Signal": how a phone number is labelled
_PHONE_WORDS = r"(?:mobile|mob|cell|tel|phone|direct|office|fax|whats-?app|signal|wechat|work)"
_PHONE_LABELS = rf"{_PHONE_WORDS}(?:\s*[/&,]\s*{_PHONE_WORDS})*\b(?:\s*\([^()\n]{{1,20}}\))?"
_TOKENS = re.compile(
    rf"\b{_PHONE_LABELS}\.?\s*:?\s*\+?\(?\d[\d\s().-]{{6,}}\d|"
    r"\b(?:on|to|via|from)\s+my\s+(?:mobile|cell|phone)(?:\s+device)?\b|"
    r"<?\b(?:https?://|www\.)[^\s<>]+>?|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b|"
    r"\b[\w-]+\.(?:com|net|org|io|co|biz|info)(?:\.[a-z]{2})?/[^\s<>]*|"
    r"\b(?:p\.?o\.?|io|job|estimate|est|ref(?:erence)?|cost\s+cent(?:er|re)|client\s+code|"
    r"ticket|req|order)\s*(?:no\.?|number|num|#)?\s*[:#]?\s*(?=[A-Z0-9/-]*\d)"
    r"[A-Z0-9][A-Z0-9/_-]*\b(?:,\s*client\s+code\s+[A-Z0-9-]+)?", re.IGNORECASE)


# "Following today's call, here's what we agreed for Project Northstar:": it introduces the
# brief (and may name it), it is no meeting request
_LEAD_IN = re.compile(r":\s*$|\b(?:Project|Operation)\s+[A-Z]|\bhere(?:'s|\s+is|\s+are)\b|"
                      r"\bas\s+follows\b|\bbelow\b", re.IGNORECASE)
# "Geo: Ontario and Quebec (FR + EN creative)": a labelled line is the brief
_LABELLED = re.compile(r"^\W*(?:geo\w*|markets?|budget|flight|dates?|timing|audience|target|"
                       r"channels?|media|regions?|locations?|split|kpis?|goal|objective|"
                       r"campaign|name|cpm)\s*[:|=-]", re.IGNORECASE)


# Words other readers take a fact from: a goal or KPI, an audience, a market
_READ_WORDS = re.compile(
    r"\b(?:awareness|reach|consideration|engagement|conversions?|sales|leads?|installs?|"
    r"sign[\s-]?ups?|registrations?|purchases|acquisitions?|traffic|visits|roas|cpa|ctr|vcr|"
    r"viewability|completion|brand\s+lift|frequency|kids|children|families|parents|moms|mums|"
    r"dads|teens|women|men|adults|seniors|students|millennials|gen\s*[zxy]|boomers|hispanic|"
    r"latino|households?|hhi|income|homeowners|renters|shoppers|buyers|owners|fans|"
    r"markets?|regions?|states?|cities|city|dmas?|national|nationwide|local|metros?)\b",
    re.IGNORECASE)


def _states_a_fact(sentence: str) -> bool:
    return _LABELLED.match(sentence) is not None or any(
        p.search(sentence) for p in (_MONEY, _AGES, _CHANNEL, _INSTRUCTION, _READ_WORDS))


def _is_past(clause: str, reference: date) -> bool:
    """A clause about campaigns already run ("in 2025 we ran radio only and saw +4 pts of
    lift", "last spring's flight delivered a $4.10 CPA"), asking nothing of this one."""
    this_year = reference.year
    years = [int(y) for y in re.findall(r"\b(20\d\d)\b", clause)]
    past = _PAST.search(clause) or (years and max(years) <= this_year and (
        _PAST_VERB.search(clause) or _RESULTS.search(clause))) or (
        years and max(years) < this_year and _RESULTS.search(clause))
    return bool(past) and not _ASKS.search(clause)


# What only a creative spec says: sizes, resolutions, ratios, file formats and lengths
_SPEC = re.compile(r"\b\d{2,4}\s?x\s?\d{2,4}\b|\b\d{3,4}p\b|\b(?:16:9|9:16)\b|"
                   r"\b\d+\s?(?:mb|kb|gb|kbps|mbps|fps)\b|\b(?:mp4|mov|wav|mp3|vast|vpaid|html5|"
                   r"stereo|mono|aspect\s+ratio|file\s+size|bitrate)\b|"
                   r"\b\d{1,3}\s?(?:seconds?|secs?|s)\b(?=[^.!?\n]*\b(?:spots?|files?|creative|"
                   r"assets?|versions?|ads?|length|long)\b)|\b(?:video|spot|ad|edit|cut)\s+is\s+"
                   r"\d{1,3}\s?(?:seconds?|secs?|s)\b", re.IGNORECASE)
_SPEC_GUARD = re.compile(r"\b(?:only|exclude|excluding|avoid|don'?t|do\s+not|never|e?cpms?)\b",
                         re.IGNORECASE)
# A street address or a postcode: where an office is, never a market
_ADDRESS = re.compile(
    r"^[^\n]*(?:\b\d+[A-Za-z]?\s+(?:[NSEW]\.?\s+)?(?:[A-Z][\w.'-]*\s+){1,4}(?:St|Street|Ave|"
    r"Avenue|Rd|Road|Dr|Drive|Blvd|Boulevard|Lane|Ln|Way|Pl|Place|Plaza|Square|Sq|Court|Ct|"
    r"Parkway|Pkwy|Terrace|Row|Wharf|Quay|Straße|Strasse|Str|Gracht|Rue)\b|\b(?:Suite|Floor|"
    r"Level|Unit)\s+\d+|\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b|\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b|"
    r"\b(?:NSW|VIC|QLD|WA|SA|TAS|ACT|NT)\s+\d{4}\b|\b\d{4,5}\s+[A-Z][a-zäöüé]+\b$|"
    r"\b\d{4}\s?[A-Z]{2}\s+[A-Z][a-z]+|\b[A-Z][a-zäöüß]+(?:straße|strasse|gracht|weg|laan|plein|"
    r"gasse|platz|allee)\s+\d+|\b\d+,?\s+(?:rue|avenue|av\.?|boulevard|bd|calle|via|rua|avenida)\s+|"
    r"\b(?:rue|av\.|avenida|calle|via|rua)\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*,?\s+\d+|"
    r"\b\d{5}-\d{3}\b|\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b|\b\d{5}\s+[A-Z][a-zé]+(?:,|$))[^\n]*$"
    .replace(r"\s", r"[ \t]"),  # one line: "2027\n\nOBJECTIVE\nDrive ..." is no street
    re.MULTILINE)
_NEAR_ADDRESS = re.compile(r"\b(?:radius|around|near|within|miles|km|zips?|postcodes?|"
                           r"geo-?fence|target)\b", re.IGNORECASE)


def _role(sentence: str) -> str | None:
    """What the sentence is, when it is one of the roles that carry no constraint."""
    if _SPEC.search(sentence) and not _LEAD_IN.search(sentence) and not any(
            p.search(sentence) for p in (_MONEY, _AGES, _SPEC_GUARD, _LABELLED)):
        return "creative specs"  # "Video files are 16:9, 1080p": a channel word names a file
    assets = _ASSET.sub(" ", sentence)
    if assets != sentence and not _CHANNEL.search(assets) and not _states_a_fact(assets) and \
            not _LEAD_IN.search(sentence) and not _FLIGHT_WORDS.search(sentence) and \
            not _WHEN_WORDS.search(sentence) and not carried_in_leftover(assets):
        return "creative specs"  # "the audio creative is still in edit": no channel asked for
    if _states_a_fact(sentence) or _LEAD_IN.search(sentence):
        return None
    for role, pattern in _ROLES:
        if pattern.search(sentence):
            if role in _NEAR_FLIGHT and _FLIGHT_WORDS.search(sentence):
                return None  # "can we discuss a start on May 3": it names the flight
            said = _MEETING_PLACE.sub(" ", sentence) if role == _MEETING else sentence
            said = _DAY_SPANS.sub(" ", said)  # "23/12 - 02/01", "14-18 December": days
            said = _WHEN_WORDS.sub(" ", said)  # "pencil in Monday": a day, not a place
            if role not in {_WHEREABOUTS, _LEAVE} and set(carried_in_leftover(said)) - {"a date"}:
                return None  # "creative in Spanish for Texas": a place the guard must see
            return role
    return None


# A person's name opening a line, and the titles a signature gives them
_PERSON = re.compile(r"^[ \t]*[A-Z][a-z'’-]+(?:[ \t]+(?:[A-Z]\.|[A-Z][a-z'’-]+)){0,2}[ \t]*"
                     r"(?:[|,\n]|$)")
_PHONE_LABEL = re.compile(rf"\b(?:{_PHONE_LABELS}|[mtpfdo]\b)\.?:?"
                          r"\s*(?=[+(\d])", re.IGNORECASE)
_JOB_TITLE = re.compile(r"\b(?:director|manager|planner|buyer|lead|head\s+of|vp|svp|evp|ceo|cmo|"
                        r"cfo|coo|founder|coordinator|specialist|associate|executive|strategist|"
                        r"analyst|supervisor|account|partner|officer|assistant|consultant|"
                        r"marketing|media|agency|inc\.?|llc|ltd|gmbh)\b", re.IGNORECASE)


def _is_signature(body: str) -> bool:
    """A short block that opens with a person's name and gives a title or a contact, with
    no amount in it: "Dana Kim\nSenior Planner, Acme Agency\nChicago, IL"."""
    lines = [line for line in body.splitlines() if line.strip()]
    bare = _CONTACT.sub(" ", _PHONE_LABEL.sub(" ", body))  # "Mobile 07700 900123"
    return 1 <= len(lines) <= 6 and _PERSON.match(lines[0]) is not None and \
        (_JOB_TITLE.search(body) is not None or _CONTACT.search(body) is not None) and \
        not any(p.search(bare) for p in (_MONEY, _AGES, _CHANNEL)) and \
        not any(_LABELLED.match(line) for line in lines)


def _signature_spans(text: str, older_from: int | None) -> list[tuple[int, int]]:
    """The sign-off line and the lines after it up to a blank line (a name, a title, a
    phone number, an address), or to where a quoted older message starts."""
    spans = []
    for m in _SIGN_OFF.finditer(text):
        limit = older_from if older_from is not None and older_from > m.start() else len(text)
        end = pos = m.end()
        lines = gaps = 0
        while pos < limit and lines < 8:
            line_end = min(limit, text.find("\n", pos) + 1 or len(text))
            body = text[pos:line_end]
            if not body.strip():
                gaps += 1
                if lines or gaps > 1:
                    break  # the signature ends at the first blank line after it
            elif _BRIEF_LINE.match(body) or _MONEY.search(body):
                break  # "P.S. make that 300k" after "Thanks,": a correction, not a name
            else:
                lines += 1
                end = line_end
            pos = line_end
        spans.append((m.start(), end))
    return spans


def read_noise(text: str, reading: Reading) -> str:
    """``text`` with the parts that are not the brief blanked (and marked)."""
    found: dict[str, list[str]] = {}

    def drop(start: int, end: int, role: str) -> None:
        nonlocal text
        shown = " ".join(text[start:end].split())
        if not shown:
            return
        found.setdefault(role, []).append(shown)
        reading.mark(start, end)
        text = blank(text, start, end)

    for m in _TOKENS.finditer(text):
        drop(m.start(), m.end(), "links and reference numbers")
    for m in _ADDRESS.finditer(text):  # "233 S Wacker Dr, Suite 4400, Chicago, IL 60606"
        if not _NEAR_ADDRESS.search(m.group(0)) and not _LABELLED.match(m.group(0)) and \
                not any(p.search(m.group(0)) for p in (_MONEY, _AGES, _CHANNEL)):
            drop(m.start(), m.end(), "a sign-off and signature")
    for m in _SENT_FROM.finditer(text):
        drop(m.start(), m.end(), "a mail app's line")
    for start, end in _signature_spans(text, reading.older_from):
        drop(start, end, "a sign-off and signature")
    for paragraph in re.finditer(r"(?:[^\n]+\n?)+", text):
        body = paragraph.group(0)
        if _AWAY.search(body) and not _MONEY.search(body):
            drop(paragraph.start(), paragraph.end(), "an out-of-office note or disclaimer")
        elif _is_signature(body):  # "Alex Kim | Media Lead | +44 20 7946 0958"
            drop(paragraph.start(), paragraph.end(), "a sign-off and signature")
    for m in _SENTENCE.finditer(text):
        role = _role(m.group(0))
        if role is not None:
            drop(m.start(), m.end(), role)
            continue
        if _REUSE.search(m.group(0)):
            continue  # "last year's audience (women 25-54) worked well, so same again"
        start = m.start()  # "last spring delivered a $4.10 CPA, and the client wants ..."
        for cut in [*_CLAUSE_BREAK.finditer(m.group(0)), None]:
            end = m.start() + cut.start() if cut else m.end()
            if _is_past(text[start:end], reading.reference):
                drop(start, end, "past campaigns")
            start = m.start() + cut.end() if cut else end
    if "past campaigns" in found:  # "..., so we're moving budget to video this year"
        for m in _CONTRAST.finditer(text):
            drop(m.start(), m.end(), "a contrast with past campaigns")
    for role, parts in found.items():
        if role in {"a sign-off and signature", "links and reference numbers",
                    "a mail app's line"}:
            continue  # how mail looks: nothing to tell the planner
        reading.assume(f"set aside as {role}, not a campaign constraint: "
                       + "; ".join(repr(p[:80]) for p in parts))
    return text
