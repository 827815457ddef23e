/// What to tell someone in an emergency before anything else: the reviewed safety steps for one hazard,
/// in the customer's language, with the variants some industries need, and the business's emergency line.
///
/// The steps are deliberately conservative: get people away from the danger first, call the utility or 911
/// from a safe place, touch nothing that could make it worse, and never attempt a repair. They contain no
/// contractions and no prices, so every register and the price rule leave them as written. The whole table
/// is listed for review in `docs/safety-advice.md`; change both together.
public struct SafetyAdvice: Sendable, Hashable {
    /// The hazard the steps are for; `nil` for an emergency whose hazard was not recognised.
    public var hazard: SafetyHazard?
    /// The language the steps are written in.
    public var language: SafetyLanguage
    /// The steps, most important first.
    public var steps: [String]

    /// The advice for `hazard` in `industry`, in `language`.
    public init(hazard: SafetyHazard?, industry: Industry?, language: SafetyLanguage) {
        self.hazard = hazard
        self.language = language
        steps = Self.steps(for: hazard, industry: industry, language: language)
    }

    /// The paragraph a draft opens with: an introduction, the steps as a list, then the emergency line
    /// (or, without one, a request for the address and a phone number).
    public func paragraph(emergencyLine phone: String?) -> String {
        var lines = [Self.intro(language)]
        lines += steps.map { "- " + $0 }
        lines.append(Self.line(phone: phone, language: language))
        return lines.joined(separator: "\n")
    }

    static func intro(_ language: SafetyLanguage) -> String {
        switch language {
        case .english: "For your safety, please do this first:"
        case .french: "Pour votre sécurité, faites d'abord ceci :"
        case .spanish: "Por su seguridad, haga esto primero:"
        }
    }

    static func line(phone: String?, language: SafetyLanguage) -> String {
        switch (language, phone) {
        case (.english, let phone?): "Then call our emergency line at \(phone) so we can help you right away."
        case (.english, nil): "Then reply with your address and a phone number where we can reach you, and we will call you as soon as we can."
        case (.french, let phone?): "Appelez ensuite notre ligne d'urgence au \(phone) pour que nous puissions vous aider tout de suite."
        case (.french, nil): "Répondez-nous ensuite avec votre adresse et un numéro où vous joindre; nous vous appellerons dès que possible."
        case (.spanish, let phone?): "Después llame a nuestra línea de emergencias al \(phone) para que podamos ayudarle de inmediato."
        case (.spanish, nil): "Después respóndanos con su dirección y un teléfono donde podamos localizarle; le llamaremos lo antes posible."
        }
    }

    /// The steps for `hazard` in `industry`: the common steps, replaced or extended where an industry differs.
    public static func steps(for hazard: SafetyHazard?, industry: Industry?, language: SafetyLanguage) -> [String] {
        guard let hazard else { return pick(general, language) }
        var steps = pick(common(hazard), language)
        let water = industry == .poolsSpas || industry == .hotTubs
        switch hazard {
        case .flooding where industry == .roofing:
            steps = pick(roofLeak, language)
        case .flooding where water:
            steps = pick(poolFlooding, language)
        case .waterOnElectrics where industry == .roofing:
            steps = pick(roofElectrics, language)
        case .electricShock where water:
            steps.insert(contentsOf: pick(poolShock, language), at: 0)
        case .electricalFire where water, .waterOnElectrics where water:
            steps.append(contentsOf: pick(poolEquipment, language))
        case .gasSmell where industry == .hvac, .noHeatInCold where industry == .hvac:
            steps.append(contentsOf: pick(furnace, language))
        case .gasSmell where water:
            steps.append(contentsOf: pick(poolHeater, language))
        case .carbonMonoxide where industry == .saunasIceBaths:
            steps.append(contentsOf: pick(saunaStove, language))
        default:
            break
        }
        return steps
    }

