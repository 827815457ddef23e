extension Vocabulary {
    /// Emergencies any service business gets.
    static let urgent: [CueSpec] = [
        CueSpec(["emergency", "emergencies", "emergency service", "emergency call"], .category(.urgent, 0.55), .urgency(.high)),
        CueSpec(["urgent", "urgently", "very urgent", "urgent help"], .category(.urgent, 0.45), .urgency(.high)),
        CueSpec(["asap", "a s a p", "right away", "immediately", "as soon as possible", "as soon as you can", "shut it off", "shut it down",
                 "turned it off", "shut off the"], .category(.urgent, 0.25)),
        CueSpec(["please help", "help asap", "need help today", "need someone today", "need someone out today", "tonight"], .category(.urgent, 0.2)),
        CueSpec(["not urgent", "not an emergency", "no rush", "no hurry", "not in a rush", "not in a hurry", "whenever you have time",
                 "whenever is convenient", "at your convenience", "when you get a chance", "not time sensitive"],
                .category(.urgent, -0.6), .calm, negatable: false),
        CueSpec(["flooding", "flooded", "basement is flooding", "water everywhere", "burst pipe", "pipe burst", "pipe has burst",
                 "water pouring", "pouring water", "water is pouring", "pouring in", "pouring into", "pouring through", "pouring down",
                 "overflowing", "into the house"],
                .category(.urgent, 0.6), .urgency(.critical)),
        CueSpec(["gas smell", "smell gas", "smell of gas", "smells like gas", "smelling gas", "gas leak", "rotten egg", "rotten eggs"],
                .category(.urgent, 0.9), .urgency(.critical)),
        CueSpec(["carbon monoxide", "co alarm", "co detector", "co detectors", "co alarms", "co monitor"],
                .category(.urgent, 0.9), .urgency(.critical)),
        CueSpec(["sparking", "sparks", "burning smell", "smell burning", "smells like burning", "smell of burning", "smoke coming",
                 "caught fire", "on fire", "electrical fire"], .category(.urgent, 0.7), .urgency(.critical)),
        CueSpec(["no power", "without power", "power is out", "lost power"], .category(.urgent, 0.45), .urgency(.critical)),
        CueSpec(["frozen pipes", "pipes froze", "pipes are frozen", "pipes freezing", "pipes will freeze", "pipes to freeze"],
                .category(.urgent, 0.55), .seasonalUrgency(.critical, .cold)),
        CueSpec(["house is freezing", "freezing cold", "freezing in here", "it is freezing", "its freezing", "so cold", "kids are cold"],
                .category(.urgent, 0.35), .urgency(.high)),
        CueSpec(["dangerous", "safety hazard", "unsafe", "hazard"], .category(.urgent, 0.45), .urgency(.high)),
        CueSpec(["elderly", "newborn", "baby", "babys", "nursery", "infant", "pregnant", "medical condition", "oxygen", "senior", "seniors"],
                .category(.urgent, 0.1), .vulnerable),
    ]

    /// Prospects asking what it costs.
    static let sales: [CueSpec] = [
        CueSpec(["quote", "quotes", "a quote", "get a quote", "free quote", "requesting a quote", "quote request", "written quote"], .category(.sales, 0.5)),
        CueSpec(["estimate", "estimates", "free estimate", "an estimate", "ballpark", "ballpark figure", "rough idea of cost"], .category(.sales, 0.45)),
        CueSpec(["pricing", "price", "prices", "how much", "cost", "costs", "price range", "what would it cost", "budget"], .category(.sales, 0.3)),
        CueSpec(["what do you charge", "how much do you charge", "do you charge", "your rates", "your prices", "rates", "per month",
                 "monthly rate", "a price on", "price for"], .category(.sales, 0.45)),
        CueSpec(["interested in", "we are interested", "im interested", "looking to", "thinking about", "considering", "planning to"], .category(.sales, 0.25)),
        CueSpec(["install", "installation", "installed", "installing", "replace", "replacement", "replacing", "upgrade", "upgrading"], .category(.sales, 0.2)),
        CueSpec(["worth repairing", "worth fixing", "repair or replace", "fix or replace", "new one", "a new one", "should we replace",
                 "time to replace", "request for proposal", "requesting proposals", "proposals", "rfp", "site visit"], .category(.sales, 0.4)),
        CueSpec(["consultation", "proposal", "bid", "financing", "finance options", "payment plan", "rebate", "rebates", "new customer",
                 "new construction", "new build", "renovation", "addition", "comparing quotes", "second quote", "options for"], .category(.sales, 0.3)),
        CueSpec(["free inspection", "inspection", "assessment", "come take a look", "come out and look"], .category(.sales, 0.2)),
        CueSpec(["what youd recommend", "what you would recommend", "what would you recommend", "your recommendation"], .category(.sales, 0.3)),
        CueSpec(["take a look", "have a look"], .category(.sales, 0.1), .category(.support, 0.1)),
        CueSpec(["we noticed", "i noticed", "weve noticed", "ive noticed"], .category(.support, 0.2)),
    ]

    /// Existing customers needing service, scheduling or answers.
    static let support: [CueSpec] = [
        CueSpec(["appointment", "appointments", "booked", "booking", "schedule", "scheduled", "scheduling", "time slot", "arrival window"], .category(.support, 0.25)),
        CueSpec(["reschedule", "rescheduling", "move my appointment", "change my appointment", "cancel my appointment", "cancel the appointment",
                 "confirm my appointment", "confirm the appointment", "confirming my appointment", "push back"], .category(.support, 0.55)),
        CueSpec(["technician", "technicians", "your tech", "the tech", "service call", "service visit", "service request", "eta", "running late",
                 "on his way", "on the way"], .category(.support, 0.3)),
        CueSpec(["repair", "repairs", "repaired", "fix", "fixed", "fixing", "not working", "stopped working", "isnt working", "doesnt work",
                 "wont turn on", "broken", "broke", "malfunction", "error code", "keeps turning off", "keeps shutting off"], .category(.support, 0.3)),
        CueSpec(["you installed", "you replaced", "you serviced", "you repaired", "you put in", "you did", "your crew", "your technician",
                 "your technicians", "the technician", "last visit", "last time", "like last time", "is that normal", "is this normal",
                 "what size", "which size", "filter size", "what filter", "signed the contract", "signed our contract", "install date",
                 "installation date", "start date", "is scheduled for", "scheduled for", "our install", "too late to"],
                .category(.support, 0.35)),
        CueSpec(["disappointed", "unacceptable", "terrible", "ridiculous", "rude", "unprofessional", "frustrated", "upset",
                 "nobody has called", "no one has called", "nobody called", "havent heard back", "hasnt called", "no response",
                 "ignoring my calls", "ignores my calls", "keep getting the runaround"], .category(.support, 0.2)),
        CueSpec(["problem", "problems", "issue", "issues", "question", "questions", "quick question", "question about", "wondering", "help with"], .category(.support, 0.15)),
        CueSpec(["warranty", "under warranty", "warranty claim", "manual", "instructions", "how do i", "how to", "is it normal", "should i"], .category(.support, 0.3)),
        CueSpec(["my invoice", "the invoice you sent", "your invoice", "my bill", "my receipt", "a receipt", "get a receipt", "send me a receipt",
                 "send a receipt", "copy of my invoice", "billing question", "charged twice", "double charged", "overcharged"], .category(.support, 0.45)),
        CueSpec(["complaint", "complain", "still not", "still isnt", "still doesnt", "still broken", "came back", "happened again",
                 "same problem", "same issue", "follow up", "following up", "never showed", "didnt show", "no show", "nobody showed",
                 "not fixed", "full refund", "want a refund", "my money back", "refund my", "demand a refund", "refund for"], .category(.support, 0.3)),
        CueSpec(["left you a voicemail", "left a voicemail", "left you a message", "left a message", "tried calling", "tried to call", "called your office",
                 "called yesterday", "called this morning"], .category(.support, 0.2)),
        CueSpec(["filter", "filters", "thermostat", "noise", "noises", "loud", "drip", "dripping"], .category(.support, 0.1)),
        CueSpec(["not responding", "stopped responding", "unresponsive", "blank", "screen is blank", "changed the batteries", "batteries",
                 "reset it", "tripped", "still blank", "still not", "still isnt"], .category(.support, 0.3)),
        CueSpec(["leak", "leaking", "leaks", "small leak", "slow leak", "a small leak", "minor leak"], .category(.support, 0.2)),
    ]

    /// Planned upkeep (an HVAC extra; other trades fall back to SUPPORT).
    static let maintenance: [CueSpec] = [
        CueSpec(["tune-up", "tune up", "tuneup", "tune ups", "tune-ups", "annual maintenance", "maintenance plan", "maintenance plans",
                 "maintenance agreement", "service plan", "service agreement", "annual service", "annual inspection", "yearly service",
                 "yearly maintenance", "protection plan", "preventive maintenance", "preventative maintenance"], .category(.maintenance, 0.6)),
        CueSpec(["maintenance"], .category(.maintenance, 0.25)),
    ]

    /// Insurance work (a roofing extra; other trades fall back to SUPPORT).
    static let insurance: [CueSpec] = [
        CueSpec(["insurance claim", "insurance company", "claim number", "claim #", "claim no", "file a claim", "filed a claim", "open a claim",
                 "opened a claim", "adjuster", "adjusters", "adjuster meeting", "deductible", "insurance estimate"], .category(.insurance, 0.5)),
    ]

    /// Customers asking for someone in charge.
    static let manager: [CueSpec] = [
        CueSpec(["speak to a manager", "speak with a manager", "talk to a manager", "speak to the owner", "speak with the owner",
                 "talk to the owner", "talk to your manager", "speak to your manager", "your supervisor", "your manager", "the owner",
                 "escalate", "escalating"],
                .category(.manager, 0.7), .subcategory(.manager, "Escalations", 1)),
    ]

    /// Money: bank alerts, e-Transfers, invoices, receipts, refunds.
    static let banking: [CueSpec] = [
        CueSpec(["e-transfer", "etransfer", "e-transfers", "interac", "zelle", "with zelle", "received money", "sent you money", "sent you an e-transfer", "autodeposit",
                 "money has been deposited", "funds have been deposited", "has been automatically deposited", "transfer from"],
                .category(.banking, 0.55), .subcategory(.banking, "e-Transfer", 1)),
        CueSpec(["account alert", "low balance", "balance alert", "large withdrawal", "withdrawal", "unusual activity", "suspicious activity",
                 "statement is ready", "estatement", "e-statement", "online banking", "available balance", "transaction alert", "direct deposit",
                 "chequing", "checking account", "savings account", "overdraft", "nsf", "pre-authorized debit", "account ending", "card ending"],
                .category(.banking, 0.5), .subcategory(.banking, "BankAlert", 1)),
        CueSpec(["invoice", "invoices", "invoice attached", "attached invoice", "new invoice", "amount due", "payment due", "balance due",
                 "past due", "due date", "please remit", "remittance", "net 30", "net 15", "statement of account", "pay now", "pay invoice",
                 "view invoice", "invoice is ready"], .category(.banking, 0.35), .subcategory(.banking, "Invoice", 0.6)),
        CueSpec(["receipt", "receipts", "your receipt", "paid in full", "order receipt"],
                .category(.banking, 0.35), .subcategory(.banking, "Receipts", 0.6)),
        CueSpec(["payment received", "thank you for your payment", "payment confirmation", "payment successful", "payment was successful",
                 "we received your payment", "you received a payment", "received a payment"],
                .category(.banking, 0.4), .subcategory(.banking, "Receipts", 1.5)),
        CueSpec(["refund has been issued", "refund has been processed", "refund was issued", "refund was processed", "issued a refund",
                 "refund issued", "refund processed", "refund confirmation", "your refund of", "refund notification", "processed a refund"],
                .category(.banking, 0.7), .subcategory(.banking, "Refund", 1.5)),
    ]

    /// Website form notifications.
    static let formsub: [CueSpec] = [
        CueSpec(["new form submission", "form submission", "new submission", "form submitted", "submitted a form", "contact form",
                 "website form", "web form", "online form", "form entry", "new entry", "new lead", "new inquiry from", "website inquiry",
                 "website enquiry", "submitted via", "sent via", "via your website", "sent from your website", "from your website",
                 "via the contact form", "request a quote form"], .category(.formsub, 0.6)),
    ]

    /// Google Business Profile review notifications.
    static let googleReview: [CueSpec] = [
        CueSpec(["left a review", "new review", "wrote a review", "posted a review", "review on google", "google review", "google reviews",
                 "rated your business", "reply to review", "reply to this review", "respond to review", "respond to this review",
                 "reviewed your business", "a review for", "left you a review"], .category(.googleReview, 0.6)),
        CueSpec(["google business profile", "business profile", "google my business"], .category(.googleReview, 0.35)),
        CueSpec(["1 star", "1-star", "one star", "1 out of 5", "1/5"], .rating(1), .sentiment(-1.2), negatable: false),
        CueSpec(["2 stars", "2-star", "two stars", "2 out of 5", "2/5"], .rating(2), .sentiment(-0.8), negatable: false),
        CueSpec(["3 stars", "3-star", "three stars", "3 out of 5", "3/5"], .rating(3), negatable: false),
        CueSpec(["4 stars", "4-star", "four stars", "4 out of 5", "4/5"], .rating(4), .sentiment(0.6), negatable: false),
        CueSpec(["5 stars", "5-star", "five stars", "5 out of 5", "5/5"], .rating(5), .sentiment(1.0), negatable: false),
    ]

    /// Phone-system notifications.
    static let phone: [CueSpec] = [
        CueSpec(["missed call", "missed calls", "you missed a call", "missed a call from", "missed call from"],
                .category(.phone, 0.7), .subcategory(.phone, "Missed Calls", 1)),
        CueSpec(["voicemail", "voicemails", "voice mail", "voice message", "new voicemail", "new voice message", "voicemail transcription",
                 "voicemail from", "listen to the message", "transcription"],
                .category(.phone, 0.6), .subcategory(.phone, "Voicemails", 1)),
        CueSpec(["caller id", "caller", "call duration", "duration"], .category(.phone, 0.2)),
    ]

    /// Job seekers.
    static let recruitment: [CueSpec] = [
        CueSpec(["resume", "résumé", "my resume", "cover letter", "curriculum vitae", "job application", "application for", "applying for",
                 "apply for", "applied for", "applied to", "new applicant", "job posting", "job opening", "job ad", "are you hiring",
                 "currently hiring", "join your team", "work for you", "work for your company", "employment", "apprentice", "apprenticeship",
                 "journeyman", "red seal", "candidate", "years of experience"], .category(.recruitment, 0.45)),
        CueSpec(["position", "hiring", "job", "interview", "references available"], .category(.recruitment, 0.2)),
    ]

    /// Marketing, newsletters and sales pitches to the business.
    static let promo: [CueSpec] = [
        CueSpec(["% off", "sale", "sale ends", "limited time", "special offer", "exclusive offer", "promo code", "coupon", "discount code",
                 "save up to", "free shipping", "shop now", "buy now", "order now", "flash sale", "black friday", "cyber monday",
                 "last chance", "act now", "dont miss", "early bird", "introducing", "new arrivals"], .category(.promo, 0.35)),
        CueSpec(["webinar", "register now", "newsletter", "view in browser", "view this email in your browser", "unsubscribe", "manage preferences",
                 "email preferences", "you are receiving this", "you received this email", "update your preferences"],
                .category(.promo, 0.3), negatable: false),
        CueSpec(["seo", "first page of google", "rank higher", "search rankings", "more leads", "grow your business", "marketing services",
                 "lead generation", "website redesign", "digital marketing", "merchant cash advance", "business loan", "pre-approved",
                 "increase your revenue", "book a demo", "free trial", "guaranteed results"], .category(.promo, 0.45)),
    ]

    /// Social network notifications.
    static let socialMedia: [CueSpec] = [
        CueSpec(["commented on your", "liked your", "tagged you", "mentioned you", "new follower", "new followers", "started following",
                 "shared your post", "your post", "your page", "connection request", "invitation to connect", "viewed your profile",
                 "profile views", "people reached", "page insights", "recommended your business", "recommendation on nextdoor",
                 "reacted to your", "your story", "your reel", "commented on your video", "your video", "your channel", "new comment",
                 "new subscriber", "subscribed to your"], .category(.socialMedia, 0.5)),
    ]
}
