import Foundation
import Testing

@testable import FloWorxCore

/// Learning from corrections (issue 10): accuracy on held-back mail of the corrected kind rises after a handful of
/// corrections, other mail and other businesses are untouched, the guardrails hold and a later opposite correction
/// undoes an earlier one.
@Suite("Triage adaptation (learning from corrections)")
struct TriageAdaptationTests {
    static let model: TriageModel = {
        let url = TriageModel.bundledModelURL!
        return try! TriageModel(jsonData: Data(contentsOf: url))
    }()
    static let business = TriageBusiness(
        industry: "hvac", domain: "northwind-hvac.com", managers: ["dana@northwind-hvac.com", "tom.northwind@gmail.com"],
        supplierDomains: ["johnstonesupply.com"])
    static let otherBusiness = TriageBusiness(
        industry: "hvac", domain: "lakeside-heating.com", managers: ["pat@lakeside-heating.com"], supplierDomains: ["carrier.com"])

    /// A local supplier missing from the profile's suppliers: the model files its mail as PROMO, SUPPORT, BANKING, SALES or
    /// MISC (0 of 10 SUPPLIERS); the owner files it as SUPPLIERS. Several addresses at one domain.
    static let supplierMail: [TriageInput] = [
        ("counter@ridgelinesupply.com", "Order 55812 ready for pickup", "Hi, your order 55812 (2x 16x25x1 filters, 1 Honeywell T6 thermostat) is ready for pickup at the Eastside counter. Please bring the PO number. Ridgeline Mechanical Supply"),
        ("orders@ridgelinesupply.com", "Backorder notice - Goodman GMVC96 furnace", "The Goodman GMVC96 furnace on your PO 7741 is backordered until the 14th. We can substitute an Amana AMVC96 at the same price if you confirm. Ridgeline Mechanical Supply"),
        ("ar@ridgelinesupply.com", "Statement for November", "Please find your November statement attached. Balance due 4,812.50 on net 30 terms. Ridgeline Mechanical Supply accounts receivable"),
        ("mike.b@ridgelinesupply.com", "Copper line set pricing", "Heads up, copper line sets go up 6% on the first of the month. If you want to stock up on 3/8 x 3/4 sets at the current price, let me know this week. Mike, Ridgeline Mechanical Supply"),
        ("delivery@ridgelinesupply.com", "Delivery scheduled Thursday", "Your delivery for PO 7802 (condensing unit and pad) is scheduled Thursday between 8 and 10 am at the job site on Birch Road. Ridgeline Mechanical Supply"),
        ("orders@ridgelinesupply.com", "Quote Q-2291 for rooftop unit", "Attached is quote Q-2291 for the 5 ton rooftop unit with curb adapter, valid 30 days. Reply with a PO to release the order. Ridgeline Mechanical Supply"),
        ("counter@ridgelinesupply.com", "Will call order 55930", "Will call order 55930 is staged: 4 flex duct 6in, 2 boxes of foil tape, 1 inducer motor. Counter hours 7 to 4. Ridgeline Mechanical Supply"),
        ("returns@ridgelinesupply.com", "RMA 3319 approved", "Your return of the defective ignitor control board is approved under RMA 3319. Bring it to the counter with the tag; credit will be issued to your account. Ridgeline Mechanical Supply"),
        ("mike.b@ridgelinesupply.com", "Refrigerant allocation", "We have your allocation of R-454B cylinders for next month, 6 jugs reserved under your account. Let me know if you need more. Mike, Ridgeline Mechanical Supply"),
        ("orders@ridgelinesupply.com", "Order confirmation PO 7811", "We received PO 7811: 10 MERV 13 filters, 2 capacitors 45/5, 1 contactor. Ships tomorrow on our truck. Ridgeline Mechanical Supply"),
    ].map { TriageInput(fromEmail: $0.0, subject: $0.1, text: $0.2) }

