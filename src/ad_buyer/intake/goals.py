"""The campaign's goal and the KPIs a brief names ("Objective: consideration", "KPI is CPA").

Every mention of an outcome ("sales", "app downloads", "reach", "completed views", a
KPI such as CPI or VCR) is weighed by the words around it: a mention a goal label or
verb introduces ("Goal is ...", "KPI:", "optimise to ...", "we are measured on ...")
states the goal; one in a past or background clause ("last year's sales were up"), a
negated one ("not a performance play") or one in a job title ("Sales Director") is no
goal. The first stated mention wins; with none, the first plain one (said so); with
none at all, awareness (said so). A KPI that implies the goal is listed as an
assumption ("KPI is cost per install": performance).
"""

from __future__ import annotations

import re

from ad_buyer.intake.reading import Reading, blank
from ad_buyer.models.brief import CampaignGoal

_AWARENESS = (
    r"(?:brand\s+)?awareness|reach(?!\s+(?:out|us|me|them|you|back)\b)|brand\s+lift|"
    r"brand\s+health|brand[\s-]building|tune[\s-]in|viewership|(?:ad|brand)\s+recall|"
    r"upper[\s-]funnel|"
    r"top[\s-]of[\s-](?:the[\s-])?funnel|share\s+of\s+voice|notoriety|notoriété|notoriedad|"
    r"notorietà|notoriedade|(?:marken)?bekanntheit|reichweite|sichtbarkeit|alcance|"
    r"reconocimiento\s+de\s+marca|reconhecimento\s+de\s+marca|visibilité|naamsbekendheid|bereik"
)
_CONSIDERATION = (
    r"consideration|considération|consideración|engagement|(?:web\s*)?site\s+visits|"
    r"website\s+visits|landing[\s-]page\s+visits|visit\s+the\s+(?:web)?site|"
    r"(?:web\s*)?(?:site\s+)?traffic(?=\s+to\b)|(?:web\s*)?site\s+traffic|web\s+traffic|"
    r"(?<=drive\s)traffic|(?<=driving\s)traffic|mid[\s-]funnel|clicks|click[\s-]throughs?|"
    r"ctr|cpc|video\s+completions?|completed\s+views|completion\s+rate|video\s+views|"
    r"vcr|vtr|cpcv|cpv|cost\s+per\s+(?:completed\s+)?(?:view|visit)|"
    r"visits\s+to\s+(?:the\s+|our\s+)?(?:web)?site|purchase\s+intent|"
    r"intent\s+to\s+(?:buy|purchase)|favou?rability|"
    r"trafic|tráfico|overweging|websitebezoek(?:en)?"
)
_PERFORMANCE = (
    r"(?<!period\sof\s)performance(?!\s+(?:reports?|reporting|data|review|metrics)\b)|"
    r"conversions?|conversiones|subscribers|new\s+(?:users|members|donors|patients|students)|"
    r"mqls?|rsvps?|dealer(?:ship)?\s+visits|tcpa|ecpa|cac|i?roas|cps|"
    r"conversies|conversioni|(?:online\s+)?sales|ventes|ventas|"
    r"vendite|vendas|conversões|verkoop|verkäufe|abverkauf|descargas|instalaciones|"
    r"installations|inscriptions|anmeldungen|registros|cpa|cpi|cpl|cpo|roas|(?:app\s+)?installs?|"
    r"(?:app\s+)?downloads|leads|lead[\s-]?gen(?:eration)?|sign[\s-]?ups?|"
    r"(?<!mobile\s)applications|registrations?|purchases|orders|bookings|"
    r"subscriptions|free[\s-]trial(?:\s+starts|s)?|trial\s+starts|demo\s+requests|"
    r"acquisitions?|new\s+(?:accounts?|customers)|store\s+visits|foot(?:fall|\s+traffic)|"
    r"retargeting|remarketing|lower[\s-]funnel|bottom[\s-]of[\s-](?:the[\s-])?funnel|"
    r"cost\s+per\s+(?:acquisition|install|lead|order|sale|conversion|sign[\s-]?up|"
    r"download|registration|action)|direct[\s-]response|roi|return\s+on\s+(?:ad\s+)?spend|"
    r"(?:download|install)(?:s|ing)?\s+(?:of\s+)?(?:the|our)\s+app|test[\s-]drives|"
    r"donations|enrol+ments|(?:in[\s-])?store\s+(?:visits|traffic|sales)|"
    r"into\s+(?:the\s+)?stores|app\s+opens|quote\s+(?:starts|requests)"
)
_GOALS: list[tuple[CampaignGoal, re.Pattern[str]]] = [
    (goal, re.compile(rf"\b(?:{words})\b", re.IGNORECASE))
    for goal, words in ((CampaignGoal.AWARENESS, _AWARENESS),
                        (CampaignGoal.CONSIDERATION, _CONSIDERATION),
                        (CampaignGoal.PERFORMANCE, _PERFORMANCE))
]
# short values a goal label gives ("Objective: Brand", "obj: perf", "KPI: sessions")
_SLOT_VALUES = {
    CampaignGoal.AWARENESS: r"brand|awr|aware|buzz|recall|prospecting|top\s+of\s+mind|"
                            r"get\s+the\s+word\s+out",
    CampaignGoal.CONSIDERATION: r"traffic|visits|sessions|consid",
    CampaignGoal.PERFORMANCE: r"perf|dr|trials?|(?:drive|driving)\s+trial",
}
_SLOT = [(goal, re.compile(r"\b(?:goals?|objectives?|obj|aims?|kpis?|ziel|objectif|objetivo|"
                            r"doel)\b\s*(?:is|:|=|-|–|->|→)?\s*(" + words + r")\b(?![ \t]+\w)",
                            re.IGNORECASE))
         for goal, words in _SLOT_VALUES.items()]
