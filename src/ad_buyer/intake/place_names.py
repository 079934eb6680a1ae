"""The places a brief names, as data: the Nielsen DMAs the reader knows (by the city
names and short forms planners write), city names several DMAs share, large cities
outside the US, and Nielsen's DMA ranking. Read by :mod:`ad_buyer.intake.places`."""

from __future__ import annotations

import re

from ad_buyer.intake.small_dmas import SMALL_DMAS

# "lake country mn + wi": state codes in small letters, read only joined by a sign and
# when none is an English word ("in", "or", "me")
SMALL_CODE_LIST = re.compile(r"(?<![\w.'’])[a-z]{2}(?:\s*[/&+]\s*[a-z]{2})+(?![\w]|\.\w)")
WORD_CODES = {"in", "me", "or", "hi", "ok", "oh", "la", "pa", "ma", "co", "id", "de", "al",
              "ne", "mo", "ar", "ga", "va", "nd", "sd"}

# The largest US markets: (aliases, code, DMA name), with the nicknames planners write
# ("Chicagoland", "the Twin Cities", "the Triangle"). Abbreviations match in capitals only.
DMAS: list[tuple[tuple[str, ...], str, str]] = [
    (("new york city", "new york", "nyc", "NY metro", "NY", "manhattan", "brooklyn",
      "JFK", "LGA", "EWR", "big apple"), "501",
     "New York"),
    (("los angeles", "LA", "LAX", "inland empire"), "803", "Los Angeles"),
    (("chicago", "chicagoland", "windy city", "CHI", "ORD", "MDW"), "602", "Chicago"),
    (("philadelphia", "philly", "PHL"), "504", "Philadelphia"),
    (("dallas-fort worth", "dallas/fort worth", "dallas", "fort worth", "DFW"), "623",
     "Dallas-Ft. Worth"),
    (("san francisco", "bay area", "SF", "oakland", "san jose", "SFO", "OAK", "SJC",
      "silicon valley"), "807",
     "San Francisco-Oakland-San Jose"),
    (("washington dc", "washington d.c.", "washington, dc", "washington, d.c.", "washington",
      "DC", "D.C.", "DCA", "IAD"), "511", "Washington, DC (Hagerstown)"),
    (("houston", "IAH", "space city"), "618", "Houston"),
    (("boston", "BOS", "beantown"), "506", "Boston (Manchester)"),
    (("atlanta", "ATL"), "524", "Atlanta"),
    (("phoenix", "PHX", "valley of the sun"), "753", "Phoenix (Prescott)"),
    (("tampa", "st. petersburg", "TPA"), "539", "Tampa-St. Petersburg (Sarasota)"),
    (("seattle", "tacoma", "SEA", "puget sound", "emerald city"), "819", "Seattle-Tacoma"),
    (("detroit", "DTW", "motor city", "motown"), "505", "Detroit"),
    (("minneapolis", "st. paul", "twin cities", "MSP"), "613", "Minneapolis-St. Paul"),
    (("orlando", "ORL", "MCO"), "534", "Orlando-Daytona Beach-Melbourne"),
    (("miami", "fort lauderdale", "ft. lauderdale", "MIA", "FLL"), "528", "Miami-Ft. Lauderdale"),
    (("denver", "DEN", "mile high city"), "751", "Denver"),
    (("colorado springs", "pueblo", "COS"), "752", "Colorado Springs-Pueblo"),
    (("cleveland", "CLE"), "510", "Cleveland-Akron (Canton)"),
    (("sacramento", "SMF"), "862", "Sacramento-Stockton-Modesto"),
    (("charlotte", "CLT"), "517", "Charlotte"),
    (("raleigh", "durham", "RDU", "research triangle", "the triangle"), "560",
     "Raleigh-Durham (Fayetteville)"),
    (("st. louis", "st louis", "saint louis", "STL"), "609", "St. Louis"),
    (("pittsburgh", "PIT", "steel city"), "508", "Pittsburgh"),
    (("baltimore", "BWI"), "512", "Baltimore"),
    (("nashville", "BNA", "music city"), "659", "Nashville"),
    (("salt lake city", "SLC"), "770", "Salt Lake City"),
    (("san diego",), "825", "San Diego"),
    (("lansing",), "551", "Lansing"),
    (("san antonio",), "641", "San Antonio"),
    (("austin",), "635", "Austin"),
    (("kansas city", "MCI"), "616", "Kansas City"),
    (("las vegas", "vegas", "LAS", "sin city"), "839", "Las Vegas"),
    (("indianapolis",), "527", "Indianapolis"),
    (("cincinnati", "CVG"), "515", "Cincinnati"),
    (("milwaukee", "MKE"), "617", "Milwaukee"),
    (("new orleans", "MSY", "NOLA", "big easy"), "622", "New Orleans"),
    (("richmond", "RIC"), "556", "Richmond-Petersburg"),
    (("norfolk", "virginia beach", "hampton roads", "ORF"), "544",
     "Norfolk-Portsmouth-Newport News"),
    (("greensboro", "winston-salem", "GSO", "piedmont triad"), "518",
     "Greensboro-High Point-Winston Salem"),
    (("greenville-spartanburg",), "567", "Greenville-Spartanburg-Asheville-Anderson"),
    (("jacksonville", "JAX"), "561", "Jacksonville"),
    (("west palm beach", "PBI"), "548", "West Palm Beach-Ft. Pierce"),
    (("birmingham, al", "birmingham, alabama"), "630", "Birmingham (Anniston and Tuscaloosa)"),
    (("memphis", "MEM"), "640", "Memphis"),
    (("louisville", "SDF"), "529", "Louisville"),
    (("knoxville", "TYS"), "557", "Knoxville"),
    (("oklahoma city", "OKC"), "650", "Oklahoma City"),
    (("tulsa", "TUL"), "671", "Tulsa"),
    (("albuquerque", "santa fe", "ABQ"), "790", "Albuquerque-Santa Fe"),
    (("tucson", "TUS"), "789", "Tucson (Sierra Vista)"),
    (("el paso", "ELP"), "765", "El Paso (Las Cruces)"),
    (("omaha", "OMA"), "652", "Omaha"),
    (("des moines", "DSM"), "679", "Des Moines-Ames"),
    (("buffalo", "BUF"), "514", "Buffalo"),
    (("hartford", "new haven", "BDL"), "533", "Hartford & New Haven"),
    (("providence", "PVD"), "521", "Providence-New Bedford"),
    (("grand rapids", "GRR"), "563", "Grand Rapids-Kalamazoo-Battle Creek"),
    (("boise", "BOI"), "757", "Boise"),
    (("spokane", "GEG"), "881", "Spokane"),
    (("honolulu", "HNL"), "744", "Honolulu"),
    (("fresno",), "866", "Fresno-Visalia"),
    (("harrisburg",), "566", "Harrisburg-Lancaster-Lebanon-York"),
    (("dayton",), "542", "Dayton"),
    (("toledo",), "547", "Toledo"),
    (("madison",), "669", "Madison"),
    (("green bay",), "658", "Green Bay-Appleton"),
    (("little rock",), "693", "Little Rock-Pine Bluff"),
    (("baton rouge",), "716", "Baton Rouge"),
    (("wichita",), "678", "Wichita-Hutchinson Plus"),
    (("colorado springs",), "752", "Colorado Springs-Pueblo"),
    (("reno",), "811", "Reno"),
    (("anchorage",), "743", "Anchorage"),
    (("PDX",), "820", "Portland, OR"),
    (("mobile, al", "mobile, alabama"), "686", "Mobile-Pensacola (Ft. Walton Beach)"),
    (("harlingen-weslaco-brownsville-mcallen", "rio grande valley", "harlingen", "mcallen",
      "brownsville", "weslaco"), "636", "Harlingen-Weslaco-Brownsville-McAllen"),
    (("wilkes barre-scranton-hazleton", "wilkes-barre-scranton", "wilkes-barre", "wilkes barre",
      "scranton"), "577", "Wilkes Barre-Scranton-Hazleton"),
    (("corpus christi",), "600", "Corpus Christi"),
    (("laredo",), "749", "Laredo"),
]
# The state each DMA above is mostly in (to settle a city name several DMAs share).
DMA_STATES = {
    "501": "NY", "803": "CA", "602": "IL", "504": "PA", "623": "TX", "807": "CA", "511": "DC",
    "618": "TX", "506": "MA", "524": "GA", "753": "AZ", "539": "FL", "819": "WA", "505": "MI",
    "613": "MN", "534": "FL", "528": "FL", "751": "CO", "510": "OH", "862": "CA", "517": "NC",
    "560": "NC", "609": "MO", "508": "PA", "512": "MD", "659": "TN", "770": "UT", "825": "CA",
    "551": "MI", "641": "TX", "635": "TX", "616": "MO", "839": "NV", "527": "IN", "515": "OH",
    "617": "WI", "622": "LA", "556": "VA", "544": "VA", "518": "NC", "567": "SC", "561": "FL",
    "548": "FL", "630": "AL", "640": "TN", "529": "KY", "557": "TN", "650": "OK", "671": "OK",
    "790": "NM", "789": "AZ", "765": "TX", "652": "NE", "679": "IA", "514": "NY", "533": "CT",
    "521": "RI", "563": "MI", "757": "ID", "881": "WA", "744": "HI", "866": "CA", "566": "PA",
    "542": "OH", "547": "OH", "669": "WI", "658": "WI", "693": "AR", "716": "LA", "678": "KS",
    "752": "CO", "811": "NV", "743": "AK", "820": "OR", "686": "AL", "636": "TX", "577": "PA",
    "600": "TX", "749": "TX",
}
DMAS += [(aliases, code, name) for aliases, code, name, _ in SMALL_DMAS]
DMA_STATES.update({code: state for _, code, _, state in SMALL_DMAS})
# City names several DMAs share: read only with their state.
SHARED_CITIES: dict[str, dict[str, tuple[str, str]]] = {
    "springfield": {"MO": ("619", "Springfield, MO"), "MA": ("543", "Springfield-Holyoke"),
                    "IL": ("648", "Champaign & Springfield-Decatur")},
    "portland": {"OR": ("820", "Portland, OR"), "ME": ("500", "Portland-Auburn")},
    "columbus": {"OH": ("535", "Columbus, OH"), "GA": ("522", "Columbus, GA"),
                 "MS": ("673", "Columbus-Tupelo-West Point")},
}
# Large cities outside the US: the country they are in.
FOREIGN_CITIES = {
    "london": "GB", "manchester": "GB", "birmingham": "GB", "edinburgh": "GB",
    "glasgow": "GB", "paris": "FR", "lyon": "FR", "marseille": "FR", "berlin": "DE",
    "munich": "DE", "hamburg": "DE", "frankfurt": "DE", "cologne": "DE", "madrid": "ES",
    "barcelona": "ES", "rome": "IT", "milan": "IT", "amsterdam": "NL", "rotterdam": "NL",
    "dublin": "IE", "vienna": "AT", "zurich": "CH", "geneva": "CH", "brussels": "BE",
    "stockholm": "SE", "copenhagen": "DK", "oslo": "NO", "lisbon": "PT", "warsaw": "PL",
    "toronto": "CA", "vancouver": "CA", "montreal": "CA", "calgary": "CA", "ottawa": "CA",
    "sydney": "AU", "melbourne": "AU", "brisbane": "AU", "perth": "AU", "auckland": "NZ",
    "tokyo": "JP", "mexico city": "MX", "sao paulo": "BR", "são paulo": "BR",
    "gta": "CA", "greater toronto area": "CA",
}


# Cities above that a US DMA is named after too: read as the US one beside US places.
US_NAMESAKES = {"birmingham": ("630", "Birmingham (Anniston and Tuscaloosa)"),
                "manchester": ("506", "Boston (Manchester)")}


# Nielsen's DMA ranking (2024-25 television households), for "top 10 DMAs".
RANKED_DMAS = ("501", "803", "602", "623", "504", "618", "524", "511", "506", "807", "753",
                "819", "539", "505", "613", "534", "751", "528", "510", "862", "517", "820",
                "560", "609", "508")