    /// Home-warranty dispatches, each from a different company (no sender or domain repeats): the model calls them
    /// SUPPORT (one SOCIALMEDIA, one PROMO); this owner files them as SALES (paid new jobs). Only phrasing can carry over.
    static let dispatchMail: [TriageInput] = [
        ("dispatch@shieldhomewarranty.com", "New dispatch W-88213: furnace not heating", "A new service request has been dispatched to you. Claim W-88213. Homeowner: Mary Lopez, 14 Elm St. Item: furnace not heating properly. Please accept the dispatch in the contractor portal within 24 hours and schedule the diagnosis. Service fee collected by the warranty company."),
        ("claims@firstchoicewarranty.com", "Service request 5520198 - central AC", "Contractor, you have been assigned service request 5520198 for central air conditioning. Homeowner John Park, 220 Oak Ave. Please accept in the contractor portal and contact the homeowner to schedule. Authorization required before any repair over 300 dollars."),
        ("contractors@selecthomeplans.com", "New claim assigned: 3-00918", "A new claim 3-00918 has been assigned. Homeowner: Tom Reyes, 12 Cedar Ln. Item: thermostat and air handler. Please accept the claim in the contractor portal and call the homeowner. Service fee is collected by us."),
        ("service@amerishieldwarranty.net", "Work order 771203 assigned - water heater", "Work order 771203 has been assigned to your company. Homeowner: Raj Patel, 57 Pine Ct. Covered item: gas water heater not heating. Please accept the work order and schedule within 48 hours. Submit your diagnosis for authorization in the contractor portal."),
        ("noreply-dispatch@homeguardplans.com", "Dispatch notice #HG-40017", "Dispatch notice HG-40017. Covered item: heat pump. Customer: Linda Chu, 9 Lake Dr. Accept or decline this dispatch in the contractor portal. Diagnosis must be submitted with photos for authorization."),
        ("dispatch@liberty-homeprotect.com", "Dispatch D-22871 - ductless mini split", "Dispatch D-22871 for a ductless mini split not cooling. Homeowner: Ana Silva, 88 Maple St. Accept the dispatch within 24 hours in the contractor portal; authorization is required before parts are ordered."),
        ("jobs@cinchwarrantyservices.com", "Service request 9981-A assigned", "Service request 9981-A is assigned to you: furnace blower noise. Homeowner Greg Hill, 3 Spruce Way. Please accept in the contractor portal and schedule the diagnosis. Warranty company pays the trade call."),
        ("claims@secureplanwarranty.com", "New service dispatch 447120", "New service dispatch 447120. Covered item: central air system. Homeowner: Beth Moore, 41 Willow Rd. Accept the dispatch in the contractor portal and submit your diagnosis for authorization."),
        ("dispatch@homepromisewarranty.com", "Claim HP-6610 assigned to your company", "Claim HP-6610 has been assigned to your company. Homeowner: Carlos Diaz, 19 Aspen Ct. Item: boiler. Please accept the claim in the contractor portal within 24 hours and schedule with the homeowner."),
        ("service@guardianhomecover.com", "Work order GH-1207: heat pump", "Work order GH-1207. Homeowner: Nina Wolfe, 6 Birch Pl. Covered item: heat pump not heating. Accept the work order in the contractor portal; diagnosis and photos required for authorization."),
    ].map { TriageInput(fromEmail: $0.0, subject: $0.1, text: $0.2) }

    /// Ordinary mail of the same business the corrections must not move.
    static let ordinaryMail: [TriageInput] = [
        ("jen.w@gmail.com", "No heat!!", "Our furnace stopped working last night and it is -25 outside, we have a newborn. Please send someone as soon as possible."),
        ("mark.lee@outlook.com", "Quote for a new heat pump", "Hi, we are thinking of replacing our old oil furnace with a heat pump. Could you come by and give us a quote? We are in the north end."),
        ("susan.k@yahoo.ca", "Reschedule my maintenance visit", "Hello, I booked a furnace tune-up for Tuesday but I have to work. Could we move it to Friday morning? Thanks, Susan"),
        ("alerts@rbc.com", "Security alert: new sign-in", "We noticed a new sign-in to your business banking from a new device. If this was not you, call us right away."),
        ("careers-applicant@hotmail.com", "Application for HVAC technician", "Hello, I am a licensed refrigeration mechanic with 6 years of experience and would like to apply for the technician position. My resume is attached."),
        ("orders@johnstonesupply.com", "Order 88412 shipped", "Your order 88412 has shipped and will arrive Wednesday. Tracking number 1Z999."),
    ].map { TriageInput(fromEmail: $0.0, subject: $0.1, text: $0.2) }

