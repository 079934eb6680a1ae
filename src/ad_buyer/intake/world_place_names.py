"""The place names of the world the ISO lists do not hold: English (and a few local)
names of subdivisions, and metro words with the ISO 3166-2 subdivisions that cover them.
Read by :mod:`ad_buyer.intake.world_places`."""

from __future__ import annotations

# The names a planner writes that ISO does not: English exonyms of subdivisions.
ENGLISH_REGION_NAMES = {
            "Dubai": "AE-DU", "Abu Dhabi": "AE-AZ", "Sharjah": "AE-SH", "Ajman": "AE-AJ",
            "Ras Al Khaimah": "AE-RK", "Fujairah": "AE-FU", "Tel Aviv": "IL-TA",
            "Haifa": "IL-HA", "Jerusalem": "IL-JM", "West Java": "ID-JB",
            "Central Java": "ID-JT", "East Java": "ID-JI", "Jakarta": "ID-JK", "Bali": "ID-BA",
            "Seoul": "KR-11", "Busan": "KR-26", "Incheon": "KR-28", "Gyeonggi": "KR-41",
            "Bangkok": "TH-10", "Mexico City": "MX-CMX", "CDMX": "MX-CMX",
            "Hanoi": "VN-HN", "Ho Chi Minh City": "VN-SG", "Saigon": "VN-SG",
            "Cairo": "EG-C", "Alexandria": "EG-ALX", "Giza": "EG-GZ", "Riyadh": "SA-01",
            "Mecca": "SA-02", "Makkah": "SA-02", "Eastern Province": "SA-04",
            "Penang": "MY-07", "Kuala Lumpur": "MY-14", "Malacca": "MY-04",
            "Beijing": "CN-BJ", "Shanghai": "CN-SH", "Guangdong": "CN-GD",
            "Buenos Aires City": "AR-C", "CABA": "AR-C", "Lisbon": "PT-11",
            "Catalonia": "ES-CT", "Andalusia": "ES-AN", "Lombardy": "IT-25",
            "Tuscany": "IT-52", "Piedmont": "IT-21", "Sicily": "IT-82", "Sardinia": "IT-88",
            "Apulia": "IT-75", "Brittany": "FR-BRE", "Normandy": "FR-NOR",
            "Flanders": "BE-VLG", "Wallonia": "BE-WAL",
            "Brussels": "BE-BRU", "Basque Country": "ES-PV", "Euskadi": "ES-PV",
            "Cataluña": "ES-CT", "Comunidad Valenciana": "ES-VC", "Valencian Community": "ES-VC",
            "Comunidad de Madrid": "ES-MD", "Community of Madrid": "ES-MD"}
# Metro and region words ISO has no single code for: the subdivisions that cover them.
METROS: dict[str, dict[str, tuple[str, ...]]] = {
    "NCR": {"IN": ("IN-DL", "IN-HR", "IN-UP"), "PH": ("PH-00",)},
    "Delhi NCR": {"IN": ("IN-DL", "IN-HR", "IN-UP")},
    "Metro Manila": {"PH": ("PH-00",)}, "Mega Manila": {"PH": ("PH-00", "PH-03", "PH-40")},
    "Kanto": {"JP": ("JP-08", "JP-09", "JP-10", "JP-11", "JP-12", "JP-13", "JP-14")},
    "Kansai": {"JP": ("JP-24", "JP-25", "JP-26", "JP-27", "JP-28", "JP-29", "JP-30")},
    "Klang Valley": {"MY": ("MY-10", "MY-14", "MY-16")},
    "Jabodetabek": {"ID": ("ID-JK", "ID-JB", "ID-BT")},
    "Greater Jakarta": {"ID": ("ID-JK", "ID-JB", "ID-BT")},
    "AMBA": {"AR": ("AR-C", "AR-B")}, "Gran Buenos Aires": {"AR": ("AR-C", "AR-B")},
    "Greater Buenos Aires": {"AR": ("AR-C", "AR-B")},
    "Greater Cairo": {"EG": ("EG-C", "EG-GZ", "EG-KB")},
    "Randstad": {"NL": ("NL-NH", "NL-ZH", "NL-UT", "NL-FL")},
    "Gran Santiago": {"CL": ("CL-RM",)}, "Greater Santiago": {"CL": ("CL-RM",)},
    "Valle de México": {"MX": ("MX-CMX", "MX-MEX")},
}
