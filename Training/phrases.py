"""Language phrase banks for customer-written mail (English, French, Spanish). Used by generate.py."""

GREET = {
    "en": ["Hi,", "Hello,", "Hi there,", "Hey guys,", "Good morning,", "Good afternoon,", "Hello {biz},", "Hi {biz} team,",
           "To whom it may concern,", "Dear Sir or Madam,", "Hey {mgr},", "Hi folks,", ""],
    "fr": ["Bonjour,", "Bonjour {biz},", "Allô,", "Bonsoir,", "Madame, Monsieur,", "Salut,", ""],
    "es": ["Hola,", "Buenos días,", "Buenas tardes,", "Hola {biz},", "Estimados señores:", "Buenas,", ""],
}
CLOSE = {
    "en": ["Thanks,", "Thank you,", "Thanks so much!", "Regards,", "Best,", "Cheers,", "Kind regards,", "Appreciate it,", "Thx", ""],
    "fr": ["Merci,", "Merci beaucoup,", "Cordialement,", "Bonne journée,", "Salutations,", ""],
    "es": ["Gracias,", "Muchas gracias,", "Saludos,", "Atentamente,", "Quedo atento,", ""],
}
SIGNOFF_DEVICE = {
    "en": ["Sent from my iPhone", "Sent from my Galaxy", "Get Outlook for Android", "Sent from Yahoo Mail on Android", "Sent from my iPad"],
    "fr": ["Envoyé de mon iPhone", "Provenance : Courrier pour Windows", "Envoyé de mon appareil Samsung"],
    "es": ["Enviado desde mi iPhone", "Enviado desde mi Samsung Galaxy", "Obtener Outlook para Android"],
}

