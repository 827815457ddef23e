/// A danger to people that an emergency email can describe, and the phrases that reveal it in English,
/// French and Spanish. The steps to give for each are in `SafetyAdvice`; the whole table is listed for
/// review in `docs/safety-advice.md`.
///
/// Phrases are whole words after folding case and accents (`PhraseText`); a trailing `*` matches a word
/// prefix. Hazards are listed most dangerous first: when a message shows several, the first one decides
/// the steps (gas before carbon monoxide before fire, and so on).
public enum SafetyHazard: String, Sendable, CaseIterable, Hashable {
    case gasSmell = "gas_smell"
    case carbonMonoxide = "carbon_monoxide"
    case electricalFire = "electrical_fire"
    case electricShock = "electric_shock"
    case poolDrain = "pool_drain"
    case waterOnElectrics = "water_on_electrics"
    case structuralDanger = "structural_danger"
    case poolChemical = "pool_chemical"
    case sewageBackup = "sewage_backup"
    case flooding
    case noHeatInCold = "no_heat_in_cold"
    case noCoolingInHeat = "no_cooling_in_heat"

    /// What one hazard's detection looks for, as written in the table.
    struct Phrases {
        /// Any of these reveals the hazard, per language.
        var any: [SafetyLanguage: [String]] = [:]
        /// Both parts in one sentence reveal it (e.g. water and the electrical panel), per language.
        var pairs: [SafetyLanguage: (first: [String], second: [String])] = [:]
    }

    /// One hazard's phrases, folded once for matching.
    struct Compiled: Sendable {
        var hazard: SafetyHazard
        var any: [(SafetyLanguage, [Phrase])]
        var pairs: [(SafetyLanguage, [Phrase], [Phrase])]
    }

    /// The table, most dangerous hazard first, ready for matching.
    static let compiled: [Compiled] = allCases.map { hazard in
        let phrases = hazard.phrases
        return Compiled(
            hazard: hazard,
            any: SafetyLanguage.allCases.compactMap { language in phrases.any[language].map { (language, $0.map(Phrase.init)) } },
            pairs: SafetyLanguage.allCases.compactMap { language in
                phrases.pairs[language].map { (language, $0.first.map(Phrase.init), $0.second.map(Phrase.init)) }
            }
        )
    }

    /// One detected hazard: which one, the phrase that revealed it, and the phrase's language.
    public struct Finding: Sendable, Hashable {
        public var hazard: SafetyHazard
        public var phrase: String
        public var language: SafetyLanguage
    }

    /// The most dangerous hazard `subject` and `body` describe, or `nil`. Only the first 4,000 characters
    /// of the body are read: what a customer reports comes first, quoted history below it does not count.
    public static func detect(subject: String, body: String) -> Finding? {
        let text = searchText(subject: subject, body: body)
        return detect(in: text, words: PhraseText(text))
    }

    /// Subject and the first 4,000 characters of the body: what detection reads.
    static func searchText(subject: String, body: String) -> String {
        subject + "\n" + (body.utf8.count > 4000 ? String(body.prefix(4000)) : body)
    }

    /// The most dangerous hazard `text` (already read as `whole`) describes, or `nil`.
    static func detect(in text: String, words whole: PhraseText) -> Finding? {
        var sentences: [PhraseText]?
        for entry in compiled {
            for (language, phrases) in entry.any {
                if let found = whole.first(of: phrases) {
                    return Finding(hazard: entry.hazard, phrase: found.text, language: language)
                }
            }
            for (language, first, second) in entry.pairs {
                // Cheap test on the whole text first; then the two must share one sentence.
                guard whole.first(of: first) != nil, whole.first(of: second) != nil else { continue }
                if sentences == nil {
                    sentences = text.split(whereSeparator: { ".!?\n;".contains($0) }).map(PhraseText.init)
                }
                for sentence in sentences ?? [] {
                    if let a = sentence.first(of: first), let b = sentence.first(of: second) {
                        return Finding(hazard: entry.hazard, phrase: "\(a.text) … \(b.text)", language: language)
                    }
                }
            }
        }
        return nil
    }

    /// A short English name for reasons and docs.
    public var title: String {
        switch self {
        case .gasSmell: "gas smell"
        case .carbonMonoxide: "carbon monoxide alarm"
        case .electricalFire: "burning or sparking electrics"
        case .electricShock: "electric shock"
        case .poolDrain: "broken or missing pool drain cover"
        case .waterOnElectrics: "water near electrics"
        case .structuralDanger: "structural danger"
        case .poolChemical: "pool chemical exposure"
        case .sewageBackup: "sewage backup"
        case .flooding: "flooding or burst pipe"
        case .noHeatInCold: "no heat in the cold"
        case .noCoolingInHeat: "no cooling in the heat"
        }
    }