    private static func pick(_ table: [SafetyLanguage: [String]], _ language: SafetyLanguage) -> [String] {
        table[language] ?? table[.english] ?? []
    }

    // MARK: The table

    static let general: [SafetyLanguage: [String]] = [
        .english: [
            "If anyone is in danger, leave the area and call 911 from a safe place.",
            "Only if it is safe to do so, turn off the affected equipment, or the water or power supply to it.",
        ],
        .french: [
            "Si quelqu'un est en danger, quittez les lieux et appelez le 911 depuis un endroit sûr.",
            "Seulement si vous pouvez le faire sans risque, arrêtez l'appareil en cause, ou son alimentation en eau ou en électricité.",
        ],
        .spanish: [
            "Si alguien está en peligro, salga del lugar y llame al 911 desde un sitio seguro.",
            "Solo si puede hacerlo sin riesgo, apague el equipo afectado o corte el agua o la electricidad que lo alimenta.",
        ],
    ]

    static func common(_ hazard: SafetyHazard) -> [SafetyLanguage: [String]] {
        switch hazard {
        case .gasSmell: gas
        case .carbonMonoxide: carbonMonoxide
        case .electricalFire: electricalFire
        case .electricShock: electricShock
        case .poolDrain: poolDrain
        case .waterOnElectrics: waterOnElectrics
        case .structuralDanger: structural
        case .poolChemical: chemical
        case .sewageBackup: sewage
        case .flooding: flooding
        case .noHeatInCold: noHeat
        case .noCoolingInHeat: noCooling
        }
    }

    static let gas: [SafetyLanguage: [String]] = [
        .english: [
            "Leave the building now and take everyone with you, pets included.",
            "Do not touch light switches, thermostats or appliances, do not light a match or a lighter, and do not use a phone inside.",
            "Once you are outside and well away from the building, call your gas utility's emergency line or 911.",
            "Do not go back in until they tell you it is safe, and do not try to find the leak yourself.",
        ],
        .french: [
            "Quittez le bâtiment maintenant avec tout le monde, animaux compris.",
            "Ne touchez à aucun interrupteur, thermostat ou appareil, n'allumez ni allumette ni briquet, et n'utilisez pas de téléphone à l'intérieur.",
            "Une fois dehors et loin du bâtiment, appelez la ligne d'urgence de votre distributeur de gaz ou le 911.",
            "Ne retournez pas à l'intérieur avant qu'ils vous disent que c'est sans danger, et ne cherchez pas la fuite vous-même.",
        ],
        .spanish: [
            "Salga del edificio ahora con todas las personas, incluidas las mascotas.",
            "No toque interruptores, termostatos ni aparatos, no encienda fósforos ni encendedores y no use el teléfono adentro.",
            "Cuando esté afuera y lejos del edificio, llame a la línea de emergencias de su compañía de gas o al 911.",
            "No vuelva a entrar hasta que le digan que es seguro, y no intente buscar la fuga usted mismo.",
        ],
    ]

    static let carbonMonoxide: [SafetyLanguage: [String]] = [
        .english: [
            "Get everyone, pets included, out into fresh air now; do not stay inside to open windows or look for the cause.",
            "Call 911 from outside.",
            "Anyone with a headache, dizziness, nausea, confusion or drowsiness needs medical help right away: tell the 911 operator.",
            "Do not go back in, or run the furnace, water heater or any other fuel-burning appliance, until the fire department or a technician says it is safe.",
        ],
        .french: [
            "Faites sortir tout le monde à l'air frais maintenant, animaux compris; ne restez pas à l'intérieur pour ouvrir les fenêtres ou chercher la cause.",
            "Appelez le 911 depuis l'extérieur.",
            "Toute personne qui a mal à la tête, des étourdissements, des nausées, de la confusion ou de la somnolence a besoin de soins tout de suite : dites-le au 911.",
            "Ne retournez pas à l'intérieur et n'utilisez ni la fournaise, ni le chauffe-eau, ni aucun appareil à combustion avant que les pompiers ou un technicien confirment que c'est sans danger.",
        ],
        .spanish: [
            "Saque a todos, incluidas las mascotas, al aire libre ahora; no se quede adentro para abrir ventanas o buscar la causa.",
            "Llame al 911 desde afuera.",
            "Quien tenga dolor de cabeza, mareo, náuseas, confusión o somnolencia necesita atención médica de inmediato: dígaselo al 911.",
            "No vuelva a entrar ni use el calentador, el calentador de agua ni ningún aparato que queme combustible hasta que los bomberos o un técnico digan que es seguro.",
        ],
    ]