CRIT_OPEN = {
    "en": ["{problem}.", "Please help, {problem}!", "I need someone right now - {problem}.", "Emergency: {problem}.",
           "Not sure who else to call, {problem}.", "We just got home and {problem}.", "{problem} and I don't know what to do."],
    "fr": ["{problem}.", "Urgent : {problem}!", "S'il vous plaît aidez-nous, {problem}.", "On vient de rentrer et {problem}."],
    "es": ["{problem}.", "¡Urgente! {problem}.", "Por favor ayúdenme, {problem}.", "Acabamos de llegar y {problem}."],
}
CRIT_MORE = {
    "en": ["We're all standing outside now.", "My kids are home.", "I turned off what I could but it's still happening.",
           "The fire department said to call a professional.", "I'm scared to go back in.", "It started about 20 minutes ago.",
           "Is this dangerous??", "We opened the windows.", "My neighbour told me to email you because the line was busy."],
    "fr": ["On est tous sortis de la maison.", "Les enfants sont avec moi.", "Ça a commencé il y a vingt minutes.", "Est-ce dangereux?"],
    "es": ["Ya salimos todos de la casa.", "Los niños están conmigo.", "Empezó hace como veinte minutos.", "¿Es peligroso?"],
}
HIGH_OPEN = {
    "en": ["{problem}.", "Hoping you can fit us in today - {problem}.", "We've got a problem: {problem}.",
           "Can someone come out today? {problem}.", "{problem}. Need help today if at all possible."],
    "fr": ["{problem}.", "Pouvez-vous venir aujourd'hui? {problem}.", "On a un problème : {problem}."],
    "es": ["{problem}.", "¿Pueden venir hoy? {problem}.", "Tenemos un problema: {problem}."],
}
URGENT_ASK = {
    "en": ["Please send someone as soon as you can.", "How fast can you get here?", "Call me back right away please.",
           "Can a tech come tonight?", "Please call, it's urgent.", "Do you do emergency calls?"],
    "fr": ["Envoyez quelqu'un le plus vite possible s'il vous plaît.", "Rappelez-moi tout de suite.", "Faites-vous des appels d'urgence?"],
    "es": ["Manden a alguien lo antes posible por favor.", "Llámenme ahorita por favor.", "¿Tienen servicio de emergencia?"],
}
QUOTE_OPEN = {
    "en": ["I'm looking for a quote on {item}.", "Could you give me a price for {item}?", "We're thinking about {item} and wanted an estimate.",
           "Do you do {item}? Looking for pricing.", "I'd like to get an estimate for {item} this spring.",
           "A friend recommended you for {item}.", "I am writing to request a proposal for {item}.",
           "Wondering what ballpark we'd be looking at for {item}."],
    "fr": ["J'aimerais avoir une soumission pour {item}.", "Pouvez-vous me donner un prix pour {item}?",
           "On pense à {item} et on voudrait une estimation."],
    "es": ["Quisiera una cotización para {item}.", "¿Me pueden dar un precio para {item}?", "Estamos pensando en {item} y queremos un presupuesto."],
}
QUOTE_MORE = {
    "en": ["The house was built in {year}.", "We're in {city}.", "We'd like it done before {month}.", "Do you offer financing?",
           "We've had one other quote already.", "Are there rebates for this?", "It's a rental property.", "Budget is flexible.",
           "Can you come by for a look?", "What brands do you carry?", "How long is the wait right now?"],
    "fr": ["La maison a été construite en {year}.", "On habite à {city}.", "On voudrait que ce soit fait avant {month_fr}.", "Offrez-vous du financement?"],
    "es": ["La casa es de {year}.", "Vivimos en {city}.", "Lo queremos antes de {month_es}.", "¿Tienen financiamiento?"],
}
REPAIR_OPEN = {
    "en": ["Not urgent at all - {problem}.", "When you have a minute: {problem}.", "Is this normal? {problem}.",
           "Next time you're in the area, {problem}.", "Probably nothing serious, but {problem}.", "Quick one for you, {problem}.","Not an emergency, but {problem}.", "Quick question - {problem}.", "For the last week or so {problem}.",
           "{problem}. Could someone take a look when you have time?", "No rush on this one: {problem}."],
    "fr": ["Ce n'est pas urgent, mais {problem}.", "Petite question : {problem}.", "Depuis une semaine {problem}."],
    "es": ["No es urgente, pero {problem}.", "Una pregunta: {problem}.", "Desde hace una semana {problem}."],
}
SCHED = {
    "en": ["I need to reschedule my appointment on {day}.", "Can we move Thursday's visit to next week?",
           "What time is the tech coming tomorrow?", "Just confirming you're still coming {day} morning.",
           "Can I get the earliest slot next week?", "Something came up, can we push the install by a few days?",
           "Is the crew still starting on {day}?", "Please cancel the appointment for {day}, we'll rebook."],
    "fr": ["Je dois déplacer mon rendez-vous de {day_fr}.", "À quelle heure le technicien vient-il demain?", "Est-ce que l'équipe commence toujours {day_fr}?"],
    "es": ["Necesito cambiar mi cita del {day_es}.", "¿A qué hora viene el técnico mañana?", "¿Siguen viniendo el {day_es}?"],
}
BILLING = {
    "en": ["I have a question about the invoice you sent - I was charged twice for the service call.",
           "The invoice says {amount} but the quote was lower, can you explain?", "Can you resend the invoice? I can't find it.",
           "Do you take e-transfer for the invoice or only card?", "My receipt doesn't show the warranty, can you fix it?",
           "Invoice #{inv} looks like it has the wrong address on it."],
    "fr": ["J'ai une question sur la facture : on m'a facturé deux fois.", "Pouvez-vous me renvoyer la facture #{inv}?",
           "Acceptez-vous le virement Interac pour payer la facture?"],
    "es": ["Tengo una duda sobre la factura, me cobraron dos veces.", "¿Me pueden mandar otra vez la factura #{inv}?", "¿Aceptan Zelle para pagar la factura?"],
}
WARRANTY = {
    "en": ["The {equip} you installed in {year} stopped working - is that still under warranty?",
           "Is the part covered by the manufacturer warranty?", "I registered the warranty but never got confirmation.",
           "The same problem came back a month after the repair. Is that covered?"],
    "fr": ["Le {equip} installé en {year} ne fonctionne plus, est-ce sous garantie?", "Le même problème est revenu un mois après la réparation."],
    "es": ["El {equip} que instalaron en {year} dejó de funcionar, ¿tiene garantía?", "El mismo problema volvió un mes después."],
}
COMPLAINT_CALM = {
    "en": ["I was a bit disappointed with the visit yesterday.", "The tech was nice but the problem isn't fixed.",
           "Nobody showed up for our appointment and nobody called.", "The crew left some debris in the yard.",
           "I've left two messages and haven't heard back."],
    "fr": ["Personne ne s'est présenté au rendez-vous.", "Le problème n'est pas réglé après la visite."],
    "es": ["Nadie vino a la cita y nadie llamó.", "El problema sigue igual después de la visita."],
}
COMPLAINT_ANGRY = {
    "en": ["This is the third time I've called and NOBODY has fixed it.", "Your crew damaged my {equip} and now you won't answer.",
           "I paid {amount} for a job that failed in a week.", "Absolutely unacceptable service.", "You took my deposit and disappeared."],
    "fr": ["C'est la troisième fois que j'appelle et personne n'a réglé le problème.", "Vous avez pris mon dépôt et disparu."],
    "es": ["Es la tercera vez que llamo y NADIE lo ha arreglado.", "Se llevaron mi depósito y desaparecieron."],
}
THREAT = {
    "en": ["If I don't hear back by Friday I'm filing a complaint with the BBB.", "My lawyer will be in touch.",
           "I'm taking you to small claims court.", "I'll be leaving a one-star review everywhere I can.",
           "I am contacting my attorney about this.", "Next step is the Better Business Bureau and a chargeback.",
           "I've already started writing my Google review and it won't be pretty."],
    "fr": ["Sinon je porte plainte à l'Office de la protection du consommateur.", "Mon avocat va vous contacter.",
           "Je vais laisser un avis d'une étoile partout."],
    "es": ["Si no me responden voy a poner una queja en el BBB.", "Mi abogado se va a comunicar con ustedes.",
           "Voy a dejar una reseña de una estrella."],
}
OWNER = {
    "en": ["I want to speak to the owner.", "Please have the owner call me.", "Can I talk to a manager, not the office?",
           "Who is in charge there? I'd like a manager to call me.", "I'd like the owner's direct number please."],
    "fr": ["Je veux parler au propriétaire.", "Pouvez-vous demander au gérant de me rappeler?"],
    "es": ["Quiero hablar con el dueño.", "Que me llame el gerente por favor."],
}
RAMBLE = {
    "en": ["We bought the house two years ago and the previous owner never kept any records.",
           "My husband thinks he can fix it himself but I'd rather have a pro look at it.",
           "Sorry for the long email, I've been up half the night.", "I tried calling but got the voicemail.",
           "Our neighbour used you last year and was very happy.", "We had another company out last fall and they were useless.",
           "I work from home so most days are fine for me.", "The dog doesn't like strangers but he's all bark.",
           "I know it's a busy time of year for you."],
    "fr": ["On a acheté la maison il y a deux ans.", "Désolé pour le long message.", "Mon voisin a fait affaire avec vous l'an passé."],
    "es": ["Compramos la casa hace dos años.", "Perdón por el correo tan largo.", "Mi vecino los contrató el año pasado."],
}
CONTACT = {
    "en": ["My number is {phone}.", "Call or text {phone}.", "You can reach me at {phone} anytime.", "Address: {addr}.",
           "We're at {addr}, {phone}.", "Cell {phone}"],
    "fr": ["Mon numéro : {phone}.", "Vous pouvez me joindre au {phone}.", "Adresse : {addr}."],
    "es": ["Mi número es {phone}.", "Me pueden llamar al {phone}.", "Dirección: {addr}."],
}
NONNATIVE = [("I have", "I am having"), ("is not working", "not working since 3 days"), ("Please", "Please kindly"),
             ("Can you", "You can"), ("the ", ""), ("I need", "I am needing"), ("call me", "to call me"), ("a quote", "the quotation")]
TERSE = [("please", "pls"), ("Please", "pls"), ("you", "u"), ("thanks", "thx"), ("Thanks", "thx"), ("tomorrow", "tmrw"),
         ("as soon as possible", "asap"), ("because", "bc"), ("your", "ur"), ("I am", "im"), ("I'm", "im"), ("tonight", "2nite")]
MONTHS = ["June", "the holidays", "the end of summer", "fall", "March", "the long weekend"]
MONTHS_FR = ["l'été", "les Fêtes", "septembre"]
MONTHS_ES = ["el verano", "diciembre", "fin de mes"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "the 14th", "Saturday"]
DAYS_FR = ["lundi", "mardi", "jeudi", "vendredi"]
DAYS_ES = ["lunes", "martes", "jueves", "viernes"]
