"""The words of money in a brief: currency symbols, ISO 4217 codes (from ``pycountry``),
currency names, scale words ("k", "Mio", "lakh", "crore") and number words.

A currency the brief names that the buyer cannot settle in (a crypto coin, or a name
shared by several currencies such as "pesos") is refused with its reason, never read
as dollars.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pycountry

SYMBOLS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "c$": "CAD", "ca$": "CAD",
           "a$": "AUD", "au$": "AUD", "nz$": "NZD", "s$": "SGD", "hk$": "HKD", "r$": "BRL",
           "mx$": "MXN", "¥": "JPY", "₹": "INR", "rs": "INR", "rs.": "INR", "$ ca": "CAD",
           "$ca": "CAD", "$ cad": "CAD", "zł": "PLN", "円": "JPY", "元": "CNY", "원": "KRW",
           "₩": "KRW", "₦": "NGN", "₱": "PHP", "₪": "ILS", "nt$": "TWD", "ksh": "KES",
           "₺": "TRY", "₫": "VND", "฿": "THB"}
# one currency each: the naira, peso (PH), shekel, New Taiwan dollar, Kenyan shilling, lira,
# dong and baht
SYMBOL_PATTERN = (r"(?P<sym>US\$|NT\$|CA?\$|AU?\$|NZ\$|S\$|HK\$|R\$|MX\$|\$|€|£|¥|₹|₩|₦|₱|₪|₺|"
                  r"₫|฿|\bKSh|\bRs\.?)")
# Codes read in any case ("usd 50k"); the other ISO 4217 codes only in capitals, so that
# "all", "top" or "pen" in a sentence are no currency.
COMMON_CODES = ("USD", "EUR", "GBP", "CAD", "AUD", "NZD", "CHF", "SEK", "NOK", "DKK", "JPY",
                "SGD", "HKD", "MXN", "INR", "BRL")
_WORDLIKE = {"ALL", "TOP", "CUP", "MOP", "PEN", "MAD", "BAM", "TRY", "SOS", "GEL", "BOB",
             "AMD", "CVE", "ERN", "LAK", "WST", "SHP", "KES", "MDL"}
OTHER_CODES = tuple(sorted(
    c.alpha_3 for c in pycountry.currencies
    if c.alpha_3 not in COMMON_CODES and c.alpha_3 not in _WORDLIKE
    and not c.alpha_3.startswith("X")))
CODE_PATTERN = (r"(?P<code>(?i:" + "|".join(COMMON_CODES) + r")|" + "|".join(OTHER_CODES)
                + r")")
WORD_CURRENCY = {"dollars": "USD", "dollar": "USD", "bucks": "USD", "euros": "EUR",
                 "euro": "EUR", "pounds": "GBP", "quid": "GBP", "sterling": "GBP",
                 "rupees": "INR", "rupee": "INR", "yen": "JPY", "rand": "ZAR", "reais": "BRL",
                 "yuan": "CNY", "renminbi": "CNY", "rmb": "CNY", "zloty": "PLN",
                 "zlotys": "PLN", "swiss francs": "CHF", "kronor": "SEK", "руб": "RUB",
                 "rubles": "RUB", "roubles": "RUB"}
# "Aussie dollars", "Canadian dollars": a dollar named by its country
_DOLLARS_OF = {"aussie": "AUD", "australian": "AUD", "kiwi": "NZD", "new zealand": "NZD",
               "canadian": "CAD", "singapore": "SGD", "hong kong": "HKD"}
DOLLAR_KINDS = r"(?:(?:aussie|australian|kiwi|new\s+zealand|canadian|singapore|hong\s+kong)\s+)"
WORD_CURRENCY |= {f"{kind} {word}": code for kind, code in _DOLLARS_OF.items()
                  for word in ("dollar", "dollars")}
WORD_PATTERN = (r"(?P<word>" + DOLLAR_KINDS + r"?dollars?|bucks|euros?|pounds|quid|sterling|"
                r"rupees?|yen|rand|reais|yuan|renminbi|rmb|zlotys?|swiss\s+francs|kronor|руб|"
                r"r(?:o)?ubles)")
SCALE = {"k": 1_000, "thousand": 1_000, "grand": 1_000, "m": 1_000_000, "mm": 1_000_000,
         "mn": 1_000_000, "mil": 1_000_000, "mio": 1_000_000, "million": 1_000_000,
         "millions": 1_000_000, "millionen": 1_000_000, "millones": 1_000_000,
         "milioni": 1_000_000, "tsd": 1_000, "lakh": 100_000, "lakhs": 100_000,
         "lac": 100_000, "lacs": 100_000, "crore": 10_000_000, "crores": 10_000_000,
         "cr": 10_000_000, "tys": 1_000, "mln": 1_000_000, "mld": 1_000_000_000,
         "mrd": 1_000_000_000, "万": 10_000, "萬": 10_000, "만": 10_000,
         "億": 100_000_000, "亿": 100_000_000, "억": 100_000_000,
         "b": 1_000_000_000, "bn": 1_000_000_000, "billion": 1_000_000_000}
# A million and a billion in the languages briefs come in (Dutch, Nordic, French, Italian,
# Spanish, Polish, Russian), and the Italian thousand
_FOREIGN_SCALE = {1_000: ("mila", "тыс"),
                  1_000_000: ("miljoen", "miljoenen", "miljon", "miljoner", "millón", "millon",
                              "milione", "milion", "miliony", "milionów", "млн", "mill",
                              "millioner", "milyon", "juta", "triệu", "milhão", "milhões",
                              "millió"),
                  1_000_000_000: ("miljard", "miljarden", "miljarder", "milliard", "milliards",
                                  "miliardo", "miliardi", "mia", "млрд", "miliar", "milyar",
                                  "tỷ", "bilhão", "bilhões")}
SCALE |= {word: value for value, words in _FOREIGN_SCALE.items() for word in words}
# every scale word after a number, longest first ("1,5 Mio", "2 miljoen", "400 tys.")
_MYRIADS = ("万", "萬", "만", "億", "亿", "억")  # Japanese, Chinese and Korean: no word boundary
MYRIAD_PATTERN = "|".join(_MYRIADS)
SCALE_WORDS = "|".join(sorted((w for w in SCALE if w not in _MYRIADS), key=len, reverse=True))
# "R$ 500 mil", "MX$ 800 mil pesos": in Portuguese and Spanish "mil" is a thousand
ROMANCE_MIL = re.compile(r"^\s*(?:de\b|reais\b|pesos\b|d[óo]lares\b)", re.IGNORECASE)
ROMANCE_CURRENCIES = frozenset({"BRL", "MXN", "ARS", "COP", "CLP", "PEN", "UYU"})
NUMBER_WORDS = (r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|"
                r"thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|"
                r"billion)")

# "Last year we spent $90k", "the previous flight ran at a $31 CPM": money of the past
PAST_SPEND = re.compile(r"\b(?:last\s+(?:year|quarter|month|time|campaign|flight|season)|"
                        r"previous(?:ly)?|spent|invested|(?:we|they)\s+(?:ran|had|did|paid)|"
                        r"(?:it|that|this)\s+(?:worked|performed|delivered)|"
                        # "the Q4 test ($80k on display) underperformed": a past result
                        r"(?:under|over|out)-?(?:performed|delivered)|"
                        r"(?:performed|did|went)\s+(?:well|poorly|badly|great))\b",
                        re.IGNORECASE)

_AMOUNT = r"\d[\d.,' ]*\s*(?:k|m|mm|mn|thousand|million|mil)?"
# Money the buyer cannot pay in, or whose name fits several currencies.
_UNPAYABLE = re.compile(
    r"(?:" + _AMOUNT + r"\s*(?P<after>BTC|ETH|USDT|USDC|bitcoins?|ether|crypto|tokens|"
    r"pesos|kroner|kronur|kr\b\.?|(?<!swiss\s)francs|dinars?|shillings?|riyals?|rials?)\b"
    r"|\b(?P<before>BTC|ETH|USDT|USDC)\s*" + _AMOUNT + r")", re.IGNORECASE)
_CRYPTO = re.compile(r"btc|eth|usdt|usdc|bitcoin|ether|crypto|token", re.IGNORECASE)


def unpayable_currency(text: str, settled: Callable[[str], bool] = lambda mark: False,
                       ) -> str | None:
    """Why an amount's currency cannot be settled, if the brief gives one so (``settled``:
    whether the brief settles a shared mark such as 'kr', by its country or a code)."""
    m = _UNPAYABLE.search(text)
    if m is None:
        return None
    word = (m.group("after") or m.group("before")).strip()
    if settled(word):
        return None  # '1 200 000 kr' in a brief for Sweden: kronor
    if re.search(r"(?:[$€£¥₹]|\b[A-Z]{3})\s*$", text[max(0, m.start() - 6):m.start()]):
        return None  # "MX$ 800 mil pesos": the symbol or code says which
    if _CRYPTO.match(word):
        return (f"{m.group(0).strip()!r} is in {word}, which is not a currency sellers "
                "are paid in; state the budget in a currency (e.g. USD, EUR)")
    return (f"{m.group(0).strip()!r}: {word} names several currencies; state the ISO code "
            "(e.g. MXN, ARS, SEK, DKK, NOK)")