    static let electricalFire: [SafetyLanguage: [String]] = [
        .english: [
            "If you see flames or smoke, get everyone out and call 911 from outside.",
            "Do not touch the sparking outlet, switch, cord or equipment, and never use water on an electrical fire.",
            "Only if the main breaker is away from the problem and you are dry, switch it off; otherwise stay away from the panel.",
            "Do not use that circuit again until an electrician has checked it.",
        ],
        .french: [
            "Si vous voyez des flammes ou de la fumée, faites sortir tout le monde et appelez le 911 depuis l'extérieur.",
            "Ne touchez pas la prise, l'interrupteur, le fil ou l'appareil qui fait des étincelles, et n'utilisez jamais d'eau sur un feu électrique.",
            "Seulement si le disjoncteur principal est loin du problème et que vous êtes au sec, coupez-le; sinon, éloignez-vous du panneau.",
            "N'utilisez plus ce circuit avant qu'un électricien l'ait vérifié.",
        ],
        .spanish: [
            "Si ve llamas o humo, saque a todos y llame al 911 desde afuera.",
            "No toque el enchufe, el interruptor, el cable ni el equipo que echa chispas, y nunca use agua en un fuego eléctrico.",
            "Solo si el interruptor principal está lejos del problema y usted está seco, apáguelo; si no, aléjese del panel.",
            "No vuelva a usar ese circuito hasta que un electricista lo revise.",
        ],
    ]

    static let electricShock: [SafetyLanguage: [String]] = [
        .english: [
            "Do not touch anyone who may still be in contact with the source: switch off the power at the breaker first.",
            "Call 911 for anyone who was shocked, even if they seem fine.",
            "Keep everyone away from the equipment, and do not switch the power back on until it has been checked.",
        ],
        .french: [
            "Ne touchez pas une personne qui pourrait encore être en contact avec la source : coupez d'abord le courant au disjoncteur.",
            "Appelez le 911 pour toute personne qui a reçu une décharge, même si elle semble aller bien.",
            "Tenez tout le monde loin de l'appareil et ne remettez pas le courant avant qu'il ait été vérifié.",
        ],
        .spanish: [
            "No toque a nadie que pueda seguir en contacto con la fuente: primero corte la electricidad en el interruptor.",
            "Llame al 911 por cualquier persona que haya recibido una descarga, aunque parezca estar bien.",
            "Mantenga a todos lejos del equipo y no vuelva a conectar la electricidad hasta que lo hayan revisado.",
        ],
    ]

    static let poolDrain: [SafetyLanguage: [String]] = [
        .english: [
            "If anyone is caught at the drain, switch off the pump at once and call 911.",
            "Keep everyone out of the pool and spa until the cover is replaced: a broken or missing drain cover can hold a swimmer underwater.",
            "Switch off the pump at its switch or breaker, only if you can reach it from a dry spot.",
        ],
        .french: [
            "Si quelqu'un est retenu au drain, arrêtez la pompe immédiatement et appelez le 911.",
            "Gardez tout le monde hors de la piscine et du spa jusqu'au remplacement du couvercle : un couvercle de drain brisé ou manquant peut retenir un baigneur sous l'eau.",
            "Arrêtez la pompe à son interrupteur ou au disjoncteur, seulement si vous pouvez l'atteindre depuis un endroit sec.",
        ],
        .spanish: [
            "Si alguien queda atrapado en el drenaje, apague la bomba de inmediato y llame al 911.",
            "Mantenga a todos fuera de la piscina y del jacuzzi hasta que se reemplace la tapa: una tapa de drenaje rota o faltante puede retener a un nadador bajo el agua.",
            "Apague la bomba en su interruptor o en el breaker, solo si puede llegar desde un lugar seco.",
        ],
    ]

