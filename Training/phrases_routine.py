"""Routine customer mail that shares vocabulary with emergencies (hard negatives). Used by generate.py.

Why this exists: in the first corpora the words "today", "asap", "urgent", "claim", "leak", "emergency", "when will"
appeared almost only in escalating mail, so the model escalated any routine message that used them (a technician's
ETA, a filter size, a bid with a deadline, a form with a routine request, insurance paperwork). These banks put the
same words into mail that the conventions (DOMAIN.md) rate normal or low and never escalate: time words in
scheduling, deadlines on quotes and paperwork, "urgent" in passing, leaks and emergencies in the past tense,
claims paperwork, calm complaints, polite follow-ups. Written from scratch for every trade; not taken from any test set.

Each topic maps to (category rule, urgency): "support" is SUPPORT, "sales" is SALES, "claim" is INSURANCE at a roofer
and SUPPORT elsewhere. Slots: {equip} {item} {day} {time} {amount} {inv} {year} {month} {city} {addr} {biz} {mgr}.
"""

# Topic sentences. Each entry: (topic, category rule, text).
TOPICS = {
    "en": [
        # arrival / ETA / scheduling with time words
        ("eta", "support", "Is the technician still coming today?"),
        ("eta", "support", "Just checking - is someone still coming out today between {time}?"),
        ("eta", "support", "What time should we expect the crew today?"),
        ("eta", "support", "Can you give me an ETA for today's appointment? I need to pick up my kids at 3."),
        ("eta", "support", "The tech was supposed to be here this morning. Are they running late?"),
        ("eta", "support", "Could the technician text me when he's on his way today?"),
        ("eta", "support", "Will someone call before they show up tomorrow? I work nights."),
        ("eta", "support", "I'm running late myself - can the tech come after {time} instead?"),
        ("eta", "support", "Is the install still on for {day}? Haven't had a confirmation yet."),
        ("eta", "support", "When will the crew be back to finish up? It's been a few days."),
        ("eta", "support", "When will the part be in so you can finish the repair on the {equip}?"),
        ("eta", "support", "Do I need to be home for the visit {day}, or can I leave the side door open?"),
        ("eta", "support", "Any chance of an earlier slot this week? Today or tomorrow would be great but no big deal."),
        ("eta", "support", "How long will the job take {day}? Trying to plan around it."),
        # information questions
        ("info", "support", "What size filter does my {equip} take? I want to order a few."),
        ("info", "support", "Which filter should I buy for the unit you installed in {year}?"),
        ("info", "support", "Can you tell me the model number of the {equip} you put in? I need it for the warranty registration."),
        ("info", "support", "Is it normal for the {equip} to make a clicking noise when it starts? It works fine otherwise."),
        ("info", "support", "Can I do anything myself to keep the {equip} running well over the winter?"),
        ("info", "support", "What's the warranty on the work you did in {month}?"),
        ("info", "support", "Do you have the manual for the {equip}? I can't find ours."),
        ("info", "support", "Quick question about the settings on the {equip} - what do you recommend?"),
        ("info", "support", "Do you offer emergency service on weekends? Asking for future reference, nothing is wrong right now."),
        ("info", "support", "Do you still service {equip}s that someone else installed?"),
        ("info", "support", "Where do I find the reset button on the {equip}? Everything is fine, I just want to know for next time."),
        # quotes / bids with deadlines (new work)
        ("rfq", "sales", "We are requesting quotes for {item}. Bids are due {day}."),
        ("rfq", "sales", "RFQ: {item} for our commercial building. Please send pricing by end of week."),
        ("rfq", "sales", "I need a quote for {item} asap - our board meets {day} and I'd like to present options."),
        ("rfq", "sales", "Could you quote {item}? We need the number by Friday for our budget."),
        ("rfq", "sales", "Our property management company needs a proposal for {item} across three units."),
        ("rfq", "sales", "We're closing on a house on {day} and want a price for {item} before then."),
        ("rfq", "sales", "Looking for a quote on {item}. Timing is flexible but we'd want it done before {month}."),
        ("rfq", "sales", "Following up on my request for {item} - any chance I can get the estimate today?"),
        ("rfq", "sales", "Please send a written estimate for {item}. We have two other bids and need to decide this week."),
        ("rfq", "sales", "Can you squeeze in a site visit for {item} this week? Not urgent, just comparing prices."),
        # paperwork / insurance / claims admin
        ("claim", "claim", "My insurance company needs a copy of your invoice for the claim. Could you email it?"),
        ("claim", "claim", "The adjuster asked for your written estimate and photos. Can you send them over?"),
        ("claim", "claim", "We filed a claim for the damage from last month's storm - what paperwork do you need from us?"),
        ("claim", "claim", "Our insurer wants a report from the contractor before they approve the claim. Can you write one?"),
        ("claim", "claim", "The claim number is {inv}. Can you put it on the invoice please?"),
        ("claim", "claim", "Insurance approved the claim. What are the next steps to get on your schedule?"),
        ("claim", "claim", "Can you send a letter confirming the repair was completed? The insurance company needs it by {day}."),
        ("paper", "support", "Could you send me a copy of the invoice from {month}? I need it for my taxes."),
        ("paper", "support", "Our buyer's inspector asked for proof of the last service. Can you send the report?"),
        ("paper", "support", "The bank needs a receipt for the work before they release the funds - can you send it today?"),
        ("paper", "support", "Can you send the warranty certificate for the {equip}? I need it for the home sale."),
        ("paper", "support", "Please update the billing address on my account to {addr}."),
        ("paper", "support", "I'd like to pay invoice {inv} by credit card. Can you send a payment link?"),
        # past or resolved problems
        ("resolved", "support", "The leak you fixed last week hasn't come back. Thanks again! Can you send the final invoice?"),
        ("resolved", "support", "Everything has been working great since the repair. Just wondering when the follow-up visit is."),
        ("resolved", "support", "Thanks for coming out so fast during the emergency last weekend. Please send the bill when it's ready."),
        ("resolved", "support", "We had a small leak last spring that you patched. Should we have it looked at again before winter?"),
        ("resolved", "support", "The {equip} had a problem in {month} but it's been fine since. Is the repair still under warranty?"),
        ("resolved", "support", "The water stain on the ceiling is dry now and hasn't grown. Could someone check it at the next visit?"),
        ("resolved", "support", "Following up on the emergency call on {day} - is there anything else we should do?"),
        # polite follow-ups
        ("followup", "support", "Just following up on my email from last week - did you get a chance to look at it?"),
        ("followup", "support", "Checking in on the parts you ordered for the {equip}. Any update?"),
        ("followup", "support", "Haven't heard back yet about rescheduling. Let me know what works."),
        ("followup", "sales", "Just following up on the estimate for {item}. Any news?"),
        ("followup", "sales", "Did you get my request for {item}? Happy to send photos if that helps."),
        # calm complaints (no threat, no danger)
        ("complaint", "support", "The tech was two hours late and nobody called to let us know."),
        ("complaint", "support", "Your crew left the side gate unlatched when they left. Please remind them to close it."),
        ("complaint", "support", "We found screws and nails in the driveway after the job. Could someone come sweep?"),
        ("complaint", "support", "There were muddy boot prints on the carpet after the visit. A bit disappointing."),
        ("complaint", "support", "The invoice came in higher than the quote and nobody explained why."),
        ("complaint", "support", "This is the second time the appointment was missed. Can we get a firm time?"),
        ("complaint", "support", "Nobody showed up {day} and I took the morning off work. What happened?"),
        ("complaint", "support", "The crew was friendly but they left a mess in the {room}."),
        ("complaint", "support", "The {equip} is working but it's louder than before the repair. Can someone check it?"),
        ("complaint", "support", "I was promised a call back yesterday and never got one."),
    ],
    "fr": [
        ("eta", "support", "Est-ce que le technicien passe toujours aujourd'hui?"),
        ("eta", "support", "À quelle heure l'équipe arrive-t-elle aujourd'hui?"),
        ("eta", "support", "Pouvez-vous me donner une heure d'arrivée pour le rendez-vous de {day_fr}?"),
        ("eta", "support", "Quand l'équipe revient-elle pour terminer les travaux?"),
        ("info", "support", "Quelle taille de filtre faut-il pour mon {equip}?"),
        ("info", "support", "Offrez-vous un service d'urgence la fin de semaine? C'est juste pour savoir, tout va bien."),
        ("rfq", "sales", "Nous demandons des soumissions pour {item}. Date limite : {day_fr}."),
        ("rfq", "sales", "J'aurais besoin d'un prix pour {item} rapidement, idéalement avant vendredi."),
        ("claim", "claim", "Mon assureur a besoin d'une copie de la facture pour la réclamation."),
        ("claim", "claim", "L'expert en sinistre demande votre estimation et des photos. Pouvez-vous les envoyer?"),
        ("paper", "support", "Pouvez-vous m'envoyer une copie de la facture de l'an passé pour mes impôts?"),
        ("resolved", "support", "La fuite que vous avez réparée la semaine passée n'est pas revenue. Merci! Pouvez-vous envoyer la facture?"),
        ("resolved", "support", "Merci d'être venus si vite lors de l'urgence de samedi. Envoyez-moi la facture quand elle sera prête."),
        ("followup", "support", "Je fais un suivi de mon courriel de la semaine dernière. Avez-vous eu le temps de regarder?"),
        ("complaint", "support", "Le technicien avait deux heures de retard et personne ne nous a avertis."),
        ("complaint", "support", "L'équipe a laissé des clous dans l'entrée après les travaux."),
    ],
    "es": [
        ("eta", "support", "¿Todavía viene el técnico hoy?"),
        ("eta", "support", "¿A qué hora llega el equipo hoy?"),
        ("eta", "support", "¿Cuándo regresan para terminar el trabajo?"),
        ("info", "support", "¿Qué tamaño de filtro necesita mi {equip}?"),
        ("info", "support", "¿Tienen servicio de emergencia los fines de semana? Solo para saber, todo está bien."),
        ("rfq", "sales", "Estamos pidiendo cotizaciones para {item}. La fecha límite es el {day_es}."),
        ("rfq", "sales", "Necesito un precio para {item} lo antes posible, antes del viernes si se puede."),
        ("claim", "claim", "Mi aseguradora necesita una copia de la factura para el reclamo."),
        ("claim", "claim", "El ajustador pidió su presupuesto y fotos. ¿Me los pueden mandar?"),
        ("paper", "support", "¿Me pueden mandar una copia de la factura del año pasado para los impuestos?"),
        ("resolved", "support", "La fuga que arreglaron la semana pasada no ha vuelto. ¡Gracias! ¿Me mandan la factura?"),
        ("resolved", "support", "Gracias por venir tan rápido en la emergencia del sábado. Mándenme la cuenta cuando esté lista."),
        ("followup", "support", "Les escribo para dar seguimiento a mi correo de la semana pasada."),
        ("complaint", "support", "El técnico llegó dos horas tarde y nadie nos avisó."),
        ("complaint", "support", "El equipo dejó clavos en la entrada después del trabajo."),
    ],
}

