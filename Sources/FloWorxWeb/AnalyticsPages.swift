import FloWorxCore
import FloWorxServer
import FloWorxStore
import Foundation
import Hummingbird

/// Analytics over the last 7, 30 or 90 local days: email volume per category per day, escalations, drafts produced
/// and accepted, the median time to a first response in business hours, and the estimated time saved. The figures
/// come from the security-invoker SQL functions of migration 0035, called as the owner; each chart is SVG drawn here,
/// with the same numbers in a table beside it.
struct AnalyticsPages: Sendable {
    let web: WebContext

    static let periods = [7, 30, 90]

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("analytics") { request, context in await web.handle(request) { try await page(request, context) } }
    }

    private func page(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let session = try await web.requireSession(request, context)
        let days = Int(request.uri.queryParameters.get("days") ?? "").flatMap { Self.periods.contains($0) ? $0 : nil } ?? 30
        let profile = try await web.profiles.profiles([session.userId])[session.userId]
        let zone = profile?.hours.flatMap { TimeZone(identifier: $0.timezone) } ?? TimeZone(identifier: "UTC")!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let today = calendar.startOfDay(for: Date())
        let dayList = (0..<days).reversed().map { calendar.date(byAdding: .day, value: -$0, to: today)! }.map { Self.dayText($0, zone: zone) }
        let report = try await AnalyticsRepository.report(from: dayList[0], to: dayList[dayList.count - 1],
                                                           on: web.database.tenant(session.identity, liveness: context.liveness))

        // Volume per day and category, in a fixed category order (most mail first).
        var totals: [String: Int] = [:]
        for row in report.volume { totals[row.category ?? "NONE", default: 0] += row.emails }
        let categories = totals.keys.sorted { (totals[$0]!, $1) > (totals[$1]!, $0) }
        var perDay: [String: [String: Int]] = [:]
        for row in report.volume { perDay[row.day, default: [:]][row.category ?? "NONE"] = row.emails }
        let summaries = Dictionary(uniqueKeysWithValues: report.days.map { ($0.day, $0) })
        let series = categories.enumerated().map { index, category in
            BarChart.Series(name: category == "NONE" ? "Not classified" : InboxPages.label(category), color: BarChart.color(index),
                            values: dayList.map { perDay[$0]?[category] ?? 0 })
        }
        let labels = dayList.map { String($0.suffix(5)) }
        let volumeChart = BarChart(title: "Emails per day by category", labels: labels, series: series).svg()
        let escalationChart = BarChart(title: "Escalated emails per day", labels: labels, series: [
            BarChart.Series(name: "Escalated", color: "#b42318", values: dayList.map { summaries[$0]?.escalated ?? 0 }),
        ]).svg()

        // Response times in business hours (the business's own hours; around the clock without them).
        let clock = BusinessClock(hours: profile?.hours)
        let toDraft = report.emails.compactMap { email in email.draftedAt.map { clock.businessSeconds(from: email.receivedAt, to: $0) } }
        let toReply = report.emails.compactMap { email in email.repliedAt.map { clock.businessSeconds(from: email.receivedAt, to: $0) } }
        let total = report.emails.count
        let escalated = report.days.reduce(0) { $0 + $1.escalated }
        let data: [String: Any] = [
            "periods": Self.periods.map { ["days": $0, "current": $0 == days] },
            "days": days, "from": dayList[0], "to": dayList[dayList.count - 1],
            "total": total, "escalated": escalated,
            "breaches": report.days.reduce(0) { $0 + $1.slaBreaches },
            "drafted": toDraft.count, "accepted": toReply.count,
            "acceptance": toDraft.isEmpty ? "—" : "\(Int((Double(toReply.count) / Double(toDraft.count) * 100).rounded())) %",
            "medianDraft": Self.median(toDraft).map(WebFormat.duration) ?? "—",
            "medianReply": Self.median(toReply).map(WebFormat.duration) ?? "—",
            "saved": WebFormat.duration(seconds: report.minutesSaved * 60),
            "hasHours": profile?.hours != nil,
            "volumeChart": volumeChart, "escalationChart": escalationChart,
            "categoryHeads": series.map(\.name),
            "rows": dayList.map { day -> [String: Any] in
                [
                    "day": day,
                    "counts": categories.map { perDay[day]?[$0] ?? 0 },
                    "total": summaries[day]?.total ?? 0,
                    "escalated": summaries[day]?.escalated ?? 0,
                ]
            },
            "empty": total == 0,
        ]
        return web.page(request, "analytics", title: "Analytics", data: data, session: session, navigation: "analytics")
    }

    static func dayText(_ date: Date, zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