    static let waterOnElectrics: [SafetyLanguage: [String]] = [
        .english: [
            "Stay out of water that may be touching outlets, cords, appliances or the electrical panel, and do not touch anything electrical while you are wet.",
            "Only if you can reach the main breaker from a dry spot, switch it off; if you cannot, leave the area and call your power utility or 911.",
            "If it is safe to reach, shut off the water at the main valve.",
            "Do not use the affected lights or outlets until an electrician has checked them.",
        ],
        .french: [
            "Restez hors de l'eau qui pourrait toucher des prises, des fils, des appareils ou le panneau électrique, et ne touchez à rien d'électrique si vous êtes mouillé.",
            "Seulement si vous pouvez atteindre le disjoncteur principal depuis un endroit sec, coupez-le; sinon, quittez les lieux et appelez votre distributeur d'électricité ou le 911.",
            "Si vous pouvez l'atteindre sans danger, fermez l'eau au robinet principal.",
            "N'utilisez pas les lumières ou les prises touchées avant qu'un électricien les ait vérifiées.",
        ],
        .spanish: [
            "No se meta en agua que pueda tocar enchufes, cables, aparatos o el panel eléctrico, y no toque nada eléctrico si está mojado.",
            "Solo si puede llegar al interruptor principal desde un lugar seco, apáguelo; si no, salga del área y llame a su compañía de electricidad o al 911.",
            "Si puede llegar sin peligro, cierre el agua en la llave principal.",
            "No use las luces ni los enchufes afectados hasta que un electricista los revise.",
        ],
    ]

    static let structural: [SafetyLanguage: [String]] = [
        .english: [
            "Get everyone out of the damaged area, or out of the building if it may be unstable, and keep away from sagging ceilings, leaning walls and anything that has fallen.",
            "If anyone is hurt or trapped, or the building could come down, call 911.",
            "Stay at least 10 metres (33 feet) from any fallen power line and call your power utility.",
            "Only if it is safe, shut off the power, gas and water to the damaged part of the building; do not climb onto the roof or try repairs yourself.",
        ],
        .french: [
            "Faites sortir tout le monde de la zone endommagée, ou du bâtiment s'il pourrait être instable, et restez loin des plafonds affaissés, des murs qui penchent et de tout ce qui est tombé.",
            "Si quelqu'un est blessé ou coincé, ou si le bâtiment pourrait s'effondrer, appelez le 911.",
            "Restez à au moins 10 mètres de tout fil électrique tombé et appelez votre distributeur d'électricité.",
            "Seulement si c'est sans danger, coupez l'électricité, le gaz et l'eau de la partie endommagée; ne montez pas sur le toit et ne tentez aucune réparation vous-même.",
        ],
        .spanish: [
            "Saque a todos del área dañada, o del edificio si puede ser inestable, y aléjese de techos hundidos, paredes inclinadas y de todo lo que se haya caído.",
            "Si alguien está herido o atrapado, o el edificio podría derrumbarse, llame al 911.",
            "Manténgase a por lo menos 10 metros (33 pies) de cualquier cable eléctrico caído y llame a su compañía de electricidad.",
            "Solo si es seguro, corte la electricidad, el gas y el agua de la parte dañada; no se suba al techo ni intente reparaciones usted mismo.",
        ],
    ]