# the goal's own names: a mention by one of these needs no "read as" note
_GOAL_NAMES = re.compile(r"awareness|consideration|performance", re.IGNORECASE)

# words that introduce the goal ("Goal is", "KPI:", "optimise to", "we are measured on")
_LABEL = re.compile(
    r"\b(?:goals?|objectives?|aims?|purpose|kpis?|success\s+metrics?|measured\s+on|measure|"
    r"success\s+(?:looks\s+like|is|means)|judged\s+on|"
    r"optimi[sz]\w*|focus\w*|treat\s+(?:it|this)\s+as|(?:is|are)\s+(?:all\s+)?about|"
    r"priorit\w*|driv(?:e|ing)|want|after|objectif|ziel|kampagnenziel|objetivo|doel|"
    r"obiettivo)\b",
    re.IGNORECASE)
# the labels that name the goal itself, above those naming a measure (KPI, optimise to)
_GOAL_NOUN = re.compile(r"\b(?:goals?|objectives?|aims?|purpose|objectif|ziel|kampagnenziel|"
                        r"objetivo|doel|obiettivo)\b", re.IGNORECASE)
# a goal noun the mention is said to be ("Awareness is the main objective")
_NAMED_AFTER = re.compile(r"^\W{0,3}(?:is|are|will\s+be|remains?)\s+(?:still\s+)?(?:the\s+|our\s+)?"
                          r"(?:\w+\s+)?(?:goals?|objectives?|aims?|priority|focus)\b",
                          re.IGNORECASE)
# a goal name given as what the aim before it amounts to ("The goal is store visits, so
# consideration", "Objective: installs, i.e. performance", "sales (performance)")
_RESTATED_BEFORE = re.compile(
    r"(?:,\s*|\s)(?:so|i\.?\s?e\.?,?|that\s+is,?|meaning|hence|thus|which\s+(?:is|makes\s+"
    r"(?:it|this))|=|->|→)\s+(?:(?:it's|it\s+is|this\s+is|that's)\s+)?(?:really\s+|"
    r"basically\s+|effectively\s+)?(?:an?\s+)?$|\(\s*$|\s[-–—]\s*$", re.IGNORECASE)
_RESTATED_AFTER = re.compile(r"^\s*(?:$|[.;,)!?\n–—-]|(?:for|play|goal|objective|campaign|"
                             r"first|overall|really)\b)", re.IGNORECASE)
_IE = re.compile(r"\bi\.\s?e\.", re.IGNORECASE)
_SECONDARY = re.compile(r"\b(?:secondary|tertiary|second|nice[\s-]to[\s-]have|bonus)\b",
                        re.IGNORECASE)