    private static let water: [SafetyLanguage: [String]] = [
        .english: ["water", "leak", "leaking", "leaks", "dripping", "drips", "wet", "flooded", "flooding", "soaked", "pouring"],
        .french: ["eau", "fuite", "fuit", "coule", "goutte", "mouille", "inonde", "trempe"],
        .spanish: ["agua", "fuga", "gotea", "goteando", "mojado", "mojada", "inundado", "inundada", "empapado"],
    ]

    private static let electrics: [SafetyLanguage: [String]] = [
        .english: [
            "panel", "breaker", "breakers", "fuse box", "fuse board", "fuses", "outlet", "outlets", "socket", "sockets",
            "light fitting", "light fixture", "ceiling light", "wiring", "wires", "electrical", "electric box",
        ],
        .french: [
            "panneau electrique", "disjoncteur", "disjoncteurs", "boite a fusibles", "tableau electrique", "prise electrique",
            "prises electriques", "prise de courant",
            "luminaire", "plafonnier", "fils electriques", "filage", "electrique",
        ],
        .spanish: [
            "panel electrico", "tablero", "breaker", "breakers", "caja de fusibles", "enchufe", "enchufes", "tomacorriente",
            "lampara", "cables", "cableado", "electrico", "electrica",
        ],
    ]

