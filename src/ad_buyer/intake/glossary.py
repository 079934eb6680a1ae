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
    r"こんにちは。?|안녕하세요\.?|大家好|"
    r"bonjour\s+(?:[àa]\s+tou(?:te)?s|l['’][ée]quipe)|salut(?:\s+(?:[àa]\s+tous|l['’][ée]quipe))?|"
    r"coucou|hallo\s+(?:zusammen|team|allemaal)|guten\s+(?:morgen|tag)|moin(?:\s+moin)?|"
    r"ciao\s+a\s+tutti|buongiorno(?:\s+a\s+tutti)?|buonasera|salve|hoi(?:\s+allemaal)?|"
    r"goedemorgen|goedemiddag|hola\s+a\s+todos|ol[áa]\s+a\s+todos|bom\s+dia\s+a\s+todos|"
    r"god\s+morgon|god\s+morgen|godmorgen|goddag|hyv[äa][äa]\s+(?:huomenta|p[äa]iv[äa][äa])|terve")

SIGN_OFFS = (
    r"abra[çc]os?|abrazos?|saludos(?:\s+cordiales)?|un\s+saludo|atentamente|cordialmente|"
    r"bjs|beijos?|obrigad[oa]|(?:muchas\s+)?gracias|mvh|med\s+venn?lig\s+hilsen|"
    r"venn?lig\s+hilsen|hilsen|v[äa]nliga\s+h[äa]lsningar|h[äa]lsningar|tack|takk|tak|kiitos|"
    r"terveisin|te[şs]ekk[üu]rler|te[şs]ekk[üu]r\s+ederim|sayg[ıi]lar[ıi]mla|pozdrawiam|"
    r"s\s+pozdravem|pozdrav(?:y)?|d[ěe]kuji|mul[țţt]umesc|toda(?:\s+raba)?|salamat(?:\s+po)?|"
    r"ng[āa]\s+mihi|shot|asante(?:\s+sana)?|terima\s+kasih|danke(?:\s+sch[öo]n)?|"
    r"(?:viele\s+|liebe\s+)?gr[üu](?:ß|ss)e|merci|cordialement|grazie|saluti|"
    r"よろしくお願い(?:します|いたします)。?|감사합니다[.!]?|고맙습니다[.!]?|"
    r"ขอบคุณ(?:ครับ|ค่ะ|คะ)?|谢谢|cảm\s+ơn|shukran|dhanyavad|"
    r"merci\s+(?:d['’]avance|beaucoup|[àa]\s+vous)|bonne\s+(?:journ[ée]e|soir[ée]e)|"
    r"belle\s+journ[ée]e|bien\s+(?:[àa]\s+vous|cordialement)|[àa]\s+bient[ôo]t|amicalement|"
    r"bises|beste\s+gr[üu](?:ß|ss)e|mit\s+freundlichen\s+gr[üu](?:ß|ss)en|"
    r"freundliche\s+gr[üu](?:ß|ss)e|sch[öo]ne\s+gr[üu](?:ß|ss)e|mfg|"
    r"danke\s*(?:&|und)\s*gru(?:ß|ss)|cordiali\s+saluti|un\s+saluto|buona\s+giornata|"
    r"a\s+presto|grazie\s+mille|(?:met\s+)?vriendelijke\s+groet(?:en)?|groet(?:en|jes)|mvg|"
    r"dank\s+je(?:\s+wel)?|bedankt|cumprimentos|atenciosamente|um\s+abra[çc]o|un\s+abrazo|"
    r"besos|vh|ha\s+det(?:\s+bra)?|yst[äa]v[äa]llisin\s+terveisin")

