extension Vocabulary {
    /// Who typically sends what: matched against the sender's display name and address (`e-transfer@payments.interac.ca`
    /// reads as the words `e transfer payments interac ca`).
    static let senders: [CueSpec] = [
        CueSpec(["interac", "etransfer", "e transfer payments"], .category(.banking, 0.9), .subcategory(.banking, "e-Transfer", 1),
                negatable: false, field: .sender),
        CueSpec(["rbc", "royal bank", "td com", "td bank", "tdbank", "td canada trust", "bmo", "scotiabank", "cibc", "atb com", "servus",
                 "desjardins", "tangerine", "chase com", "wellsfargo", "wells fargo", "bankofamerica", "bank of america", "citi com", "usbank",
                 "pnc", "truist", "regions com", "capitalone", "capital one", "amex", "americanexpress", "american express", "bank", "credit union",
                 "banking"], .category(.banking, 0.5), .subcategory(.banking, "BankAlert", 0.5), negatable: false, field: .sender),
        CueSpec(["quickbooks", "intuit", "stripe", "squareup", "paypal", "moneris", "helcim", "clover", "freshbooks", "xero",
                 "waveapps", "billing", "invoices", "accounts receivable", "payments"], .category(.banking, 0.45), negatable: false, field: .sender),
        CueSpec(["businessprofile", "google business profile", "google my business"], .category(.googleReview, 0.6), negatable: false, field: .sender),
        CueSpec(["google com"], .category(.googleReview, 0.15), negatable: false, field: .sender),
        CueSpec(["ringcentral", "grasshopper", "ooma", "dialpad", "vonage", "openphone", "nextiva", "8x8", "aircall", "jive", "google voice",
                 "voice noreply", "voicemail", "phone system", "callrail"], .category(.phone, 0.6), negatable: false, field: .sender),
        CueSpec(["wordpress", "wpforms", "jotform", "wix", "wixforms", "squarespace", "typeform", "formspree", "gravity forms",
                 "gravityforms", "webflow", "cognito forms", "123formbuilder", "elementor", "contact form", "website form", "web form",
                 "form submission", "hubspot forms", "formstack"], .category(.formsub, 0.8), negatable: false, field: .sender),
        CueSpec(["indeed", "indeedemail", "ziprecruiter", "workopolis", "jobbank", "glassdoor", "monster com", "careerbuilder",
                 "recruiting", "careers"], .category(.recruitment, 0.6), negatable: false, field: .sender),
        CueSpec(["facebookmail", "facebook", "instagram", "linkedin", "nextdoor", "tiktok", "youtube", "pinterest", "twitter", "x com"], .category(.socialMedia, 0.6), negatable: false, field: .sender),
        CueSpec(["mailchimp", "mcsv", "constantcontact", "constant contact", "klaviyo", "sendgrid", "mailgun", "hubspot", "marketing",
                 "newsletter", "news", "promotions", "offers", "deals", "mail beehiiv", "substack"], .category(.promo, 0.3), negatable: false,
                field: .sender),
    ]
}
