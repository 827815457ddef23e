"""The variety round (fourth appended part of the corpus): used by generate.py only when `g.variety` is set.

Why this exists: after the hard negatives, held-out mail still showed two kinds of error. (1) Routine customer mail
escalated because it *mentions* something alarming (a gas smell last winter, a question about what to do if the CO
alarm goes off, a quote for a sump pump "so we never flood again", an elderly parent mentioned in passing). (2)
Emergencies rated one level low because the risk is carried by *who* is exposed and *that it is happening now*
("no heat and my 88-year-old father lives with us", "the AC died, it's 104 out and mom has a heart condition",
"water is coming out of the light fixture"). These banks put alarming words into past, hypothetical, preventive and
no-rush mail for every trade and the three languages, and state real emergencies plainly, present tense, with the
person at risk where the conventions make that the difference between high and critical. Also more permit and
subcontractor mail for general contractors, and plumbing/electrical mail. Written from scratch; nothing here is
taken from Tests/Mailbox or any held-out set.

Rules (DOMAIN.md "Triage conventions"): critical = risk to life or safety now (gas, CO, sparks/burning/smoke,
water on electrics, structural danger, loss of heat or cooling in extreme temperatures with a vulnerable person);
high = needs action today (active leak, flooding, sewage backup, roof open, loss of heat or cooling); a past,
resolved, hypothetical or preventive mention is routine (normal; low when the sender says there is no rush).
Slots as in phrases_routine.py.
"""