# A label at a line's start, before ':' or ' - ': "Verba:", "Målgrupp:", "予算 -".
LABELS = (
    (r"verba(?:\s+de\s+m[íi]dia)?|or[çc]amento|presupuesto(?:\s+total)?|inversi[óo]n|"
     r"investimento|bud[żz]et|rozpo[čc]et|b[üu]t[çc]e|anggaran|budsjett|budjetti|"
     r"budget\s+(?:m[ée]dia|media|total|global|totale)|enveloppe|media-?budget|gesamtbudget|"
     r"werbebudget|stanziamento|totaalbudget|mediebudget|mediabudsjett|予算|예산|งบประมาณ",
     "Budget"),
    (r"canais|canales|medios|m[íi]dias?|meios|kana[łl]y|kanaler|kanallar|kanavat|saluran|"
     r"canaux|leviers|supports|m[ée]dias|kan[äa]le|medien|kanal|canali|mezzi|kanalen|"
     r"媒体|チャネル|채널", "Channels"),
    (r"fecha\s+de\s+inicio|inicio|data\s+de\s+in[íi]cio|in[íi]cio|date\s+de\s+d[ée]but|d[ée]but|"
     r"data\s+(?:di\s+)?inizio|inizio|startdatum|startdato|kampagnenstart|beginn|startp[äa]iv[äa]|"
     r"alkamisp[äa]iv[äa]|data\s+rozpocz[ęe]cia|ba[şs]lang[ıi][çc](?:\s+tarihi)?", "Start date"),
    (r"fecha\s+de\s+(?:fin|t[ée]rmino|finalizaci[óo]n)|fin|data\s+de\s+(?:t[ée]rmino|fim|"
     r"encerramento)|t[ée]rmino|fim|date\s+de\s+fin|data\s+(?:di\s+)?fine|fine|enddatum|"
     r"einddatum|slutdatum|slutdato|sluttdato|kampagnenende|ende|p[äa][äa]ttymisp[äa]iv[äa]|"
     r"data\s+zako[ńn]czenia|biti[şs](?:\s+tarihi)?", "End date"),
    (r"per[íi]odo|vigencia|vig[êe]ncia|fechas|datas|okres|term[íi]n|obdob[íi]|perioden?|periode|"
     r"kampanjeperiode|kampanjperiod|p[ée]riode|dur[ée]e|calendrier|zeitraum|laufzeit|"
     r"kampagnenzeitraum|durata|looptijd|campagneperiode|duraci[óo]n|dura[çc][ãa]o|"
     r"tidsperiod|kampagneperiode|ajankohta|aikataulu|kampanja-aika|d[öo]nem|tarihler?|"
     r"jadwal|期間|기간|ระยะเวลา", "Flight"),
    (r"pra[çc]as?|mercados?|plazas?|regi[óo]n(?:es)?|ubicaci[óo]n|geograf[íi]a|cobertura|"
     r"zone(?:\s+g[ée]ographique)?|pays|march[ée]s?|gebiet|m[äa]rkte|markt|zona|paesi?|"
     r"mercat[oi]|gebied|pa[íi]s(?:es)?|[áa]mbito|omr[åa]de|maa|alue|"
     r"rynek|rynki|marknad(?:er)?|marked(?:er)?|markkina|pazar|b[öo]lge|wilayah|lokasi|"
     r"地域|エリア|지역", "Geo"),
    (r"p[úu]blico(?:[- ]alvo|\s+objetivo)?|audiencia|grupa\s+docelowa|c[íi]lov[áa]\s+skupina|"
     r"c(?:œ|oe)ur\s+de\s+cible|cible|zielgruppe|pubblico|doelgroep|m[åa]lgruppe|"
     r"m[åa]lgrupp(?:e|en)?|kohderyhm[äa]|hedef\s+kitle|khalayak|sasaran|ターゲット|타겟|"
     r"กลุ่มเป้าหมาย", "Audience"),
    (r"nome\s+da\s+campanha|nombre\s+de\s+(?:la\s+)?campa[ñn]a|campanha|campa[ñn]a|kampania|"
     r"kampanj(?:namn)?|kampagne(?:navn)?|kampanya(?:\s+ad[ıi])?|kampanye|kampa[ňn]|"
     r"nom\s+de\s+(?:la\s+)?campagne|campagne|kampagnenname|nome\s+(?:della\s+)?campagna|"
     r"campagna|campagnenaam|kampanja(?:n\s+nimi)?|"
     r"キャンペーン名?|캠페인(?:명)?", "Campaign"),
    (r"objetivos?|cel|m[åa]ls[äa]ttning|hedef|tujuan|tavoite|objectifs?|kampagnenziel|"
     r"obiettivo|doel(?:stelling)?|m[åa]l|目的|목표", "Goal"),
    (r"observa[çc][õo]es|observaciones|notas|uwagi|pozn[áa]mky|notlar|catatan|remarques|"
     r"anmerkungen|hinweise|opmerkingen|anm[äa]rkningar|bem[æa]rkninger|merknader|huomiot|"
     r"備考", "Notes"),
    (r"objet|betreff|oggetto|onderwerp|asunto|assunto|[äa]mne|emne|aihe", "Subject"),
)

