extension Vocabulary {
    /// Tone words. A negation just before a word flips it (`not happy`); set phrases win over single words.
    static let sentiment: [CueSpec] = [
        CueSpec(["thank you", "thanks", "thank", "thx", "looking forward", "glad", "nice", "good"], .sentiment(0.25)),
        CueSpec(["appreciate", "appreciated", "great", "happy", "pleased", "helpful", "friendly", "professional", "prompt", "on time",
                 "perfect", "perfectly", "love", "loved", "pleasure", "well done", "quick response", "courteous", "polite", "clean", "tidy",
                 "recommend", "recommended"], .sentiment(0.5)),
        CueSpec(["excellent", "amazing", "awesome", "fantastic", "wonderful", "outstanding", "impressed", "grateful",
                 "highly recommend", "would recommend", "best service", "above and beyond", "lifesaver", "life saver", "thank you so much",
                 "thanks so much", "so happy", "very happy", "very pleased", "no complaints", "top notch"],
                .sentiment(0.9)),
        CueSpec(["cant thank you enough", "cannot thank you enough", "couldnt be happier", "could not be happier"], .sentiment(1.3)),
        CueSpec(["best regards", "kind regards", "warm regards", "best wishes", "regards", "no problem", "not a problem", "dont hesitate",
                 "no worries", "thanks in advance", "thank you in advance", "you recommend", "would you recommend",
                 "do you recommend", "what you recommend", "whatever you recommend"], .sentiment(0), negatable: false),
        CueSpec(["worried", "concerned", "confused", "waited", "waiting", "still waiting", "bad", "poor", "problem again", "mess", "damage",
                 "damaged", "annoyed", "inconvenience", "not impressed", "not great", "not good", "expensive"], .sentiment(-0.5)),
        CueSpec(["disappointed", "disappointing", "unhappy", "not happy", "not satisfied", "not pleased", "frustrated", "frustrating",
                 "upset", "complaint", "overcharged", "rip off", "ripped off", "never showed", "didnt show", "no show", "nobody showed",
                 "waste of", "wasted", "still broken", "still not working", "sloppy", "careless", "ignored", "ignoring", "excuses",
                 "full refund", "want a refund", "demand a refund", "my money back", "refund", "lawyer", "attorney", "bbb",
                 "better business bureau", "small claims", "legal action", "dispute", "chargeback"], .sentiment(-0.9)),
        CueSpec(["terrible", "awful", "horrible", "worst", "unacceptable", "ridiculous", "rude", "unprofessional", "incompetent", "scam",
                 "never again", "nightmare", "disgusting", "shoddy", "furious", "angry", "outraged", "appalling", "fed up", "livid"],
                .sentiment(-1.2)),
    ]
}