# (topic, category rule, text). Topics: past (a hazard that is over), hypo (what-if questions), prevent (quotes to
# avoid a hazard), person (a vulnerable person mentioned in routine mail), norush (routine, sender says no hurry).
ROUTINE = {
    "en": [
        ("past", "support", "We had a gas smell near the {equip} last winter and you fixed it. Can we book the yearly check?"),
        ("past", "support", "The CO alarm went off once back in {month}. It turned out to be the battery. Should someone still look at the {equip}?"),
        ("past", "support", "After the flood two years ago you replaced the drywall. A small stain showed up again, nothing wet. Can you take a look sometime?"),
        ("past", "support", "The breaker tripped last week when we ran the space heater. We reset it and it's been fine since. Is that something to worry about?"),
        ("past", "support", "Thanks for coming out on the weekend when the pipe burst. Everything is dry now. Please send the invoice."),
        ("past", "support", "Last month there was a burning smell the first time we turned on the {equip}. It went away after an hour. Is that normal?"),
        ("past", "support", "We lost power for a day during the storm in {month}. Everything came back on. Could you check the panel at the next visit?"),
        ("past", "support", "The sewer backed up in {year} before we bought the house. The inspector mentioned it. Can you camera the line at some point?"),
        ("past", "support", "The roof leaked during the big storm in {month} but you patched it and it's held up since. Can you send the warranty paperwork?"),
        ("past", "support", "You replaced the cracked part after the emergency call in {month}. Do we need a follow-up visit or are we all set?"),
        ("past", "support", "My father had a fall last year so we put in grab bars. Now we'd like a quote on the rest of the bathroom."),
        ("hypo", "support", "What should we do if we ever smell gas? I want to write it down for the babysitter."),
        ("hypo", "support", "If the CO detector goes off, do we call you or the gas company first? Just asking, everything is fine."),
        ("hypo", "support", "If a pipe ever bursts, where is the main shutoff in our house? Can you show us at the next visit?"),
        ("hypo", "support", "Is it dangerous if the {equip} makes a popping sound? It only happened once and it's working."),
        ("hypo", "support", "How would I know if the panel is overloaded? We're adding a hot tub next year."),
        ("hypo", "support", "Is it safe to leave the {equip} running while we're away for two weeks?"),
        ("hypo", "support", "Do you answer emergency calls at night if something happens? Nothing is wrong, we just want to know."),
        ("hypo", "support", "What temperature should we keep the house at while we travel so the pipes don't freeze?"),
        ("prevent", "sales", "We'd like a quote for a battery backup sump pump so the basement never floods again."),
        ("prevent", "sales", "Can you quote carbon monoxide detectors for every floor? Ours are ten years old."),
        ("prevent", "sales", "Our panel is from the 1970s and the insurer wants it replaced. Please send an estimate."),
        ("prevent", "sales", "Looking for a price on surge protection for the whole house after the storm knocked out our TV."),
        ("prevent", "sales", "We want a leak detection system with an automatic shutoff. What would that cost?"),
        ("prevent", "sales", "Can you give us a price to replace the old water heater before it fails? It's 14 years old and still working."),
        ("prevent", "sales", "We're selling the house and the inspection flagged the old wiring as a fire risk. Can you quote the repair?"),
        ("prevent", "sales", "Please quote a generator so we have heat if the power goes out this winter."),
        ("prevent", "sales", "The inspector said the deck ledger could fail in a few years. Can you price a new one?"),
        ("person", "support", "My mother is 92 and lives with us, so we'd like the {equip} serviced before the cold weather. Any day next week works."),
        ("person", "sales", "We just had a baby and want to replace the old {equip} this spring. Can you send a quote?"),
        ("person", "support", "Please call my cell rather than the house phone, my husband is recovering from surgery and sleeping a lot."),
        ("person", "support", "My dad is in a wheelchair, so the crew will need to use the side entrance. The appointment on {day} is still fine."),
        ("person", "sales", "We're setting up a room for my elderly mother and need an extra outlet and better lighting. Quote please."),
        ("person", "support", "Our daughter has asthma, so could the tech let us know which filter is best? No rush."),
        ("norush", "support", "The kitchen faucet drips a little. No rush at all, whenever you are in the area."),
        ("norush", "support", "One outlet in the garage stopped working. Not urgent, we have an extension cord."),
        ("norush", "support", "There's a small water stain on the ceiling from an old leak, completely dry. Whenever you have a minute."),
        ("norush", "support", "The {equip} is a bit noisy at night. Not an emergency, just want it looked at when convenient."),
        ("norush", "sales", "Thinking about {item} sometime next year. No rush, just gathering prices."),
        # Frustrated but calm: no danger, no threat of a review, the BBB or court (normal, not escalated).
        ("complaint", "support", "Honestly I'm pretty frustrated. Nobody showed up {day} and nobody called. Can we rebook?"),
        ("complaint", "support", "The crew left the back gate open and our dog got out. He's fine, but please make sure it doesn't happen again."),
        ("complaint", "support", "This is the third time I've had to email about the same invoice. Please fix the amount."),
        ("complaint", "support", "I was charged twice for the visit in {month}. Please refund one of the charges."),
        ("complaint", "support", "The technician was rude to my wife. I'd like someone else next time."),
        ("complaint", "support", "The repair only lasted a week and the {equip} is acting up again. Can someone come back at no charge?"),
        ("complaint", "support", "We waited all day and the appointment window came and went. Very disappointing."),
        ("complaint", "support", "There's a scratch on the floor from the ladder. Not the end of the world, but I wanted you to know."),
    ],
    "fr": [
        ("past", "support", "On a senti une odeur de gaz l'hiver passé et vous avez réparé. Peut-on prendre rendez-vous pour l'inspection annuelle?"),
        ("past", "support", "Merci d'être venus quand le tuyau a éclaté. Tout est sec maintenant. Vous pouvez envoyer la facture."),
        ("past", "support", "Le disjoncteur a sauté une fois la semaine dernière. Tout fonctionne depuis. Est-ce grave?"),
        ("past", "support", "Le toit a coulé pendant la tempête de {month_fr}, mais la réparation tient bien. Pouvez-vous m'envoyer la garantie?"),
        ("hypo", "support", "Que faire si on sent une odeur de gaz? C'est juste pour savoir, tout va bien."),
        ("hypo", "support", "Si le détecteur de monoxyde sonne, on vous appelle ou on appelle Énergir? Question seulement."),
        ("prevent", "sales", "J'aimerais une soumission pour une pompe de puisard de secours, pour ne plus jamais avoir d'inondation."),
        ("prevent", "sales", "Notre panneau électrique est vieux et l'assureur demande de le changer. Pouvez-vous faire une soumission?"),
        ("person", "support", "Ma mère de 90 ans habite avec nous, on aimerait faire vérifier le {equip} avant l'hiver. La semaine prochaine, ça va."),
        ("norush", "support", "Le robinet de la cuisine goutte un peu. Pas pressé, quand vous passerez dans le coin."),
        ("norush", "support", "Une prise du garage ne marche plus. Ce n'est pas urgent."),
        ("complaint", "support", "Franchement je suis déçu : personne n'est venu {day_fr} et personne n'a appelé. On peut reprendre rendez-vous?"),
        ("complaint", "support", "On m'a facturé deux fois pour la même visite. Pouvez-vous corriger?"),
    ],
    "es": [
        ("past", "support", "El invierno pasado olía a gas y ustedes lo arreglaron. ¿Podemos agendar la revisión anual?"),
        ("past", "support", "Gracias por venir cuando se reventó el tubo. Ya está todo seco. Mándenme la factura."),
        ("past", "support", "El breaker se botó una vez la semana pasada. Desde entonces todo funciona. ¿Debo preocuparme?"),
        ("past", "support", "El techo goteó en la tormenta de {month_es} pero el arreglo ha aguantado. ¿Me mandan la garantía?"),
        ("hypo", "support", "¿Qué debemos hacer si algún día huele a gas? Solo es una pregunta, todo está bien."),
        ("hypo", "support", "Si suena la alarma de monóxido, ¿los llamamos a ustedes o a la compañía de gas? Solo para saber."),
        ("prevent", "sales", "Quisiera una cotización para una bomba de sumidero de respaldo, para que el sótano no se vuelva a inundar."),
        ("prevent", "sales", "El panel eléctrico es viejo y el seguro pide cambiarlo. ¿Me pueden dar un presupuesto?"),
        ("person", "support", "Mi mamá de 90 años vive con nosotros y queremos revisar el {equip} antes del invierno. La próxima semana está bien."),
        ("norush", "support", "La llave de la cocina gotea un poco. Sin prisa, cuando anden por aquí."),
        ("norush", "support", "Un enchufe del garaje dejó de funcionar. No es urgente."),
        ("complaint", "support", "La verdad estoy molesto: nadie vino el {day_es} y nadie llamó. ¿Podemos reprogramar?"),
        ("complaint", "support", "Me cobraron dos veces la misma visita. ¿Me pueden corregir el cargo?"),
    ],
}