    static let chemical: [SafetyLanguage: [String]] = [
        .english: [
            "Move everyone away from the fumes into fresh air, upwind, and keep people and pets out of the area.",
            "If anyone has trouble breathing, chest pain, or burns to the eyes or skin, call 911.",
            "Rinse eyes or skin with plenty of clean water for at least 15 minutes, and call your poison control centre for advice.",
            "Do not try to clean up or neutralise the chemicals yourself, never mix chemicals, and do not add water to them.",
        ],
        .french: [
            "Éloignez tout le monde des vapeurs, à l'air frais et dos au vent, et gardez les personnes et les animaux hors de la zone.",
            "Si quelqu'un a du mal à respirer, une douleur à la poitrine ou des brûlures aux yeux ou à la peau, appelez le 911.",
            "Rincez les yeux ou la peau à grande eau propre pendant au moins 15 minutes et appelez le centre antipoison pour des conseils.",
            "N'essayez pas de nettoyer ou de neutraliser les produits vous-même, ne mélangez jamais de produits chimiques et n'y ajoutez pas d'eau.",
        ],
        .spanish: [
            "Aleje a todos de los vapores hacia el aire libre, en contra del viento, y mantenga a personas y mascotas fuera del área.",
            "Si alguien tiene dificultad para respirar, dolor en el pecho o quemaduras en los ojos o la piel, llame al 911.",
            "Enjuague los ojos o la piel con abundante agua limpia durante al menos 15 minutos y llame al centro de toxicología para recibir consejo.",
            "No intente limpiar ni neutralizar los químicos usted mismo, nunca mezcle químicos y no les agregue agua.",
        ],
    ]

    static let sewage: [SafetyLanguage: [String]] = [
        .english: [
            "Keep everyone, especially children and pets, away from the sewage, and do not touch it or anything it has soaked without gloves.",
            "Stop using toilets, sinks, showers, the dishwasher and the washing machine until it is fixed, or more will back up.",
            "If sewage is near outlets, appliances or the electrical panel, stay out of it; switch off the power at the main breaker only if you can reach it from a dry spot.",
            "Wash your hands well after any contact.",
        ],
        .french: [
            "Gardez tout le monde, surtout les enfants et les animaux, loin des eaux usées, et n'y touchez pas, ni à ce qu'elles ont mouillé, sans gants.",
            "N'utilisez plus les toilettes, les éviers, la douche, le lave-vaisselle ni la laveuse avant la réparation, sinon le refoulement augmentera.",
            "Si les eaux usées sont près de prises, d'appareils ou du panneau électrique, restez-en loin; coupez le courant au disjoncteur principal seulement si vous pouvez l'atteindre depuis un endroit sec.",
            "Lavez-vous bien les mains après tout contact.",
        ],
        .spanish: [
            "Mantenga a todos, sobre todo a niños y mascotas, lejos de las aguas negras, y no las toque, ni lo que hayan mojado, sin guantes.",
            "Deje de usar inodoros, lavabos, regaderas, el lavaplatos y la lavadora hasta que se repare, o se regresará más agua.",
            "Si las aguas negras están cerca de enchufes, aparatos o el panel eléctrico, no entre; corte la electricidad en el interruptor principal solo si puede llegar desde un lugar seco.",
            "Lávese bien las manos después de cualquier contacto.",
        ],
    ]

    static let flooding: [SafetyLanguage: [String]] = [
        .english: [
            "If you can reach it safely, shut off the water at the main valve.",
            "If water is near outlets, appliances or the electrical panel, stay out of it and do not touch anything electrical; switch off the power at the main breaker only if you can reach it from a dry spot.",
            "Keep people away from ceilings that sag or bulge with water.",
            "Move what you can out of the water's way, and take photos for your insurer.",
        ],
        .french: [
            "Si vous pouvez l'atteindre sans danger, fermez l'eau au robinet principal.",
            "Si l'eau est près de prises, d'appareils ou du panneau électrique, restez-en loin et ne touchez à rien d'électrique; coupez le courant au disjoncteur principal seulement si vous pouvez l'atteindre depuis un endroit sec.",
            "Tenez tout le monde loin des plafonds qui s'affaissent ou gonflent sous l'eau.",
            "Déplacez ce que vous pouvez hors de l'eau et prenez des photos pour votre assureur.",
        ],
        .spanish: [
            "Si puede llegar sin peligro, cierre el agua en la llave principal.",
            "Si el agua está cerca de enchufes, aparatos o el panel eléctrico, no entre y no toque nada eléctrico; corte la electricidad en el interruptor principal solo si puede llegar desde un lugar seco.",
            "Mantenga a las personas lejos de techos que se hunden o se abomban por el agua.",
            "Retire lo que pueda del paso del agua y tome fotos para su aseguradora.",
        ],
    ]