# An age after a people word: "mères 25-44", "Eltern 30+" (never a name's year: "Madres 2027")
_AGE = r"\d{1,2}(?:\s*[-–+]|\s+(?:a|à|til|to|tot|bis|e|y)\s)"

# Words anywhere in the brief (longest phrases first where they overlap).
WORDS = (
    (r"presupuesto(?:\s+de)?|verba(?:\s+de)?|or[çc]amento(?:\s+de)?|bud[żz]et|b[üu]t[çc]e|"
     r"anggaran|budsjett|budjetti|media-?budget|mediebudget|予算|예산", "budget"),
    (r"campanha|campa[ñn]a|kampani[aęi]|kampanj(?:en)?|kampagnen?|kampanya(?:m[ıi]z)?|"
     r"kampanye|campagne|campagna|kampanja", "campaign"),
    (r"v[ií]deo\s+(?:en|em|på|na|w|no)\s+(?:la\s+|a\s+)?CTV", "CTV"),
    (r"t[ée]l[ée]\s+connect[ée]e|tv\s+connect[ée]e|tv\s+conectada|tv\s+connessa|"
     r"televisione\s+connessa|smart-?tv|connected-tv", "CTV"),
    (r"v[ií]deos?\s+on-?line|v[ií]deo\s+en\s+l[ií]nea|wideo\s+online|online-?video|"
     r"onlinevideo|vid[ée]o\s+en\s+ligne|vid[ée]o\s+online|bewegtbild(?:\s+online)?|"
     r"online-?bewegtbild|nettvideo|webbvideo|verkkovideo|online-?videot?", "online video"),
    (r"[áa]udio\s+digital|audio\s+digitale|audio\s+num[ée]rique|radio\s+digitale|"
     r"digital-?audio|digitale\s+audio|digitalt\s+lyd|digitaalinen\s+audio", "digital audio"),
    (r"streamingljud|streaminglyd", "streaming audio"),
    (r"ljud|lyd|áudio", "audio"),
    (r"m[íi]dia\s+exterior(?:\s+digital)?|exterior\s+digital|publicidad\s+exterior(?:\s+digital)?|"
     r"affichage\s+(?:digital|num[ée]rique)|digitale\s+au(?:ß|ss)enwerbung|"
     r"digital[- ]out[- ]of[- ]home|affissioni\s+digitali|digitale\s+buitenreclame|"
     r"digital\s+utomhus|digital\s+ute|digitaalinen\s+ulkomainonta", "DOOH"),
    (r"m[óo]vil|celular|mobil|mobiln[íi]|seluler|ponsel", "mobile"),
    (r"mitad\s+y\s+mitad|metade\s*/\s*metade|metade\s+e\s+metade|meio\s+a\s+meio|"
     r"po[łl]owa\s*/\s*po[łl]owa|po[łl]owa\s+na\s+po[łl]ow[ęe]|halv(?:t)?\s*/\s*halv(?:t)?|"
     r"yar[ıi]\s+yar[ıi]ya|a\s+partes\s+iguales|en\s+partes\s+iguales|por\s+igual|"
     r"moiti[ée][- /]moiti[ée]|(?:[àa]|en)\s+parts\s+[ée]gales|je\s+zur\s+h[äa]lfte|"
     r"zu\s+gleichen\s+teilen|halb\s*[-/]\s*halb|met[àa]\s+e\s+met[àa]|met[àa]\s*/\s*met[àa]|"
     r"in\s+parti\s+uguali|half\s+om\s+half|gelijk\s+verdeeld|em\s+partes\s+iguais|"
     r"h[äa]lften\s+var|halvt\s+om\s+halvt|lige\s+fordelt|tasan|puoliksi", "50/50"),
    (r"el\s+resto|lo\s+dem[áa]s|o\s+resto|resten|reszta|zbytek|geri\s+kalan[ıi]|sisanya|"
     r"le\s+reste|der\s+Rest|den\s+Rest|il\s+resto|de\s+rest|het\s+restant|o\s+restante|"
     r"lo\s+restante|el\s+restante|loput|resterende|resterande|øvrige", "the rest"),
    (r"hombres\s+y\s+mujeres|homens\s+e\s+mulheres|m[æ]nd\s+og\s+kvinder|"
     r"m[ä]n\s+och\s+kvinnor|menn\s+og\s+kvinner|hommes\s+et\s+femmes|"
     r"m[äa]nner\s+und\s+frauen|uomini\s+e\s+donne|mannen\s+en\s+vrouwen|"
     r"miehet\s+ja\s+naiset|femmes\s+et\s+hommes|frauen\s+und\s+m[äa]nner|"
     r"donne\s+e\s+uomini|vrouwen\s+en\s+mannen|mujeres\s+y\s+hombres|"
     r"mulheres\s+e\s+homens", "men and women"),
    (r"jeunes\s+adultes|junge\s+erwachsene|giovani\s+adulti|jongvolwassenen|"
     r"adultos\s+j[óo]venes|j[óo]venes\s+adultos|jovens\s+adultos|unga\s+vuxna|"
     r"unge\s+voksne|nuoret\s+aikuiset", "young adults"),
    (r"(?:m[èe]res|mamans|m[üu]tter|mamme|madri|moeders|mama's|mam[áa]s|madres|m[ãa]es|"
     rf"mammor|m[øo]dre|[äa]idit)(?=\s+(?:de\s+(?:famil|\d)|{_AGE}|van\s|mit\s|med\s|con\s|com\s|avec\s))",
     "moms"),
    (r"(?:p[èe]res|v[äa]ter|pap[àa]|vaders|pap[áa]s|pappor|f[æa]dre|fedre|is[äa]t)"
     rf"(?=\s+(?:de\s+(?:famil|\d)|{_AGE}|van\s|mit\s|med\s|con\s|com\s|avec\s))", "dads"),
    (r"(?:eltern|genitori|ouders|padres|pais|f[öo]r[äa]ldrar|for[æa]ldre|foreldre|vanhemmat)"
     rf"(?=\s+(?:{_AGE}|van\s|mit\s|med\s|con\s|com\s|met\s|"
     r"de\s+(?:familia|ni[ñn]os|hijos|crian|filhos)))", "parents"),
    (r"(?:avec|mit|con|com|met|med|ja)\s+(?:des\s+|de\s+)?(?:enfants|kindern?|bambini|figli|"
     r"kinderen|ni[ñn]os|hijos|crian[çc]as|filhos|barn|b[øo]rn|lapsia|lapset)", "with kids"),
    (r"foyers|m[ée]nages|haushalte|nuclei\s+familiari|famiglie|huishoudens|hogares|lares|"
     r"domic[íi]lios|hush[åa]ll|husstande|husstander|husholdninger|kotitaloudet", "households"),
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
    (r"(?:compra\s+)?program[áa]tic[ao]\s+garantizad[ao]|compra\s+garantizada|"
     r"programmatico\s+garantito|program[áa]tic[ao]\s+garantid[ao]|"
     r"programmatisch\s+gegarandeerd|programmatic\s+garantiert", "programmatic guaranteed"),
    (r"(?:deal|marketplace|mercado)\s+privado|place\s+de\s+march[ée]\s+priv[ée]e|"
     r"marketplace\s+priv[ée]|privater\s+marktplatz|mercato\s+privato|"
     r"private\s+marktplaats|privat\s+marknadsplats", "private marketplace"),
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
    ("SEK", r"och|för|från|vuxna|kvinnor|m[ä]n|målgrupp|vecka|veckor|hälsningar|ljud|"
            r"streamingljud|tack|fördelning|hälften|föräldrar|hushåll|unga"),
    ("DKK", r"kvinder|m[æ]nd|venlig|uge|uger|tak|ældre|marts|forældre|børn|husstande"),
    ("NOK", r"kvinner|menn|vennlig|uke|uker|takk|eldre|budsjett|nettvideo|foreldre|husstander"),
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
                (r"(?P<amount>\d[\d.,]*)\s*bin(?=\s*(?:TL|₺|TRY|lira)(?!\w))", "thousand"),
                # German thousands of euros: "150 T€", "150 TEUR", "150 Tsd. €"
                (r"(?P<amount>\d[\d.,]*)\s*T(?=€)", "thousand "),
                (r"(?P<amount>\d[\d.,]*)\s*T(?=EUR(?!\w))", "thousand "))
# Currency marks of one currency before or after an amount: "u$s 150.000" (Argentina,
# Uruguay: US dollars), "Rp 2,5 miliar" (rupiah).
CURRENCY_MARKS = ((r"[uU]\$[sSdD]", "USD"), (r"Rp\.?", "IDR"))
