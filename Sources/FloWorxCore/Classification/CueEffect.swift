/// What a matched phrase contributes to a classification.
enum CueEffect: Sendable {
    /// Adds weight to a category (scaled by where the phrase was found).
    case category(Category, Double)
    /// Votes for a subcategory within a category.
    case subcategory(Category, String, Double)
    /// Raises the urgency to at least this level.
    case urgency(Urgency)
    /// Raises the urgency to this level in the given season, one level less outside it.
    case seasonalUrgency(Urgency, Season)
    /// Someone vulnerable is affected (a baby, an elderly parent): urgency goes one level up when already high.
    case vulnerable
    /// The sender says it can wait: urgency drops to low unless something critical was found.
    case calm
    /// Adds to the sentiment score (negative values for negative words).
    case sentiment(Double)
    /// States a review's star rating.
    case rating(Int)

    /// Northern-hemisphere seasons for weather-dependent emergencies.
    enum Season: Sendable {
        /// October to April: no heat is dangerous.
        case cold
        /// May to September: no cooling is dangerous.
        case hot

        /// Whether a month (1–12) falls in this season.
        func contains(month: Int) -> Bool {
            switch self {
            case .cold: month >= 10 || month <= 4
            case .hot: month >= 5 && month <= 9
            }
        }
    }
}