    static let noHeat: [SafetyLanguage: [String]] = [
        .english: [
            "Gather everyone in one room, close the doors, and add layers and blankets; check often on babies, older people and anyone unwell.",
            "Never heat the home with an oven, stove, grill, camp heater or generator: they can fill it with carbon monoxide. Keep any space heater 1 metre (3 feet) from anything that can burn.",
            "If the home gets too cold to stay safely, go somewhere warm; call 911 if anyone is very cold, confused or drowsy.",
            "Let taps drip and open the cabinet doors under sinks to help keep pipes from freezing.",
        ],
        .french: [
            "Réunissez tout le monde dans une pièce, fermez les portes et ajoutez des vêtements et des couvertures; vérifiez souvent les bébés, les personnes âgées et toute personne malade.",
            "Ne chauffez jamais la maison avec le four, la cuisinière, un barbecue, un chauffage de camping ou une génératrice : ils peuvent la remplir de monoxyde de carbone. Gardez tout chauffage d'appoint à 1 mètre de tout ce qui peut brûler.",
            "Si la maison devient trop froide pour y rester sans danger, allez dans un endroit chaud; appelez le 911 si quelqu'un a très froid, est confus ou somnolent.",
            "Laissez couler un filet d'eau aux robinets et ouvrez les portes d'armoire sous les éviers pour éviter que les tuyaux gèlent.",
        ],
        .spanish: [
            "Reúna a todos en una habitación, cierre las puertas y agregue ropa y cobijas; revise seguido a bebés, personas mayores y a quien esté enfermo.",
            "Nunca caliente la casa con el horno, la estufa, una parrilla, un calentador de campamento o un generador: pueden llenarla de monóxido de carbono. Mantenga cualquier calentador portátil a 1 metro (3 pies) de todo lo que pueda quemarse.",
            "Si la casa se pone demasiado fría para quedarse sin peligro, vaya a un lugar cálido; llame al 911 si alguien tiene mucho frío, está confundido o somnoliento.",
            "Deje gotear las llaves y abra las puertas de los gabinetes bajo los lavabos para evitar que se congelen las tuberías.",
        ],
    ]

    static let noCooling: [SafetyLanguage: [String]] = [
        .english: [
            "Move everyone to the coolest room, away from the sun, or to somewhere air-conditioned such as a friend's home, a library or a cooling centre.",
            "Drink water often, use cool showers or damp cloths, and keep blinds closed; check often on babies, older people, anyone unwell, and pets.",
            "Call 911 if anyone is confused, faints, stops sweating or has hot, red skin: these are signs of heat stroke.",
        ],
        .french: [
            "Installez tout le monde dans la pièce la plus fraîche, à l'abri du soleil, ou dans un endroit climatisé comme chez un proche, une bibliothèque ou un centre de rafraîchissement.",
            "Buvez de l'eau souvent, prenez des douches fraîches ou utilisez des linges humides, et gardez les stores fermés; vérifiez souvent les bébés, les personnes âgées, les personnes malades et les animaux.",
            "Appelez le 911 si quelqu'un est confus, s'évanouit, ne transpire plus ou a la peau chaude et rouge : ce sont des signes de coup de chaleur.",
        ],
        .spanish: [
            "Lleve a todos a la habitación más fresca, lejos del sol, o a un lugar con aire acondicionado como la casa de un familiar, una biblioteca o un centro de enfriamiento.",
            "Beba agua seguido, use regaderas frescas o paños húmedos y mantenga las persianas cerradas; revise seguido a bebés, personas mayores, personas enfermas y mascotas.",
            "Llame al 911 si alguien está confundido, se desmaya, deja de sudar o tiene la piel caliente y roja: son señales de golpe de calor.",
        ],
    ]