SUBJECT = {
    "past": {"en": ["Yearly check", "Follow up", "Question about last visit", "Re: repair", "Old leak", "Question"],
             "fr": ["Suivi", "Question"], "es": ["Seguimiento", "Pregunta"]},
    "hypo": {"en": ["Safety question", "Quick question", "Just wondering", "What to do if", "Question about gas"],
             "fr": ["Question de sécurité", "Question"], "es": ["Pregunta de seguridad", "Pregunta"]},
    "prevent": {"en": ["Quote request", "Estimate please", "Pricing", "Sump pump quote", "Panel replacement quote", "Upgrade"],
                "fr": ["Soumission", "Demande de prix"], "es": ["Cotización", "Presupuesto"]},
    "person": {"en": ["Service before winter", "Appointment", "Quote", "Note for the crew", "Filter question"],
               "fr": ["Rendez-vous", "Entretien"], "es": ["Cita", "Revisión"]},
    "norush": {"en": ["Small issue", "Not urgent", "When you have time", "Minor repair"],
               "fr": ["Pas urgent", "Petite réparation"], "es": ["No es urgente", "Reparación menor"]},
}

# Emergencies stated plainly, present tense. Per trade for English; generic plus some trades for French and Spanish.
# "crit" carries a risk to life or safety now (incl. a vulnerable person without heat or cooling in extreme weather);
# "high" needs action today.
EMERGENCY = {
    "en": {
        "hvac": {
            "high": ["the heat went out an hour ago and it's getting cold fast", "the AC stopped blowing cold and it's 95 in the house",
                     "the furnace won't turn on this morning", "no AC and it's 97 out, the house is an oven",
                     "the furnace keeps shutting off and won't stay on", "water is pouring out of the furnace onto the floor"],
            "crit": ["there is no heat and my 88-year-old father lives with us, it's {temp} below outside",
                     "the furnace won't start, the baby is three weeks old and the house is down to 58",
                     "no heat since last night, my wife is eight months pregnant and it's -{temp} out",
                     "the heat is out and my mother is on oxygen, the house is freezing",
                     "the AC quit and my grandfather is 90, it's over 100 inside",
                     "our furnace died and we have a toddler and a newborn at home, it's below zero",
                     "the AC died, it's 104 outside and my mom has a heart condition", "the furnace is out and we have a newborn, the house is at 55",
                     "the CO detector is beeping by the furnace and we all have headaches", "the furnace smells like gas when it kicks on"],
        },
        "plumbing": {
            "high": ["water is spraying from a pipe in the basement and I can't find the shutoff", "the sewer is backing up into the tub",
                     "the water heater burst and the garage is flooding", "the main line is clogged and toilets are overflowing"],
            "crit": ["water is coming through the ceiling right onto the electrical panel", "there is water coming out of the light fixture in the bathroom",
                     "we smell gas by the water heater", "the basement is flooding and the water is up to the outlets"],
        },
        "electrical": {
            "high": ["the power is out in half the house and the fridge is off", "a breaker keeps tripping and the sump pump has no power"],
            "crit": ["the outlet just sparked and now there's smoke", "the panel is hot to the touch and smells like burning plastic",
                     "the lights are flickering and there's a burning smell from the wall", "a wire is hanging down from the ceiling and sparking",
                     "my son got a shock from the dryer"],
        },
        "roofing": {
            "high": ["a branch came through the roof and rain is getting in", "water is pouring through the ceiling in the bedroom",
                     "half the shingles blew off and it's still raining"],
            "crit": ["a tree fell on the roof and the ceiling is cracking", "water is running down the wall and through the light fitting",
                     "the ceiling is sagging with water and about to come down"],
        },
        "general_contractor": {
            "high": ["the tarp over the addition blew off and rain is pouring in", "the new drain line your crew installed is leaking into the basement"],
            "crit": ["the wall your crew opened up is bowing and the floor above is sinking", "the crew hit a gas line in the yard and it's hissing"],
        },
        "pools_spas": {
            "high": ["the pool pump is leaking everywhere and won't shut off", "the pool is losing inches of water a day"],
            "crit": ["someone got a tingle in the pool and the light is flickering", "the chlorine feeder leaked and there are fumes in the pump room"],
        },
        "hot_tubs": {
            "high": ["the hot tub is leaking from underneath and the deck is soaked"],
            "crit": ["the hot tub panel is smoking", "the GFCI keeps tripping and there's a burning smell at the tub"],
        },
        "_generic": {
            "high": ["we have water coming in and it's getting worse", "the heat stopped working this morning"],
            "crit": ["we smell gas right now", "there's smoke coming from the wall outlet", "water is dripping on the breaker box",
                     "there's no heat and grandma is staying with us, it's below zero",
                     "the power is out, it's freezing and my dad needs his oxygen machine",
                     "the basement is flooding and my disabled son sleeps down there, water is near the outlets"],
        },
    },
    "fr": {
        "_generic": {
            "high": ["on n'a plus de chauffage depuis ce matin", "l'eau coule du plafond et ça empire", "le drain du sous-sol refoule",
                     "le chauffe-eau fuit partout dans le garage"],
            "crit": ["ça sent le gaz dans la maison en ce moment", "il n'y a plus de chauffage et ma mère de 89 ans habite avec nous, il fait -25",
                     "la fournaise ne part plus et on a un bébé de deux semaines, il fait 16 dans la maison",
                     "plus de chauffage, ma femme est enceinte et il fait -30 dehors",
                     "la prise fume et ça sent le brûlé", "l'eau coule sur le panneau électrique", "le détecteur de monoxyde sonne et on a mal à la tête"],
        },
    },
    "es": {
        "_generic": {
            "high": ["la calefacción no prende desde esta mañana", "el aire acondicionado dejó de enfriar y hace 38 grados",
                     "se está saliendo el agua por el techo", "el drenaje se regresó y el baño se está llenando"],
            "crit": ["huele a gas en la casa ahorita", "se fue el aire y mi abuela de 85 años está mareada, hace 40 grados",
                     "el enchufe sacó chispas y hay humo", "está cayendo agua sobre el panel eléctrico", "tenemos un bebé recién nacido y no hay calefacción",
                     "no hay aire acondicionado y mi papá de 80 años está muy mal por el calor",
                     "se fue la calefacción, mi esposa está embarazada y estamos bajo cero"],
        },
    },
}

