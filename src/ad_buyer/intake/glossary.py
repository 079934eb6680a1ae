"""Brief words of other languages and the English the readers know (used by
:mod:`~ad_buyer.intake.languages`). Each entry is a regular expression of whole
words and its English; the money readers know most scale words ("mil", "Mio.",
"crore"); the ones they do not are glossed here (:data:`SCALE_WORDS`)."""

from __future__ import annotations

# dateparser's languages whose month names are read beside a day or a year.
MONTH_LANGUAGES = ("es", "pt", "fr", "de", "it", "nl", "da", "sv", "nb", "fi", "tr", "cs",
                   "pl", "ro", "id", "ms", "hu", "sk", "hr")

GREETINGS = (
    r"ol[áa](?:\s+(?:time|equipe|pessoal|a\s+todos|todos))?|oi(?:\s+(?:time|equipe|pessoal))?|"
    r"hola(?:\s+(?:equipo|a\s+todos|todos|chicos|gente))?|"
    r"buen[oa]s(?:\s+(?:d[ií]as|tardes|noches))?|bom\s+dia|boa\s+tarde|estimad[oa]s|"
    r"hej(?:\s+hej)?(?:\s+alle)?|hei(?:\s+hei)?|moi|merhaba|dzie[ńn]\s+dobry|cze[śs][ćc]|ahoj|"
    r"dobr[ýy]\s+den|bun[aă]\s+ziua|bonjour|hallo|servus|gr[üu]ezi|kia\s+ora(?:\s+team)?|"
    r"habari|jambo|selamat\s+(?:pagi|siang|sore|malam)|namaste(?:\s+team)?|howzit|shalom|"
    r"marhaba|ciao|che|hi\s+po|kumusta|xin\s+chào|สวัสดี(?:ครับ|ค่ะ)?|お疲れ様です。?|"
    r"こんにちは。?|안녕하세요\.?|大家好")

SIGN_OFFS = (
    r"abra[çc]os?|abrazos?|saludos(?:\s+cordiales)?|un\s+saludo|atentamente|cordialmente|"
    r"bjs|beijos?|obrigad[oa]|(?:muchas\s+)?gracias|mvh|med\s+venn?lig\s+hilsen|"
    r"venn?lig\s+hilsen|hilsen|v[äa]nliga\s+h[äa]lsningar|h[äa]lsningar|tack|takk|tak|kiitos|"
    r"terveisin|te[şs]ekk[üu]rler|te[şs]ekk[üu]r\s+ederim|sayg[ıi]lar[ıi]mla|pozdrawiam|"
    r"s\s+pozdravem|pozdrav(?:y)?|d[ěe]kuji|mul[țţt]umesc|toda(?:\s+raba)?|salamat(?:\s+po)?|"
    r"ng[āa]\s+mihi|shot|asante(?:\s+sana)?|terima\s+kasih|danke(?:\s+sch[öo]n)?|"
    r"(?:viele\s+|liebe\s+)?gr[üu](?:ß|ss)e|merci|cordialement|grazie|saluti|"
    r"よろしくお願い(?:します|いたします)。?|감사합니다[.!]?|고맙습니다[.!]?|"
    r"ขอบคุณ(?:ครับ|ค่ะ|คะ)?|谢谢|cảm\s+ơn|shukran|dhanyavad")