    static let day: TimeInterval = 86_400
    static let start = Date(timeIntervalSince1970: 1_796_083_200)  // 2026-12-01

    /// Corrections of `inputs[indices]` to `category`, one day apart from `start`; `from` is what the model chose.
    static func corrections(
        _ inputs: [TriageInput], _ indices: [Int], to category: String, business: TriageBusiness = business, after offset: Int = 0,
        prefix: String = "m"
    ) -> [TriageAdaptation.Correction] {
        indices.enumerated().map { n, i in
            TriageAdaptation.Correction(
                id: "\(prefix)\(i)", fromCategory: model.predict(inputs[i], business: business).category, toCategory: category,
                correctedAt: start.addingTimeInterval(Double(offset + n) * day), input: inputs[i])
        }
    }

    /// The share of `inputs` classified as `category`.
    static func accuracy(_ inputs: some Collection<TriageInput>, _ category: String, business: TriageBusiness = business, adaptation: TriageAdaptation?) -> Double {
        Double(inputs.count { model.predict($0, business: business, adaptation: adaptation).category == category }) / Double(inputs.count)
    }

    @Test("a supplier's mail: 3 corrections from 3 addresses teach its domain; 7 held-back messages go from 0 to 100 % SUPPLIERS")
    func supplierDomain() {
        let held = Self.supplierMail[3...]
        let before = Self.accuracy(held, "SUPPLIERS", adaptation: nil)
        let adaptation = TriageAdaptation(corrections: Self.corrections(Self.supplierMail, [0, 1, 2], to: "SUPPLIERS"), model: Self.model, business: Self.business)
        let after = Self.accuracy(held, "SUPPLIERS", adaptation: adaptation)
        #expect(before == 0)
        #expect(after == 1)
        #expect(adaptation.domains["ridgelinesupply.com"]?.category == "SUPPLIERS")
        #expect(adaptation.domains["ridgelinesupply.com"]?.corrections == 3)
        // The reason names the learned rule; a held-back sender never corrected is decided by its domain.
        let prediction = Self.model.predict(Self.supplierMail[7], business: Self.business, adaptation: adaptation)
        #expect(prediction.categoryReasons.first?.feature == "correction: domain ridgelinesupply.com → SUPPLIERS (3 corrections, latest 2026-12-03)")
        let corrected = Self.model.predict(Self.supplierMail[6], business: Self.business, adaptation: adaptation)
        #expect(corrected.categoryReasons.first?.feature == "correction: sender counter@ridgelinesupply.com → SUPPLIERS (2026-12-01)")
    }

    @Test("one correction at a domain makes a sender rule only")
    func singleCorrection() {
        let adaptation = TriageAdaptation(corrections: Self.corrections(Self.supplierMail, [0], to: "SUPPLIERS"), model: Self.model, business: Self.business)
        #expect(adaptation.domains.isEmpty)
        #expect(adaptation.senders["counter@ridgelinesupply.com"]?.category == "SUPPLIERS")
        #expect(Self.model.predict(Self.supplierMail[6], business: Self.business, adaptation: adaptation).category == "SUPPLIERS")
        #expect(Self.model.predict(Self.supplierMail[1], business: Self.business, adaptation: adaptation).category != "SUPPLIERS")
    }