# a label right after the mention ("a reach goal", "CPI focus", "awareness first")
_LABEL_AFTER = re.compile(r"^\W{0,3}(?:goals?|objectives?|kpis?|focus|first|push|play|"
                          r"campaign|priority|metric)\b", re.IGNORECASE)
_PAST = re.compile(
    r"\b(?:last|previous|prior|past)\s+(?:year|years|quarter|campaign|flight|season|time|"
    r"wave|burst)|\blast\s+year's|\bpreviously\b|\bhistorically\b|\bin\s+20\d\d\s+we\b|"
    r"\b(?:was|were|saw|beat|drove|delivered|ran|achieved|grew)\b",
    re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:not|no|isn't|aren't|never|without|rather\s+than|instead\s+of|less)"
                      r"\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_TITLE_AFTER = re.compile(r"^\s+(?:director|manager|team|reps?|representatives?|lead|"
                          r"department|dept|executive|officer|specialist|analyst|partners?|"
                          r"marketing|agency|ops|colleagues?|org)\b", re.IGNORECASE)
_TITLE_BEFORE = re.compile(r"\b(?:head|director|vp|manager|lead)\s+(?:of|,)\s+$", re.IGNORECASE)
# the goal's labels proper, read wherever they stand
_LABEL_NOUN = re.compile(r"\b(?:(?:primary|main|key|campaign)\s+)?(?:goals?|objectives?|kpis?|"
                         r"success\s+metrics?|objectif|ziel|kampagnenziel|objetivo|doel|"
                         r"obiettivo)\b\s*(?::|=|-|is\b)?", re.IGNORECASE)

_KPI_WORDS = re.compile(
    r"\b(vcr|vtr|ctr|cpa|cpc|cpi|cpl|cpo|cpv|cpcv|roas|viewability|completion\s+rate|reach|"
    r"frequency|brand\s+lift|cost\s+per\s+(?:acquisition|install|lead|order|click|"
    r"completed\s+view|view))\b",
    re.IGNORECASE,
)
_KPI_SHORT = {"cost per acquisition": "cpa", "cost per install": "cpi", "cost per lead": "cpl",
              "cost per order": "cpo", "cost per click": "cpc",
              "cost per completed view": "cpcv", "cost per view": "cpv"}


def _weight(text: str, start: int, end: int) -> int:
    """3: named by a goal label; 2: by a measure (KPI, optimise to); 1: a plain mention;
    0: no goal (past, negated, a job title)."""
    before, after = text[:start], text[end:]
    clause_start = max(before.rfind(c) for c in ".;!?\n,") + 1
    clause_end = min((i for i in (text.find(c, end) for c in ".;!?\n,") if i >= 0),
                     default=len(text))
    lead_in = text[clause_start:start]
    job_title = _TITLE_AFTER.match(after) or _TITLE_BEFORE.search(before[-30:])
    if _NEGATED.search(before[-40:]) or (job_title and not _GOAL_NOUN.search(lead_in)):
        return 0  # "Objective: performance marketing" is a goal, "Sales Director" none
    named_after = _NAMED_AFTER.match(after)  # "Awareness is the main objective"
    if named_after and not _SECONDARY.search(named_after.group(0)):
        return 3
    label = _LABEL.search(lead_in)
    if label:  # "Goal is to beat last year's sales" states it; "Last time we optimised to" not
        if _PAST.search(lead_in[:label.start()]):
            return 0
        if _SECONDARY.search(lead_in):  # "Secondary KPI: CPA" is no goal over the first
            return 1
        return 3 if _GOAL_NOUN.search(lead_in) else 2  # "Goal: awareness, KPIs VCR"
    if _PAST.search(text[clause_start:clause_end]):
        return 0
    return 2 if _LABEL_AFTER.match(after) else 1


_FUNNEL = [CampaignGoal.AWARENESS, CampaignGoal.CONSIDERATION, CampaignGoal.PERFORMANCE]


def _sentence_of(text: str, at: int) -> int:
    return max(text.rfind(c, 0, at) for c in ".;!?\n")