# A label at a line's start, before ':' or ' - ': "Verba:", "Målgrupp:", "予算 -".
LABELS = (
    (r"verba|or[çc]amento|presupuesto|bud[żz]et|rozpo[čc]et|b[üu]t[çc]e|anggaran|budsjett|"
     r"budjetti|予算|예산|งบประมาณ", "Budget"),
    (r"canais|canales|medios|m[íi]dias?|kana[łl]y|kanaler|kanallar|kanavat|saluran|媒体|"
     r"チャネル|채널", "Channels"),
    (r"per[íi]odo|vigencia|fechas|datas|okres|term[íi]n|obdob[íi]|perioden?|periode|"
     r"kampanjeperiode|kampanjperiod|d[öo]nem|tarihler?|jadwal|期間|기간|ระยะเวลา", "Flight"),
    (r"pra[çc]as?|mercados?|plazas?|regi[óo]n(?:es)?|ubicaci[óo]n|geograf[íi]a|cobertura|"
     r"rynek|rynki|marknad(?:er)?|marked(?:er)?|markkina|pazar|b[öo]lge|wilayah|lokasi|"
     r"地域|エリア|지역", "Geo"),
    (r"p[úu]blico(?:[- ]alvo|\s+objetivo)?|audiencia|grupa\s+docelowa|c[íi]lov[áa]\s+skupina|"
     r"m[åa]lgrupp(?:e|en)?|kohderyhm[äa]|hedef\s+kitle|khalayak|sasaran|ターゲット|타겟|"
     r"กลุ่มเป้าหมาย", "Audience"),
    (r"nome\s+da\s+campanha|nombre\s+de\s+(?:la\s+)?campa[ñn]a|campanha|campa[ñn]a|kampania|"
     r"kampanj(?:namn)?|kampagne(?:navn)?|kampanya(?:\s+ad[ıi])?|kampanye|kampa[ňn]|"
     r"キャンペーン名?|캠페인(?:명)?", "Campaign"),
    (r"objetivos?|cel|m[åa]ls[äa]ttning|hedef|tujuan|tavoite|目的|목표", "Goal"),
    (r"observa[çc][õo]es|notas|uwagi|pozn[áa]mky|notlar|catatan|備考", "Notes"),
)

