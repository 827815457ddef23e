/// Reads samples out of the Prometheus text format (what `/metrics` and `FloWorxMetrics.render()` give).
public enum PrometheusText {
    /// The value of the sample `name{labels}` in `text` (labels as rendered, in order), nil when absent.
    public static func sample(_ text: String, _ series: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }
}