def read_goal_and_kpis(text: str, reading: Reading) -> None:
    mentions: list[tuple[int, int, CampaignGoal, str]] = []  # (rank, start, goal, words)
    for goal, pattern in _GOALS:
        for m in pattern.finditer(text):
            reading.mark_match(m)
            weight = _weight(text, m.start(), m.end())
            if weight:
                mentions.append((-weight, m.start(), goal, " ".join(m.group(0).split())))
    for goal, pattern in _SLOT:
        for m in pattern.finditer(text):
            reading.mark_match(m)
            rank = 3 if _GOAL_NOUN.match(m.group(0)) else 2  # "KPI: sessions" is a measure
            mentions.append((-rank, m.start(1), goal, m.group(1)))
    for m in _LABEL_NOUN.finditer(text):
        reading.mark_match(m)
    if not mentions:
        reading.facts["goal"] = CampaignGoal.AWARENESS
        reading.assume("no goal stated: awareness assumed")
    else:
        mentions.sort(key=lambda m: (m[0], m[1]))
        rank, first, chosen, words = mentions[0]
        # one statement naming several aims ("drive traffic to the site and sales"): the
        # deepest in the funnel is what the others lead to
        sentence = _sentence_of(text, first)
        same = [m for m in mentions if m[0] == rank < -1 and _sentence_of(text, m[1]) == sentence]
        same = same or [mentions[0]]
        named = [m for m in same if _GOAL_NAMES.fullmatch(m[3])]
        unabbreviated = _IE.sub(lambda m: m.group(0).replace(".", ","), text)
        restated = [m for m in mentions if m[1] > first and _GOAL_NAMES.fullmatch(m[3])
                    and _sentence_of(unabbreviated, m[1]) == _sentence_of(unabbreviated, first)
                    and _RESTATED_BEFORE.search(text[max(0, m[1] - 40):m[1]])
                    and _RESTATED_AFTER.match(text[m[1] + len(m[3]):])]
        if not named and rank < -1 and restated:  # "Goal is store visits, so consideration"
            named = same = [restated[0], *same]
        if named:  # "Objective is consideration: we want test drives booked": it is named
            _, _, chosen, words = named[0]
        else:
            _, _, chosen, words = max(same, key=lambda m: _FUNNEL.index(m[2]))
        leading = sorted({m[2].value for m in same if m[2] != chosen})
        if leading and not named:
            reading.assume(f"goal read as {chosen.value}: the same statement names "
                           f"{', '.join(leading)}, which leads to it")
        elif leading:
            reading.assume(f"goal read as {chosen.value}, as the brief names it (it also "
                           f"names aims read as {', '.join(leading)})")
        reading.facts["goal"] = chosen
        if not _GOAL_NAMES.fullmatch(words):
            reading.assume(f"goal read as {chosen.value} from {words!r} (an aim of that goal)")
        others = sorted({g.value for r, _, g, _ in mentions if r == rank and g != chosen})
        if others and rank == -1:
            reading.assume(f"goal read as {chosen.value}, the first mentioned (also "
                           f"mentioned: {', '.join(others)})")
    kpis: list[str] = []
    for m in _KPI_WORDS.finditer(text):
        reading.mark_match(m)
        kpi = re.sub(r"\s+", " ", m.group(1).lower())
        kpi = _KPI_SHORT.get(kpi, kpi)
        if kpi not in kpis:
            kpis.append(kpi)
    if kpis:
        reading.facts["kpis"] = kpis


# a KPI's target in percent ("a VCR of 85% on CTV", "70% viewability") is no channel's share
_RATE_KPI = (r"vcr|vtr|ctr|viewability|viewable|completion\s+rate|view[\s-]?through\s+rate|"
             r"in[\s-]view|roas|brand\s+lift|reach|frequency")
_KPI_TARGET = re.compile(
    rf"\b(?:{_RATE_KPI})\b[^.;\n%\d]{{0,20}}?\d+(?:\.\d+)?\s*%\+?"
    rf"|\d+(?:\.\d+)?\s*%\+?\s*(?:{_RATE_KPI})\b", re.IGNORECASE)


def without_kpi_targets(text: str, reading: Reading) -> str:
    """``text`` with each KPI's percent target blanked (and marked as read)."""
    for m in _KPI_TARGET.finditer(text):
        reading.mark_match(m)
        text = blank(text, m.start(), m.end())
    return text