# Words anywhere in the brief (longest phrases first where they overlap).
WORDS = (
    (r"presupuesto(?:\s+de)?|verba(?:\s+de)?|or[çc]amento(?:\s+de)?|bud[żz]et|b[üu]t[çc]e|"
     r"anggaran|budsjett|予算|예산", "budget"),
    (r"campanha|campa[ñn]a|kampani[aęi]|kampanj(?:en)?|kampagnen?|kampanya(?:m[ıi]z)?|"
     r"kampanye", "campaign"),
    (r"v[ií]deo\s+(?:en|em|på|na|w|no)\s+(?:la\s+|a\s+)?CTV", "CTV"),
    (r"v[ií]deos?\s+on-?line|v[ií]deo\s+en\s+l[ií]nea|wideo\s+online|online-?video|"
     r"onlinevideo", "online video"),
    (r"[áa]udio\s+digital", "digital audio"),
    (r"streamingljud|streaminglyd", "streaming audio"),
    (r"ljud|lyd|áudio", "audio"),
    (r"m[íi]dia\s+exterior(?:\s+digital)?|exterior\s+digital|publicidad\s+exterior(?:\s+digital)?",
     "DOOH"),
    (r"m[óo]vil|celular|mobil|mobiln[íi]|seluler|ponsel", "mobile"),
    (r"mitad\s+y\s+mitad|metade\s*/\s*metade|metade\s+e\s+metade|meio\s+a\s+meio|"
     r"po[łl]owa\s*/\s*po[łl]owa|po[łl]owa\s+na\s+po[łl]ow[ęe]|halv(?:t)?\s*/\s*halv(?:t)?|"
     r"yar[ıi]\s+yar[ıi]ya|a\s+partes\s+iguales|en\s+partes\s+iguales|por\s+igual", "50/50"),
    (r"el\s+resto|lo\s+dem[áa]s|o\s+resto|resten|reszta|zbytek|geri\s+kalan[ıi]|sisanya|"
     r"le\s+reste|der\s+Rest|il\s+resto", "the rest"),
    (r"hombres\s+y\s+mujeres|homens\s+e\s+mulheres|m[æ]nd\s+og\s+kvinder|"
     r"m[ä]n\s+och\s+kvinnor|menn\s+og\s+kvinner", "men and women"),
    (r"adult[oa]s|adultes|doro[śs]li|dosp[ěe]l[íi]|vuxna|voksne|aikuiset|yeti[şs]kinler|"
     r"yeti[şs]kin|dewasa|erwachsene|volwassenen|adulti|feln[őo]ttek|adul[țţ]i", "adults"),
    (r"mujeres|mulheres|kvinder|kvinnor|kvinner|kobiety|[žz]eny|kad[ıi]nlar|kad[ıi]n|wanita|"
     r"perempuan|femmes|frauen|donne|vrouwen|naiset|femei", "women"),
    (r"hombres|homens|m[æ]nd|m[ä]n|menn|m[ęe][żz]czy[źz]ni|mu[žz]i|erkekler|erkek|pria|"
     r"laki-laki|hommes|m[ä]nner|uomini|mannen|miehet|b[ăa]rba[țţ]i", "men"),
    (r"j[óo]venes|jovens|unge|ungdomar|m[łl]odzi|m[łl]odzie[żz]|gen[çc]ler|remaja|jeunes|"
     r"jugendliche|giovani|nuoret", "young adults"),
    (r"(?:alle|todos|todas|tous|tutti|wszyscy|v[šs]ichni|semua|herkes|kaikki)"
     r"(?=\s+\d{1,2}\s*(?:\+|[-–]\s*\d))", "adults"),
    (r"nada\s+de|excluir|excluyendo|excluindo|uden|utan|hari[çc]|kecuali|sauf|ohne", "exclude"),
    (r"solamente|s[óo]lo|somente|apenas|kun|bara|endast|tylko|sadece|hanya|nur|seulement|"
     r"uniquement", "only"),
    (r"at[ée](?:\s+[oa])?|hasta(?:\s+(?:el|la))?|til\s+og\s+med|till\s+och\s+med", "until"),
    (r"semanas|uger|veckor|uker|tygodni(?:e)?|týdn[ůy]|hafta|minggu|viikkoa", "weeks"),
    (r"semana|uge|vecka|uke|tydzie[ńn]|týden|viikko", "week"),
    (r"meses|m[åa]neder|m[åa]nader|miesi[ęą]c[ey]?|bulan|kuukautta", "months"),
    (r"pr[óo]ximo\s+m[eê]s|el\s+mes\s+que\s+viene|n[æa]ste\s+m[åa]ned|n[äa]sta\s+m[åa]nad|"
     r"gelecek\s+ay|bulan\s+depan", "next month"),
    (r"pr[óo]ximo\s+trimestre|n[æa]ste\s+kvartal|n[äa]sta\s+kvartal", "next quarter"),
    (r"nacional(?:mente)?|en\s+todo\s+el\s+pa[ií]s|em\s+todo\s+o\s+pa[ií]s|todo\s+o\s+pa[ií]s|"
     r"hele\s+landet|hela\s+landet|ca[łl]y\s+kraj|ca[łl]ym\s+kraju|(?:ülke|yurt)\s+geneli|"
     r"secara\s+nasional|全国|전국", "nationwide"),
    (r"(?:hele|hela|ca[łl][aey]|cel[áaéeý]|koko|todo\s+el|toda\s+la|todo\s+o|toda\s+a|"
     r"tout\s+le|toute\s+la|seluruh|t[üu]m|b[üu]t[üu]n)(?=\s+[A-ZÀ-ÞÇŞĞİ])", "all of"),
)