    var phrases: Phrases {
        switch self {
        case .gasSmell:
            Phrases(any: [
                .english: [
                    "smell gas", "smell of gas", "smells of gas", "smells like gas", "smelled gas", "smelling gas", "gas smell",
                    "gas leak", "gas leaking", "leaking gas", "rotten egg", "rotten eggs", "propane smell", "smell propane",
                    "smells like propane", "hissing gas", "odor of gas", "gas odor", "gas odour",
                ],
                .french: [
                    "odeur de gaz", "sent le gaz", "senteur de gaz", "fuite de gaz", "odeur d oeuf pourri", "odeur d oeufs pourris",
                    "odeur de propane", "sent le propane",
                ],
                .spanish: [
                    "olor a gas", "huele a gas", "fuga de gas", "escape de gas", "olor a huevo podrido", "olor a huevos podridos",
                    "huele a propano", "olor a propano",
                ],
            ])
        case .carbonMonoxide:
            Phrases(any: [
                .english: ["carbon monoxide", "co alarm", "co detector", "co monitor", "co alarms", "co is going off", "monoxide"],
                .french: ["monoxyde de carbone", "monoxyde", "detecteur de co", "alarme de co", "alarme co", "avertisseur de co"],
                .spanish: ["monoxido de carbono", "monoxido", "detector de co", "alarma de co", "alarma co"],
            ])
        case .electricalFire:
            Phrases(any: [
                .english: [
                    "sparking", "sparks", "spark", "arcing", "electrical fire", "burning smell", "smell of burning", "smells like burning",
                    "smells burnt", "burning plastic", "burnt smell", "smoke coming", "smoking outlet", "outlet is smoking",
                    "panel is smoking", "melted outlet", "melted wire", "melted wires", "scorch marks", "on fire", "flames",
                ],
                .french: [
                    "etincelle", "etincelles", "odeur de brule", "sent le brule", "ca sent le brule", "fumee sort", "de la fumee",
                    "prise fondue", "fils fondus", "court circuit", "en feu", "flammes", "incendie",
                ],
                .spanish: [
                    "chispas", "chispa", "chispea", "chispeando", "olor a quemado", "huele a quemado", "sale humo", "esta echando humo",
                    "enchufe derretido", "cables derretidos", "cortocircuito", "en llamas", "incendio", "fuego",
                ],
            ])
        case .electricShock:
            Phrases(any: [
                .english: ["got shocked", "getting shocked", "get shocked", "electric shock", "electrical shock", "shocked me", "tingling in the water", "tingle in the water", "electrocuted"],
                .french: ["choc electrique", "decharge electrique", "electrocute", "electrocutee", "recu une decharge"],
                .spanish: ["descarga electrica", "choque electrico", "electrocuto", "electrocutado", "me dio toque", "da toques", "dio una descarga"],
            ])
        case .poolDrain:
            Phrases(any: [
                .english: ["drain cover", "drain covers", "main drain cover", "suction cover", "suction outlet", "drain grate", "vgb cover"],
                .french: ["couvercle du drain", "couvercle de drain", "grille du drain", "grille de drain", "couvercle de la bonde"],
                .spanish: ["tapa del drenaje", "tapa de drenaje", "rejilla del drenaje", "tapa del desague", "rejilla de succion"],
            ])
        case .waterOnElectrics:
            Phrases(pairs: Dictionary(uniqueKeysWithValues: SafetyLanguage.allCases.map { ($0, (Self.water[$0] ?? [], Self.electrics[$0] ?? [])) }))
        case .structuralDanger:
            Phrases(any: [
                .english: [
                    "collapse", "collapsed", "collapsing", "caving in", "caved in", "cave in", "ceiling is sagging", "sagging ceiling",
                    "ceiling came down", "ceiling fell", "roof is sagging", "sagging roof", "came through the roof",
                    "tree fell on", "tree on the roof", "tree on our roof", "tree on my roof", "wall is leaning", "leaning wall",
                    "structural damage", "roof caved",
                ],
                .french: [
                    "effondr*", "s affaisse", "plafond affaisse", "toit affaisse", "toit enfonce", "arbre est tombe", "arbre tombe sur",
                    "mur penche", "risque d effondrement", "a traverse le toit",
                ],
                .spanish: [
                    "derrumb*", "colaps*", "techo hundido", "se hunde el techo", "se cayo el techo", "cayo un arbol", "arbol cayo",
                    "arbol sobre el techo", "pared inclinada", "atraveso el techo",
                ],
            ])
        case .poolChemical:
            Phrases(any: [
                .english: [
                    "chlorine gas", "chlorine fumes", "chemical fumes", "chemical smell", "mixed chemicals", "mixed the chemicals",
                    "chemical spill", "spilled chemicals", "spilled acid", "acid spill", "muriatic acid spill", "chemical burn",
                    "swallowed pool", "swallowed chlorine",
                ],
                .french: [
                    "gaz de chlore", "vapeurs de chlore", "vapeurs chimiques", "melange des produits", "deversement de produits",
                    "deversement d acide", "brulure chimique", "avale du chlore",
                ],
                .spanish: [
                    "gas de cloro", "vapores de cloro", "vapores quimicos", "mezcle los quimicos", "mezclamos quimicos",
                    "derrame de quimicos", "derrame de acido", "quemadura quimica", "trago cloro",
                ],
            ])
        case .sewageBackup:
            Phrases(any: [
                .english: ["sewage", "sewer backup", "sewer back up", "sewer backed up", "sewer is backing up", "septic backup", "raw sewage", "black water"],
                .french: ["egout", "egouts", "eaux usees", "refoulement", "eaux noires", "fosse septique deborde"],
                .spanish: ["aguas negras", "aguas residuales", "drenaje se regreso", "alcantarilla", "desague se regresa", "fosa septica"],
            ])
        case .flooding:
            Phrases(any: [
                .english: [
                    "burst pipe", "pipe burst", "burst pipes", "pipe has burst", "pipe broke", "broken pipe", "flooding", "flooded",
                    "water everywhere", "water pouring", "water gushing", "water is pouring", "water coming through the ceiling",
                    "water through the ceiling", "water coming in",
                ],
                .french: [
                    "tuyau eclate", "tuyau a eclate", "tuyau perce", "inondation", "inonde", "inondee", "de l eau partout",
                    "l eau coule du plafond", "degat d eau", "degats d eau",
                ],
                .spanish: [
                    "tuberia rota", "tubo roto", "se rompio la tuberia", "se rompio un tubo", "inundacion", "inundado", "inundada",
                    "agua por todas partes", "entra agua", "cae agua del techo",
                ],
            ])
        case .noHeatInCold:
            Phrases(any: [
                .english: [
                    "no heat", "heat is out", "heat went out", "heating is out", "heating stopped", "furnace stopped", "furnace died",
                    "furnace is dead", "furnace won t", "furnace not working", "furnace isn t working", "boiler stopped",
                    "freezing inside", "house is freezing", "pipes are freezing", "pipes freezing", "furnace quit", "heat quit",
                    "heating quit", "boiler quit", "boiler died", "furnace went out", "furnace stopped working",
                ],
                .french: [
                    "pas de chauffage", "plus de chauffage", "sans chauffage", "chauffage en panne", "chauffage ne fonctionne",
                    "fournaise ne fonctionne", "fournaise en panne", "fournaise arretee", "on gele", "tuyaux gelent",
                ],
                .spanish: [
                    "sin calefaccion", "no hay calefaccion", "no funciona la calefaccion", "calefaccion no funciona",
                    "calefaccion dejo de funcionar", "horno no funciona", "nos estamos congelando", "tuberias congeladas",
                ],
            ])
        case .noCoolingInHeat:
            Phrases(any: [
                .english: [
                    "no ac", "ac dead", "ac died", "ac is dead", "ac stopped", "ac not working", "ac isn t working", "ac is out",
                    "ac went out", "ac quit", "no air conditioning", "air conditioning stopped", "air conditioning is out",
                    "air conditioner stopped", "air conditioner died", "no cooling", "heat wave", "heatwave",
                ],
                .french: [
                    "climatisation en panne", "climatiseur en panne", "plus de climatisation", "pas de climatisation", "clim en panne",
                    "canicule", "vague de chaleur",
                ],
                .spanish: [
                    "aire acondicionado no funciona", "sin aire acondicionado", "no hay aire acondicionado", "se descompuso el aire",
                    "ola de calor",
                ],
            ])
        }
    }
}