    @Test("phrasing: 4 corrected warranty dispatches from 4 companies carry over to 6 others from 6 more companies")
    func phrasing() {
        let held = Self.dispatchMail[4...]
        let before = Self.accuracy(held, "SALES", adaptation: nil)
        let adaptation = TriageAdaptation(corrections: Self.corrections(Self.dispatchMail, [0, 1, 2, 3], to: "SALES"), model: Self.model, business: Self.business)
        let after = Self.accuracy(held, "SALES", adaptation: adaptation)
        print("phrasing: held-back dispatches classified SALES before \(before), after \(after)")
        #expect(before == 0)
        #expect(after >= 5.0 / 6.0)
        #expect(adaptation.domains.isEmpty)  // every company wrote once
        #expect(adaptation.phrasingCorrections.count == 4)
        let prediction = Self.model.predict(Self.dispatchMail[7], business: Self.business, adaptation: adaptation)
        #expect(prediction.category == "SALES")
        let learned = prediction.categoryReasons.filter { $0.feature.hasPrefix("correction-learned phrasing: ") }
        #expect(!learned.isEmpty)
        #expect(learned.allSatisfy { $0.contribution > 0 })
        #expect(prediction.categoryReasons.contains { $0.feature.hasPrefix("w:") || $0.feature.hasPrefix("c:") || $0.feature.hasPrefix("b:") || $0.feature.hasPrefix("f:") || $0.feature.hasPrefix("s:") })
    }