    // MARK: Industry variants

    /// Pools and hot tubs: an overflowing pool is about the equipment and outlets around it, not a pipe or a ceiling.
    static let poolFlooding: [SafetyLanguage: [String]] = [
        .english: [
            "Keep everyone out of the pool and away from the pump, heater and equipment pad while there is standing water around them.",
            "Do not touch outlets, switches or equipment near standing water; switch off the pool equipment at the breaker only if you can reach it from a dry spot.",
            "If water is reaching the house, keep people away from the outlets, appliances and electrical panel there too.",
        ],
        .french: [
            "Gardez tout le monde hors de la piscine et loin de la pompe, du chauffe-eau et des équipements tant qu'il y a de l'eau stagnante autour.",
            "Ne touchez pas aux prises, interrupteurs ou équipements près de l'eau stagnante; coupez les équipements de la piscine au disjoncteur seulement si vous pouvez l'atteindre depuis un endroit sec.",
            "Si l'eau atteint la maison, tenez aussi tout le monde loin des prises, des appareils et du panneau électrique.",
        ],
        .spanish: [
            "Mantenga a todos fuera de la piscina y lejos de la bomba, el calentador y el equipo mientras haya agua estancada alrededor.",
            "No toque enchufes, interruptores ni equipos cerca del agua estancada; apague el equipo de la piscina en el breaker solo si puede llegar desde un lugar seco.",
            "Si el agua llega a la casa, mantenga también a todos lejos de los enchufes, los aparatos y el panel eléctrico.",
        ],
    ]

    /// Roofing: water coming in is a roof leak, not a pipe, so the main valve does not help.
    static let roofLeak: [SafetyLanguage: [String]] = [
        .english: [
            "If water is near outlets, light fittings or the electrical panel, stay out of it and do not touch anything electrical; switch off the power at the main breaker only if you can reach it from a dry spot.",
            "Keep people out from under ceilings that sag or bulge with water.",
            "Put buckets under drips and move belongings away, but do not go up on the roof, especially in rain, wind or ice.",
        ],
        .french: [
            "Si l'eau est près de prises, de luminaires ou du panneau électrique, restez-en loin et ne touchez à rien d'électrique; coupez le courant au disjoncteur principal seulement si vous pouvez l'atteindre depuis un endroit sec.",
            "Tenez tout le monde loin des plafonds qui s'affaissent ou gonflent sous l'eau.",
            "Placez des seaux sous les gouttes et éloignez vos biens, mais ne montez pas sur le toit, surtout sous la pluie, le vent ou la glace.",
        ],
        .spanish: [
            "Si el agua está cerca de enchufes, lámparas o el panel eléctrico, no entre y no toque nada eléctrico; corte la electricidad en el interruptor principal solo si puede llegar desde un lugar seco.",
            "Mantenga a las personas lejos de techos que se hunden o se abomban por el agua.",
            "Ponga cubetas bajo las goteras y retire sus pertenencias, pero no se suba al techo, sobre todo con lluvia, viento o hielo.",
        ],
    ]