# Optional second sentences: time words, deadlines and "urgent" in passing, none of them an emergency.
DETAIL = {
    "en": ["No emergency, just planning ahead.", "It's not urgent.", "Today or tomorrow is fine.", "ASAP would be great but no pressure.",
           "I need it by {day} if possible.", "We're home all day today.", "The gate code is on file.", "Thanks for your help last time.",
           "I can send photos if that helps.", "Whenever works for you.", "Our tenant moves in on the 1st, so sooner is better.",
           "I'm at work until {time} today.", "Please reply by email, I can't take calls at work.", "Not a big deal, just curious.",
           "We had you out in {month}.", "Account is under my husband's name.", "Let me know if you need anything else from me.",
           "The dog will be in the backyard.", "Hoping to get this sorted this week."],
    "fr": ["Ce n'est pas urgent.", "Aujourd'hui ou demain, ça va.", "Idéalement avant {day_fr}.", "Merci pour votre aide la dernière fois.",
           "Je peux envoyer des photos au besoin."],
    "es": ["No es urgente.", "Hoy o mañana está bien.", "Si se puede antes del {day_es}.", "Gracias por su ayuda la última vez.",
           "Puedo mandar fotos si ayuda."],
}

# Subjects for routine mail, many with the words the model used to read as emergencies.
SUBJECT = {
    "eta": {"en": ["Today's appointment", "ETA?", "Is the tech still coming?", "Running late?", "Appointment today", "When will the crew arrive?",
                   "Schedule", "Visit {day}"], "fr": ["Rendez-vous aujourd'hui", "Heure d'arrivée?"], "es": ["Cita de hoy", "¿A qué hora llegan?"]},
    "info": {"en": ["Quick question", "Filter size", "Question about my {equip}", "Maintenance question", "Info needed"],
             "fr": ["Question", "Entretien"], "es": ["Pregunta", "Mantenimiento"]},
    "rfq": {"en": ["RFQ - {item}", "Quote needed by Friday", "Bid request", "Request for quote", "Pricing needed ASAP", "Proposal request - {item}",
                   "URGENT: quote for {item}"], "fr": ["Demande de soumission", "Soumission - date limite"], "es": ["Solicitud de cotización", "Cotización urgente"]},
    "claim": {"en": ["Insurance claim", "Claim paperwork", "Claim #{inv}", "Invoice for insurance", "Adjuster request", "Insurance - need documents"],
              "fr": ["Réclamation d'assurance", "Documents pour l'assureur"], "es": ["Reclamo de seguro", "Documentos para el seguro"]},
    "paper": {"en": ["Invoice copy", "Paperwork", "Receipt needed today", "Documents", "Billing address"], "fr": ["Copie de facture"], "es": ["Copia de factura"]},
    "resolved": {"en": ["Thanks!", "Re: leak repair", "Follow up on the emergency visit", "All good now", "Re: last week's repair"],
                 "fr": ["Merci", "Suivi de la réparation"], "es": ["Gracias", "Seguimiento de la reparación"]},
    "followup": {"en": ["Following up", "Any update?", "Checking in", "Re: estimate"], "fr": ["Suivi"], "es": ["Seguimiento"]},
    "complaint": {"en": ["Feedback on the visit", "Missed appointment", "Mess left behind", "A few concerns", "Late again", "Not impressed"],
                  "fr": ["Commentaire sur la visite", "Retard"], "es": ["Comentario sobre la visita", "Retraso"]},
}