# Industry extras of the general contractor, worded as customers, inspectors and subcontractors write them.
EXTRA = {
    "general_contractor": {
        "extra": {
            "en": ["whether the permit for our deck has been approved yet", "the inspector's visit for the framing inspection on Thursday",
                   "whether we need a permit to finish the basement", "the permit fee the city is asking for",
                   "the corrections the plan reviewer sent back on our addition", "the final inspection for the occupancy certificate",
                   "the zoning setback issue on the garage permit", "the electrical permit the city says is missing"],
            "fr": ["le permis de construction pour la terrasse", "l'inspection finale de la ville", "les corrections demandées par la ville sur les plans"],
            "es": ["el permiso de construcción de la terraza", "la inspección final de la ciudad", "las correcciones que pidió la ciudad en los planos"],
        },
        "sub": {
            "en": ["our invoice for the drywall at the Maple Street job", "our updated certificate of insurance",
                   "our crew's start date for framing next week", "the roofing sub bid for the Oak Avenue remodel",
                   "the lien waiver for progress payment two", "our electricians being short-handed on Tuesday",
                   "the tile quote for the master bath you asked us for", "the change order for the extra plumbing rough-in"],
            "fr": ["notre facture pour le gypse du chantier", "notre certificat d'assurance à jour", "la date de début de notre équipe de charpente"],
            "es": ["nuestra factura por el tablaroca de la obra", "nuestro certificado de seguro actualizado", "la fecha de inicio de nuestro equipo"],
        },
    },
}