# Countries by their own or a neighbour's name (English names are read as they are).
COUNTRIES = (
    (r"Brasil", "Brazil"), (r"Norge|Noreg", "Norway"), (r"Danmark", "Denmark"),
    (r"Sverige", "Sweden"), (r"Polska|Polsce", "Poland"), (r"Suomi", "Finland"),
    (r"Česko|Česku|Česká\s+republika|České\s+republice", "Czechia"),
    (r"Slovensko", "Slovakia"), (r"Magyarország", "Hungary"), (r"România", "Romania"),
    (r"España", "Spain"), (r"Deutschland|Alemania|Alemanha", "Germany"),
    (r"Österreich", "Austria"), (r"Schweiz|Suisse|Svizzera|Suiza", "Switzerland"),
    (r"Italia", "Italy"), (r"Francia|Frankreich|França", "France"),
    (r"Nederland", "Netherlands"), (r"België|Belgique|Bélgica", "Belgium"),
    (r"Hrvatska", "Croatia"), (r"Filipinas", "Philippines"), (r"Việt\s+Nam", "Vietnam"),
    (r"日本", "Japan"), (r"대한민국|한국", "South Korea"), (r"ประเทศไทย", "Thailand"),
    (r"Estados\s+Unidos|EE\.\s?UU\.|EUA", "United States"),
    (r"Reino\s+Unido", "United Kingdom"), (r"Sudáfrica|África\s+do\s+Sul", "South Africa"),
    (r"Marruecos|Marrocos", "Morocco"), (r"Türkiye", "Turkey"),
)

# Words English has too, glossed only in a brief that already has another language's.
CONNECTORS = (
    (r"y|e|og|och|ve|und|et|dan|ja", "and"),
    (r"para|f[öo]r|pour", "for"),
    (r"en|em|på|dalam", "in"),
)

# Words only one of the three kroner languages writes: a brief in one of them means its
# krone by "kr" (Swedish SEK, Danish DKK, Norwegian NOK); cues of two leave "kr" asked.
KRONER_CUES = (
    ("SEK", r"och|för|från|vuxna|kvinnor|m[ä]n|målgrupp|mvh|vecka|veckor|hälsningar|ljud|"
            r"streamingljud|tack"),
    ("DKK", r"kvinder|m[æ]nd|venlig|uge|uger|tak|ældre|målgruppe"),
    ("NOK", r"kvinner|menn|vennlig|uke|uker|takk|eldre"),
)
# Currency words that name one currency, after an amount: "250 000 zł", "1,5 mil. Kč".
CURRENCY_WORDS = ((r"zł|złotych|zlotys?", "PLN"), (r"Kč|korun", "CZK"))

# Scale words after an amount the money readers do not know: "R$ 2 milhões", "NOK 2,5
# mill.", "EUR 2 miljoonaa", "₺15 milyon", "Rp 2,5 miliar", "IDR 500 juta", "500 tis.".
# Spanish "billón" is a million millions, never glossed as a billion.
SCALE_WORDS = (
    (r"milh[õo]es|milh[ãa]o|miljoonaa|miljoona|milj|mill|millioner|millionen?|milyon|juta|jt",
     "million"),
    (r"bilh[õo]es|bilh[ãa]o|miljardia|miljardi|milyar|miliar", "billion"),
    (r"tausend|duizend|tuhatta|ribu|rb|tis", "thousand"),
)
# Short scale words that are English words too, read only after a currency's amount:
# "R$ 2 mi", "R$ 1,2 bi" (Brazil), "₺500 bin" / "500 bin TL" (Turkey).
_AFTER_REAL = r"(?P<amount>(?:R\$|BRL)\s?\d[\d.,]*)\s*"
_LIRA = r"(?P<amount>(?:₺|TRY)\s?\d[\d.,]*)\s*bin(?!\w)"
SHORT_SCALES = ((_AFTER_REAL + r"mi(?!\w)", "million"), (_AFTER_REAL + r"bi(?!\w)", "billion"),
                (_LIRA, "thousand"),
                (r"(?P<amount>\d[\d.,]*)\s*bin(?=\s*(?:TL|₺|TRY|lira)(?!\w))", "thousand"))
# Currency marks of one currency before or after an amount: "u$s 150.000" (Argentina,
# Uruguay: US dollars), "Rp 2,5 miliar" (rupiah).
CURRENCY_MARKS = ((r"[uU]\$[sSdD]", "USD"), (r"Rp\.?", "IDR"))