    @Test("accuracy rises with the number of corrections (1 → 5)")
    func learningCurve() {
        var curve: [Double] = []
        for k in [0, 1, 3, 5] {
            let adaptation = TriageAdaptation(corrections: Self.corrections(Self.dispatchMail, Array(0..<k), to: "SALES"), model: Self.model, business: Self.business)
            curve.append(Self.accuracy(Self.dispatchMail[5...], "SALES", adaptation: adaptation))
        }
        print("phrasing learning curve on 5 held-back dispatches, after 0/1/3/5 corrections: \(curve)")
        #expect(curve[0] == 0)
        #expect(curve[3] >= 0.8)
        #expect(zip(curve, curve.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test("the business's other mail keeps its categories")
    func noCollateral() {
        let adaptation = TriageAdaptation(
            corrections: Self.corrections(Self.supplierMail, [0, 1, 2], to: "SUPPLIERS") + Self.corrections(Self.dispatchMail, [0, 1, 2, 3], to: "SALES", after: 5, prefix: "d"),
            model: Self.model, business: Self.business)
        for input in Self.ordinaryMail {
            #expect(Self.model.predict(input, business: Self.business, adaptation: adaptation).category == Self.model.predict(input, business: Self.business).category, "\(input.subject)")
        }
    }

    @Test("the training corpus's HVAC mail keeps every right category after 7 corrections")
    func corpusCollateral() throws {
        struct Label: Decodable {
            var file: String
            var business: String
            var industry: String
            var category: String
        }
        let lines = try String(contentsOf: TriageModelTests.training.appendingPathComponent("corpus/labels.jsonl"), encoding: .utf8)
        let labels = try lines.split(separator: "\n").map { try JSONDecoder().decode(Label.self, from: Data($0.utf8)) }.filter { $0.industry == "hvac" }
        var adaptations: [String: TriageAdaptation] = [:]
        var (before, after, changed, broken) = (0, 0, 0, 0)
        for label in labels {
            let business = try #require(TriageModelTests.businesses[label.business])
            let adaptation = adaptations[label.business] ?? TriageAdaptation(
                corrections: Self.corrections(Self.supplierMail, [0, 1, 2], to: "SUPPLIERS", business: business)
                    + Self.corrections(Self.dispatchMail, [0, 1, 2, 3], to: "SALES", business: business, after: 5, prefix: "d"),
                model: Self.model, business: business)
            adaptations[label.business] = adaptation
            let input = try TriageModelTests.input(label.file)
            let plain = Self.model.predict(input, business: business).category
            let adapted = Self.model.predict(input, business: business, adaptation: adaptation).category
            before += plain == label.category ? 1 : 0
            after += adapted == label.category ? 1 : 0
            changed += plain != adapted ? 1 : 0
            broken += plain == label.category && adapted != label.category ? 1 : 0
        }
        print("corpus HVAC mail: \(labels.count) messages, correct before \(before), after \(after), changed \(changed)")
        #expect(labels.count > 200)
        // No message the model had right changes; a few it had wrong may be put right by the corrections (one in
        // the 3,960-message corpus: the corrections teach exactly that kind of mail), never more than a handful.
        #expect(broken == 0)
        #expect(after >= before)
        #expect(changed <= 3)
    }

    @Test("another business: its own (empty or unrelated) corrections leave its triage exactly as the model's")
    func otherBusiness() {
        let mine = TriageAdaptation(
            corrections: Self.corrections(Self.supplierMail, [0, 1, 2], to: "SUPPLIERS") + Self.corrections(Self.dispatchMail, [0, 1, 2, 3], to: "SALES", after: 5, prefix: "d"),
            model: Self.model, business: Self.business)
        let theirs = TriageAdaptation(corrections: [], model: Self.model, business: Self.otherBusiness)
        #expect(theirs.isEmpty)
        #expect(!mine.isEmpty)
        for input in Self.supplierMail + Self.dispatchMail + Self.ordinaryMail {
            let features = Self.model.extractor.extract(input, business: Self.otherBusiness)
            let plain = Self.model.predict(features, business: Self.otherBusiness)
            let adapted = Self.model.predict(features, business: Self.otherBusiness, adaptation: theirs, sender: input.fromEmail)
            #expect(plain == adapted)
        }
        // (Same features on both sides: the extractor's sums run in dictionary order, which changes the last bits between
        // two extractions of one message. Without an adaptation the golden-vector tests check parity with the reference.)
        #expect(Self.accuracy(Self.supplierMail, "SUPPLIERS", business: Self.otherBusiness, adaptation: theirs) == 0)
    }

    @Test("corrections of mail from a manager or from the business's own domain teach nothing")
    func guardrails() {
        let staff = [
            TriageInput(fromEmail: "dana@northwind-hvac.com", subject: "Order 55812 ready for pickup", text: "Picked up the filters, all good."),
            TriageInput(fromEmail: "tom.northwind@gmail.com", subject: "Order confirmation PO 7811", text: "Ridgeline confirmed PO 7811, ships tomorrow."),
            TriageInput(fromEmail: "crew@northwind-hvac.com", subject: "Van 3", text: "Van 3 needs new tires before winter."),
            TriageInput(fromEmail: "Tom.Northwind@Gmail.com", subject: "Quote", text: "Can you send me the Ridgeline quote?"),
        ]
        let corrections = Self.corrections(staff, [0, 1, 2, 3], to: "SUPPLIERS")
        let adaptation = TriageAdaptation(corrections: corrections, model: Self.model, business: Self.business)
        #expect(adaptation.isEmpty)
        #expect(adaptation.ignored.map(\.reason) == [
            "sender is a manager of the business", "sender is a manager of the business", "sender is at the business's own domain",
            "sender is a manager of the business",
        ])
        #expect(TriageAdaptation.guardrail(sender: "x@sub.northwind-hvac.com", business: Self.business) != nil)
        #expect(TriageAdaptation.guardrail(sender: "x@ridgelinesupply.com", business: Self.business) == nil)
        let later = TriageInput(fromEmail: "tom.northwind@gmail.com", subject: "Order confirmation PO 7900", text: "Ridgeline confirmed PO 7900.")
        let features = Self.model.extractor.extract(later, business: Self.business)
        #expect(Self.model.predict(features, business: Self.business, adaptation: adaptation, sender: later.fromEmail) == Self.model.predict(features, business: Self.business))
    }

    @Test("free-mail domains never get a domain rule")
    func freemail() {
        let customers = (0..<4).map { TriageInput(fromEmail: "customer\($0)@gmail.com", subject: "Order \($0)", text: "Order \($0) ready for pickup.") }
        let adaptation = TriageAdaptation(corrections: Self.corrections(customers, [0, 1, 2, 3], to: "SUPPLIERS"), model: Self.model, business: Self.business)
        #expect(adaptation.domains.isEmpty)
        #expect(adaptation.senders.count == 4)
        for domain in ["gmail.com", "hotmail.co.uk", "yahoo.fr", "orange.fr", "free.fr", "proton.me", "mail.yahoo.com", "icloud.com", "gmx.de"] {
            #expect(TriageAdaptation.isFreemail(domain), "\(domain)")
        }
        for domain in ["ridgelinesupply.com", "live.acme.com", "outlookplumbing.com"] {
            #expect(!TriageAdaptation.isFreemail(domain), "\(domain)")
        }
    }

    @Test("a later opposite correction undoes an earlier one: same email moved back, same domain, similar phrasing")
    func opposite() {
        let taught = Self.corrections(Self.supplierMail, [0, 1, 2], to: "SUPPLIERS")
        // The same emails moved back to where FloWorx had put them: the later correction replaces each earlier one.
        let reverted = taught.map { c in
            TriageAdaptation.Correction(id: c.id, fromCategory: c.fromCategory, toCategory: c.fromCategory!, correctedAt: c.correctedAt.addingTimeInterval(10 * Self.day), input: c.input)
        }
        let undone = TriageAdaptation(corrections: taught + reverted, model: Self.model, business: Self.business)
        #expect(undone.isEmpty)
        for input in Self.supplierMail {
            let features = Self.model.extractor.extract(input, business: Self.business)
            #expect(Self.model.predict(features, business: Self.business, adaptation: undone, sender: input.fromEmail) == Self.model.predict(features, business: Self.business))
        }

        // Another email of the domain moved out of SUPPLIERS: the domain rule is gone, that sender follows the latest.
        let opposite = TriageAdaptation.Correction(
            id: "m9", fromCategory: "SUPPLIERS", toCategory: "PROMO", correctedAt: Self.start.addingTimeInterval(20 * Self.day), input: Self.supplierMail[9])
        let flipped = TriageAdaptation(corrections: taught + [opposite], model: Self.model, business: Self.business)
        #expect(flipped.domains.isEmpty)
        #expect(flipped.senders["orders@ridgelinesupply.com"]?.category == "PROMO")
        #expect(flipped.senders["counter@ridgelinesupply.com"]?.category == "SUPPLIERS")

        // Dispatches taught as SALES, then two later dispatches moved from SALES back to SUPPORT: the earlier similar
        // corrections stop teaching, and the held-back dispatches are classified as before the first corrections.
        let sales = Self.corrections(Self.dispatchMail, [0, 1, 2, 3], to: "SALES")
        let support = [4, 5].enumerated().map { n, i in
            TriageAdaptation.Correction(
                id: "m\(i)", fromCategory: "SALES", toCategory: "SUPPORT", correctedAt: Self.start.addingTimeInterval(Double(30 + n) * Self.day),
                input: Self.dispatchMail[i])
        }
        // An unrelated customer request moved out of SALES is opposite in direction, but not about dispatches.
        let unrelated = TriageAdaptation.Correction(
            id: "quote", fromCategory: "SALES", toCategory: "SUPPORT", correctedAt: Self.start.addingTimeInterval(25 * Self.day), input: Self.ordinaryMail[1])
        let kept = TriageAdaptation(corrections: sales + [unrelated], model: Self.model, business: Self.business)
        #expect(Set(kept.phrasingCorrections) == Set(sales.map(\.id) + ["quote"]))
        let back = TriageAdaptation(corrections: sales + support, model: Self.model, business: Self.business)
        #expect(Set(back.phrasingCorrections).isDisjoint(with: sales.map(\.id)))
        #expect(Self.accuracy(Self.dispatchMail[6...], "SALES", adaptation: back) == 0)
    }

    @Test("learning is deterministic: the order corrections are given in does not matter")
    func orderIndependent() {
        let corrections = Self.corrections(Self.supplierMail, [0, 1, 2], to: "SUPPLIERS") + Self.corrections(Self.dispatchMail, [0, 1, 2, 3], to: "SALES", after: 5, prefix: "d")
        let a = TriageAdaptation(corrections: corrections, model: Self.model, business: Self.business)
        let b = TriageAdaptation(corrections: corrections.reversed(), model: Self.model, business: Self.business)
        #expect(a.senders == b.senders && a.domains == b.domains && a.phrasingCorrections == b.phrasingCorrections)
        for input in Self.dispatchMail + Self.supplierMail + Self.ordinaryMail {
            let (x, y) = (Self.model.predict(input, business: Self.business, adaptation: a), Self.model.predict(input, business: Self.business, adaptation: b))
            #expect(x.category == y.category && x.categoryReasons.map(\.feature) == y.categoryReasons.map(\.feature))
            #expect(abs(x.confidence - y.confidence) < 1e-9)
        }
    }
}