    /// Roofing: water on electrics comes through the roof, so the main valve does not help; sagging ceilings do matter.
    static let roofElectrics: [SafetyLanguage: [String]] = [
        .english: [
            "Stay out of water that may be touching outlets, cords, appliances or the electrical panel, and do not touch anything electrical while you are wet.",
            "Only if you can reach the main breaker from a dry spot, switch it off; if you cannot, leave the area and call your power utility or 911.",
            "Keep people out from under ceilings that sag or bulge with water, and do not go up on the roof.",
            "Do not use the affected lights or outlets until an electrician has checked them.",
        ],
        .french: [
            "Restez hors de l'eau qui pourrait toucher des prises, des fils, des appareils ou le panneau électrique, et ne touchez à rien d'électrique si vous êtes mouillé.",
            "Seulement si vous pouvez atteindre le disjoncteur principal depuis un endroit sec, coupez-le; sinon, quittez les lieux et appelez votre distributeur d'électricité ou le 911.",
            "Tenez tout le monde loin des plafonds qui s'affaissent ou gonflent sous l'eau, et ne montez pas sur le toit.",
            "N'utilisez pas les lumières ou les prises touchées avant qu'un électricien les ait vérifiées.",
        ],
        .spanish: [
            "No se meta en agua que pueda tocar enchufes, cables, aparatos o el panel eléctrico, y no toque nada eléctrico si está mojado.",
            "Solo si puede llegar al interruptor principal desde un lugar seco, apáguelo; si no, salga del área y llame a su compañía de electricidad o al 911.",
            "Mantenga a las personas lejos de techos que se hunden o se abomban por el agua, y no se suba al techo.",
            "No use las luces ni los enchufes afectados hasta que un electricista los revise.",
        ],
    ]

    /// Pools and hot tubs: a shock in or near the water comes first.
    static let poolShock: [SafetyLanguage: [String]] = [
        .english: ["Get everyone out of the pool or hot tub, avoiding metal ladders, rails and lights, and keep everyone out of the water."],
        .french: ["Faites sortir tout le monde de la piscine ou du spa en évitant les échelles, les rampes et les lumières en métal, et gardez tout le monde hors de l'eau."],
        .spanish: ["Saque a todos de la piscina o del jacuzzi sin tocar escaleras, barandales ni luces de metal, y mantenga a todos fuera del agua."],
    ]

    /// Pools and hot tubs: electrics near the water.
    static let poolEquipment: [SafetyLanguage: [String]] = [
        .english: ["Keep everyone out of the pool or hot tub and away from the pump, heater and equipment pad."],
        .french: ["Gardez tout le monde hors de la piscine ou du spa et loin de la pompe, du chauffe-eau et des équipements."],
        .spanish: ["Mantenga a todos fuera de la piscina o del jacuzzi y lejos de la bomba, el calentador y el equipo."],
    ]

    /// HVAC: the furnace itself.
    static let furnace: [SafetyLanguage: [String]] = [
        .english: ["Do not try to relight the furnace or a pilot light, or open the furnace yourself."],
        .french: ["N'essayez pas de rallumer la fournaise ou une veilleuse, ni d'ouvrir la fournaise vous-même."],
        .spanish: ["No intente volver a encender el calentador ni el piloto, ni abrir el equipo usted mismo."],
    ]

    /// Pools and hot tubs: gas heaters stand outdoors.
    static let poolHeater: [SafetyLanguage: [String]] = [
        .english: ["If the smell is near an outdoor pool or spa heater, keep everyone well away from it and make the same call."],
        .french: ["Si l'odeur vient d'un chauffe-piscine ou d'un chauffe-spa extérieur, tenez tout le monde loin et faites le même appel."],
        .spanish: ["Si el olor viene de un calentador de piscina o de jacuzzi al aire libre, mantenga a todos lejos y haga la misma llamada."],
    ]

    /// Saunas: a wood or gas stove is the likely source.
    static let saunaStove: [SafetyLanguage: [String]] = [
        .english: ["Do not go back in to put out or adjust the sauna stove."],
        .french: ["Ne retournez pas à l'intérieur pour éteindre ou régler le poêle du sauna."],
        .spanish: ["No vuelva a entrar para apagar o ajustar la estufa del sauna."],
    ]
}