TIMES = ["10 and 12", "1 and 3", "noon", "2 pm", "3:30", "9 and 11", "4 o'clock"]

# The contrast: emergencies in other words than the base banks (corpus_data.py), for the trades where the base banks
# had few ways to say "the heat is out" or "the pump died". Rated by the conventions: critical only with a risk to life
# or safety now (deep cold with vulnerable people, water on electrics, structural danger); otherwise high (needs action
# today). Used only in the appended part of the corpus, so the base messages stay as they were.
EMERGENCY = {
    "hvac": {
        "high": ["the furnace stopped working this morning and the house is getting cold", "our heat is out",
                 "the heat isn't working and it's freezing in here", "the furnace is only blowing cold air",
                 "the AC went out and it's 88 inside already", "we have no heat upstairs or downstairs since last night",
                 "the boiler shut off and the radiators are cold", "the heat pump quit during the cold snap"],
        "crit": ["the furnace quit overnight, it's -{temp} outside and we have {vulnerable} at home",
                 "no heat and my {vulnerable2} is elderly and can't stay warm", "the heat is off and {vulnerable} is in the house, it's below freezing inside",
                 "the AC died in this heat and my {vulnerable2} is getting dizzy"],
    },
    "pools_spas": {
        "high": ["the pool pump stopped and won't come back on", "the pump is dead and the water is going green fast",
                 "the filter housing cracked and water is spraying everywhere", "the heater quit and we have renters arriving tomorrow"],
        "crit": ["the pool light is flickering and someone felt a shock in the water", "the chlorine tank is leaking and the smell is making us cough"],
    },
    "hot_tubs": {
        "high": ["the hot tub won't heat and guests check in tonight", "the spa pump died and the water is getting cold in freezing weather"],
        "crit": ["the hot tub breaker is buzzing and smells like burning"],
    },
    "roofing": {
        "high": ["rain is coming through the ceiling in the bedroom", "the wind took a section of shingles and it's raining",
                 "we need a tarp on the roof tonight, water is getting in", "the skylight is leaking into the hallway and it's still raining"],
        "crit": ["water is dripping out of the ceiling light in the kitchen", "the ceiling is bulging with water and cracking",
                 "a tree limb punched through the roof and the rafters look broken"],
    },
    "plumbing": {
        "high": ["the water heater is leaking all over the garage floor", "a pipe under the sink burst and we shut the water off",
                 "the basement drain is backing up", "the toilet is overflowing and won't stop"],
        "crit": ["water is leaking onto the breaker panel", "raw sewage is coming up through the floor drain and the kids are home"],
    },
    "electrical": {
        "high": ["we lost power to half the house", "the main breaker keeps tripping and we have no heat"],
        "crit": ["there's a burning smell coming from an outlet", "the panel is buzzing loudly and feels hot",
                 "a light switch sparked and there is smoke"],
    },
    "general_contractor": {
        "high": ["the temporary roof on the addition blew off and it's raining in", "the new window you installed is pouring water in"],
        "crit": ["a crack opened in the foundation wall after the excavation and the floor is sinking",
                 "the beam over the opening you cut is sagging"],
    },
}

# The contrast for the calm complaints above: the same kind of complaint with a threat of a review, the BBB, a lawyer
# or court is high and escalated (conventions). "claims" here is small claims court, not an insurance claim.
THREAT = {
    "en": ["If this is not fixed this week I will file a complaint with the BBB.", "I will take you to small claims court.",
           "My lawyer will be in touch.", "I'm reporting you to the Better Business Bureau.",
           "I'll be posting a one-star review on Google and Yelp today.", "I am disputing the charge and speaking to an attorney.",
           "Fix it by Friday or I'm filing in small claims.", "I've already drafted my review and a complaint to the BBB.",
           "Expect to hear from my attorney.", "If I don't get a refund I'm taking legal action."],
    "fr": ["Sinon je dépose une plainte à l'Office de la protection du consommateur.", "Mon avocat communiquera avec vous.",
           "Je vais vous poursuivre aux petites créances.", "Je laisse un avis d'une étoile sur Google aujourd'hui."],
    "es": ["Si no lo arreglan esta semana pongo una queja en el BBB.", "Voy a hablar con mi abogado.",
           "Los voy a demandar en la corte de reclamos menores.", "Hoy mismo dejo una reseña de una estrella."],
}
